"""The doer a story leaves implicit: "Two men were arrested" after "Police raided a flat in
Kolkata"; "Five strikes destroyed an ISIL tank" after "Coalition forces conducted strikes".

News names an authority or a force once and then tells what was done in the passive or by
its weapons. An arrest, charge or attack with no doer named takes the nearest doer of the
same kind named shortly before it in the story (an authority for a coercion, an armed actor
or state for an assault), with the reason. Nothing is taken from later sentences, from far
back, or from the event's own recipients.
"""

from __future__ import annotations

from dataclasses import replace

from khaldun.actors.resolve import ref_key
from khaldun.records import ActorRef, Event, event_id

# Which doers each event type can take from earlier in the story.
DOERS = {"COERCE": frozenset({"COP", "JUD", "GOV", "SPY", "MIL"}),
         "ASSAULT": frozenset({"MIL", "REB", "UAF", "COP"})}
# How many sentences back a doer may have been named.
REACH = 3


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
        earlier = [(o.sentence, n, a) for n, o in enumerate(events)
                   if e.sentence - REACH <= o.sentence <= e.sentence and o is not e
                   and (o.sentence < e.sentence or n < events.index(e))
                   for a in o.actor if _fits(a, e.event) and ref_key(a) not in targets]
        if not earlier:
            out.append(e)
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
