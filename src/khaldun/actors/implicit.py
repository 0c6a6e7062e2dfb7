"""The doer a story leaves implicit: "Two men were arrested" after "Police raided a flat in
Kolkata"; "Five strikes destroyed an ISIL tank" after "Coalition forces conducted strikes".

News names an authority or a force once and then tells what was done in the passive or by
its weapons. An arrest, charge or attack with no doer named takes the nearest doer of the
same kind named shortly before it in the story (an authority for a coercion, an armed actor
or state for an assault), with the reason; a doer so given carries on to the next such
event, so a run of strike reports keeps the force its lead names. Nothing is taken from far
back or from the event's own recipients.

A legal act told in the passive with no doer event before it ("Nuiry was arrested Thursday
... , police said"; "Park was found guilty") is by the authority the story names near it in
any words: the police for an arrest, detention or charge, a court or judge for a verdict
(CAMEO 173, 116), looked for in the event's sentence, then the nearest sentences around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from khaldun.actors.resolve import ref_key, vocabulary
from khaldun.records import ActorRef, Event, Sentence, event_id

# Which doers each event type can take from earlier in the story.
DOERS = {"COERCE": frozenset({"COP", "JUD", "GOV", "SPY", "MIL"}),
         "ASSAULT": frozenset({"MIL", "REB", "UAF", "COP"})}
# How many sentences back a doer may have been named.
REACH = 3
# The actor reason of an assault whose subject is an attack with no doer in its sentence
# ("Near Palmyra, one strike destroyed a tank"): kept only if the story names the doer.
AWAITING_DOER = "no actor in the sentence: the subject is an attack whose doer the story names"


def _fits(ref: ActorRef, event_type: str) -> bool:
    return ref.sector in DOERS[event_type] or (event_type == "ASSAULT" and ref.kind == "state")


def implicit_doers(events: list[Event]) -> list[Event]:
    """Events with the doer their story leaves implicit filled in (see the module note)."""
    out = []
    for e in events:
        if e.actor or e.negated or e.event not in DOERS:
            out.append(e)
            continue
        targets = {ref_key(r) for r in e.recipient}
        # (the events before it as filled in: a doer carries on through a run of strike
        # reports, "Near Palmyra, one strike destroyed ...", "Near Raqqa, two strikes ...")
        # an attack told by its weapon ("one strike destroyed ...") looks back as far as the
        # story's last armed doer, however long the list of strikes between
        reach = e.sentence if e.reasons.get("actor", "").startswith(AWAITING_DOER) else REACH
        earlier = [(o.sentence, n, a) for n, o in enumerate(out)
                   if e.sentence - reach <= o.sentence <= e.sentence
                   for a in o.actor if _fits(a, e.event) and ref_key(a) not in targets]
        if not earlier:
            if not e.reasons.get("actor", "").startswith(AWAITING_DOER) or any(
                    r.sector or r.country or r.kind != "generic" for r in e.recipient):
                out.append(e)  # (one still waiting for its doer, with no party: dropped)
            continue
        where, _, doer = max(earlier, key=lambda t: (t[0], t[1]))
        doer = replace(doer, reason=f"no doer named: the nearest earlier "
                                    f"{doer.sector or doer.kind} actor of the story "
                                    f"(sentence {where + 1}) -- {doer.reason}")
        out.append(replace(e, actor=(doer,),
                           id=event_id(e.story_id, e.sentence, e.event, (ref_key(doer),),
                                       tuple(map(ref_key, e.recipient))),
                           reasons={**e.reasons, "actor": doer.reason}))
    return out


# CAMEO codes of legal acts and the sectors of the authority that does them, first choice first.
AUTHORITIES = {"173": ("COP", "JUD"), "116": ("JUD",)}


@cache
def _authority_pattern(sector: str) -> re.Pattern[str]:
    """Agent nouns of a sector ("police", "sheriff", "court"), with the capitalised words of a
    name before them ("Maryland State Police", "Belfast Magistrates' Court")."""
    nouns = sorted((n for n, s in vocabulary().agents.items() if s == sector),
                   key=len, reverse=True)
    words = "|".join(re.escape(n) for n in nouns)
    return re.compile(rf"(?:\b[A-Z][\w.&'’-]*\s+)*\b(?i:{words})s?\b")


def _named_authority(sentence: Sentence, sector: str) -> str | None:
    m = _authority_pattern(sector).search(sentence.text)
    return m.group(0).strip() if m else None


def authorities(events: list[Event], sentences: Sequence[Sentence]) -> list[Event]:
    """Passive legal acts with no doer given the authority the story names near them."""
    by_index = {s.index: s for s in sentences}
    out = []
    for e in events:
        sectors = AUTHORITIES.get(e.cameo[:3])
        if e.actor or e.negated or sectors is None or "passive" not in e.reasons.get(
                "recipient", ""):
            out.append(e)
            continue
        # the event's sentence, then the nearest ones, later before earlier at equal distance
        order = sorted((i for i in by_index if abs(i - e.sentence) <= REACH),
                       key=lambda i: (abs(i - e.sentence), i < e.sentence))
        found = next(((i, sector, text) for sector in sectors for i in order
                      if (text := _named_authority(by_index[i], sector))), None)
        if found is None:
            out.append(e)
            continue
        where, sector, text = found
        why = (f"no doer named for the passive '{e.trigger}': the {sector} authority the story "
               f"names in sentence {where + 1}")
        # the same words as a party of another event come resolved ("The Seoul Central
        # District Court also fined her": KOR JUD)
        known = next((p for o in events for p in (*o.actor, *o.recipient)
                      if p.text == text and p.sector == sector), None)
        noun = text.split()[-1].lower()
        doer = replace(known, reason=f"{why} -- {known.reason}") if known else ActorRef(
            text, f"xxx-{sector.lower()}", f"unidentified {noun}", None, sector, "generic",
            sector, why)
        out.append(replace(e, actor=(doer,),
                           id=event_id(e.story_id, e.sentence, e.event, (ref_key(doer),),
                                       tuple(map(ref_key, e.recipient))),
                           reasons={**e.reasons, "actor": doer.reason}))
    return out
