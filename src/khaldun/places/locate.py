"""Which place is the event's: the places of its sentence (places/mentions.py), resolved in the
story's context (places/toponyms.py).

`locate_event` picks the event's place from the parse: a GPE, LOC or FAC entity in a locative
prepositional phrase (in, near, outside, at, through, across, into, from, ...; for events of
force also "to": "sent troops to Kano") attached to the trigger or to its arguments, after, for
events of force, the place the trigger acts on ("shelled the town of Bakwa", or a place-tagged
passive subject: "Mosul's streets are patrolled"); else one in another locative phrase of the
sentence other than "from" (the sentence's place); else the story's dateline or first place;
else none. A country that only modifies a noun that is no place ("in a U.S. airstrike") is not
the event's place. When the first place found is one the gazetteer lacks but the text surely
calls a place (tagged as one, or "the village of Kafr Nabl", "the Hay al-Jamia neighborhood"),
the event's place keeps its name and is placed at the next place of the sentence that resolves
("shelled the village of Kafr Nabl in Idlib province": Kafr Nabl, at Idlib), or, with none, at
the story's main town (`main_town`: the town it names most often). A place named only as
an actor or recipient ("Washington said", "U.S. troops") is never the event's place, since it
stands in no locative phrase. Names the small English model tags PERSON or ORG, or not at all,
count when the position says "place" and the gazetteer knows them. Every answer carries its
reason. (Taking any other place named in the sentence, or, as a last resort, the place that
says whose the subject is ("Hong Kong police"), was tried and lowered agreement on the
event_location gold set, so neither is a rule.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from khaldun.actors.resolve import vocabulary
from khaldun.events.parse_tree import Tree, text_of
from khaldun.places.gazetteer import Candidate, Gazetteer, name_key
from khaldun.places.mentions import (
    PlaceMention,
    entity_spans,
    located_spans,
    place_like,
    place_mentions,
)
from khaldun.places.toponyms import resolve_toponym, to_place
from khaldun.records import ActorRef, Event, Place, Sentence

_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})


# Event types whose object can be where they happen ("shelled Aleppo", "captured Kabul"),
# unlike speech ("accused Washington").
FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "AID"})


_DATELINE_ENDS = frozenset({",", "-", "—", "–", "(", ":", "--"})  # "BAGHDAD, April 6 -"


def _trigger_index(event: Event, sentence: Sentence) -> int | None:
    words = event.trigger.split()
    if not words:
        return None
    return next((t.i for t in sentence.tokens if t.text == words[0]), None)


def locate_event(event: Event, sentence: Sentence, story_places: Sequence[Place],
                 gazetteer: Gazetteer, *, context: Counter[str] | set[str] | None = None,
                 trigger: int | None = None) -> tuple[Place | None, str]:
    """The event's place and why (see the module docstring for the order of the rules)."""
    if context is None:
        context = Counter(p.country_code for p in story_places if p.country_code)
    index = trigger if trigger is not None else _trigger_index(event, sentence)
    skipped: list[str] = []
    if index is not None and sentence.tokens:
        # An actor named by a place ("Washington said") is not where the event happened; a
        # recipient that is a place ("sent troops to Kano", "shelled Kharkiv") is.
        exclude = [r.text for r in event.actor]
        objects = not event.event or event.event in FORCE_TYPES
        tree = Tree(sentence.tokens)
        unknown: PlaceMention | None = None  # a place the gazetteer lacks, named first
        for mention in place_mentions(sentence, index, exclude=exclude, objects=objects):
            candidate, why = resolve_toponym(mention.text, context_countries=context,
                                             gazetteer=gazetteer)
            if candidate is None:
                skipped.append(why)
                if unknown is None and not skipped[1:] and "passive" not in mention.rule and \
                        why.endswith(
                        "is not in the gazetteer") and place_like(tree, mention):
                    unknown = mention
                continue
            if candidate.feature == "continent":
                skipped.append(f"'{mention.text}' is a continent, too coarse for an event")
                continue
            if unknown is not None:
                # "the village of Kafr Nabl in Idlib": the place is Kafr Nabl, which the
                # gazetteer lacks; it is placed at the next place the sentence names.
                return to_place(candidate, unknown.text), (
                    f"{unknown.rule}; '{unknown.text}' is not in the gazetteer: placed at "
                    f"'{mention.text}' ({mention.rule}); {why}")
            return to_place(candidate, mention.text), f"{mention.rule}; {why}"
    note = f" ({'; '.join(skipped)})" if skipped else ""
    town = main_town(story_places) if unknown is not None else None
    if unknown is not None and town is not None:
        # "clashes on Rashid Street": no later place in the sentence, so the street is
        # placed at the town the story is about.
        return replace(town, text=unknown.text), (
            f"{unknown.rule}; '{unknown.text}' is not in the gazetteer: placed at the story's "
            f"main town '{town.text}'")
    if story_places:
        first = story_places[0]
        kind = "dateline" if first.text.isupper() else "first place named in the story"
        return first, f"no place tied to the event in its sentence{note}; the story's " \
                      f"{kind} '{first.text}'"
    home = _home(event, gazetteer)
    if home is not None:
        ref, country, role = home
        return to_place(country, ref.text), f"no place in the sentence or the story{note}; " \
            f"the country of the {role} '{ref.text}'"
    if index is None:
        return None, f"trigger '{event.trigger}' not found in the sentence and the story " \
                     f"names no place{note}"
    return None, f"no place in the sentence or the story{note}"


def main_town(places: Sequence[Place]) -> Place | None:
    """The town a story is about: of its places at city or point resolution, the one named
    most often (the first named on a tie); None when it names no town. A place the gazetteer
    lacks (a street, a school, a village) is placed there when nothing nearer is named."""
    towns = [p for p in places if p.resolution in ("city", "point")]
    counts = Counter((p.lat, p.lon) for p in towns)
    return max(towns, key=lambda p: counts[p.lat, p.lon], default=None)


_AT_RECIPIENT = frozenset({"AID", "ASSAULT"})  # aid arrives, and force lands, at the recipient


def _home(event: Event, gazetteer: Gazetteer) -> tuple[ActorRef, Candidate, str] | None:
    """Where an event with no place named happens, at the country's resolution: at home for
    the actor ("Poland has taken in two million refugees", "Ghana's government lifted the
    ban", "Evo Morales resigned"), but in the recipient's country for aid and force ("Cuba
    sent doctors to Haiti", "rebels wounded President Déby"), when the recipient has one and
    is not a refugee taken in."""
    sides = [(event.actor, "actor")]
    if event.event in _AT_RECIPIENT:
        sides.insert(0, (event.recipient, "recipient"))
    for refs, role in sides:
        for ref in refs:
            if role == "recipient" and ref.sector == "REF":
                continue  # refugees taken in are where they are received
            country = gazetteer.country(ref.country) if ref.country else None
            if country is not None:
                return ref, country, role
    return None


def story_context(sentences: Sequence[Sentence], events: Sequence[Event],
                  gazetteer: Gazetteer) -> Counter[str]:
    """The countries a story is about: of its toponyms (each resolved alone), its demonyms
    ("Iraqi") and its events' actors and recipients; with counts."""
    counts: Counter[str] = Counter()
    demonyms = vocabulary().demonyms
    for sentence in sentences:
        for start, end in entity_spans(sentence.tokens):
            candidate, _ = resolve_toponym(text_of(sentence.tokens[start:end]),
                                           context_countries=set(), gazetteer=gazetteer)
            if candidate is not None and candidate.country:
                counts[candidate.country] += 1
        for t in sentence.tokens:
            if t.ent_type == "NORP":
                country = demonyms.get(name_key(t.text))
                if country is not None:
                    counts[country.iso3] += 1
    for event in events:
        for ref in (*event.actor, *event.recipient):
            if ref.country and len(ref.country) == 3 and ref.country.isupper():
                counts[ref.country] += 1
    return counts


def story_places(sentences: Sequence[Sentence], gazetteer: Gazetteer,
                 context: Counter[str] | set[str]) -> list[Place]:
    """The story's places in order, resolved with its context: a dateline ("BAGHDAD, April
    6 -": a name in capitals that opens the story and a comma or dash after it) first when
    there is one, then places in locative phrases ("in Basra"); places that only name an
    actor ("Washington said") are not the story's places."""
    out: list[Place] = []
    for number, sentence in enumerate(sentences):
        tokens = sentence.tokens
        if not tokens:
            continue
        tree = Tree(tokens)
        spans = [s for s, _ in located_spans(tree, entity_spans(tokens))]
        first = entity_spans(tokens)[:1]
        if number == 0 and first and first[0][0] == 0 and text_of(
                tokens[first[0][0]:first[0][1]]).isupper() and (
                first[0][1] < len(tokens) and tokens[first[0][1]].text in _DATELINE_ENDS):
            spans.insert(0, first[0])  # dateline, not a leading "US troops"
        for start, end in dict.fromkeys(spans):
            text = text_of(tokens[start:end])
            candidate, _ = resolve_toponym(text, context_countries=context, gazetteer=gazetteer)
            if candidate is not None and candidate.feature != "continent":
                out.append(to_place(candidate, text))
    return out
