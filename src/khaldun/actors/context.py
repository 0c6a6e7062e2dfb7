"""Unnamed actors take their country from where the story puts their event.

"The police arrested two men" names no country, but when the text ties the arrest to Kolkata
the police are India's (DESIGN.md section 2: a generic actor takes its country from the story
when the story makes it plain, with the reason). Only parties with no country are changed:
from the event's own place when its sentence names one, else from the story's country
(`story_home`: the country most of its places lie in, or, with no place, most of what it
names), never from a place guessed from an actor's country.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from khaldun.actors.dictionary import actor_code
from khaldun.actors.resolve import Country, ref_key, vocabulary
from khaldun.events.parse_tree import PRONOUNS
from khaldun.records import ActorRef, Event, Place, event_id

# Sectors of actors that belong to the state they act in when nothing says otherwise: the
# police, courts, government, army, parties, civilians of a place. Armed groups, rebels and
# spies often come from elsewhere, and an unknown sector says nothing.
DOMESTIC = frozenset({"COP", "JUD", "GOV", "LEG", "MIL", "CVL", "OPP", "PTY", "EDU", "MED",
                      "BUS", "LAB", "REF", "CRM", "ELI", "REL"})
# Armed groups with no home state (the dictionary's XXX: al-Qaeda, Islamic State) are coded
# with the country where they act, as our gold's conventions and ACLED do: Islamic State in
# Syria is SYR REB. A group with a home keeps it (Hamas firing into Israel stays PSE), and
# so do country-less militants only when the event's sentence names no place.
ARMED = frozenset({"REB", "UAF"})
TRANSNATIONAL = "XXX"
# People and organisations that no dictionary knows, and unresolved pronouns, are most often of
# the country where the text puts their event ("Bassett", "the NYPD" in a New York story).
LOCAL_KINDS = frozenset({"person", "organization"})
# The speaker ("we", "I") is often of another country than the places spoken of.
_SPEAKERS = frozenset({"we", "i", "us", "you"})
# Location reasons that come from an actor's own country, not from the text's places.
_FROM_AN_ACTOR = "the country of the"
# Location reasons of a place taken from the story rather than from the event's sentence.
_NOT_IN_SENTENCE = "no place"


@cache
def _countries() -> dict[str, Country]:
    return {c.iso3: c for c in vocabulary().names.values()}


def story_home(places: Sequence[Place], context: Counter[str],
               event: Event | None = None) -> str | None:
    """The country a story is set in: the one holding more than half of its place mentions;
    with no place, the one holding more than half of the other countries it names (toponyms,
    demonyms, the parties of its other events: not `event`'s own, lest the recipient's
    country become the actor's), named twice at least. None when no country dominates."""
    counts = Counter(p.country_code for p in places if p.country_code)
    if not counts:
        own = Counter(r.country for r in (*event.actor, *event.recipient)
                      if r.country) if event is not None else Counter()
        counts = context - own
    total = sum(counts.values())
    if not total:
        return None
    country, n = counts.most_common(1)[0]
    return country if 2 * n > total and (places or n >= 2) else None


def with_story_country(event: Event, home: str | None = None) -> Event:
    """The event with its unnamed, country-less parties placed in the country of the place
    its sentence ties it to, else in the story's country `home`."""
    place = event.location
    why = event.reasons.get("location", "")
    in_sentence = (place is not None and bool(place.country_code) and _FROM_AN_ACTOR not in why
                   and not why.startswith(_NOT_IN_SENTENCE))
    if in_sentence:
        assert place is not None and place.country_code
        country = _countries().get(place.country_code)
        source = f"the event's place '{place.text}'"
    elif home is not None:
        country = _countries().get(home)
        source = "the story's country"
    elif place is not None and place.country_code and _FROM_AN_ACTOR not in why:
        country = _countries().get(place.country_code)  # the story's first place
        source = f"the story's place '{place.text}'"
    else:
        return event
    if country is None:
        return event
    where = f"{source} ({country.name})"
    # A place the recipient names ("had attacked Iraq") is the target's: it says nothing of
    # where a named stranger or a pronoun on the other side is from.
    targeted = in_sentence and place is not None and any(
        place.text in r.text or r.text in place.text for r in event.recipient)
    settled = in_sentence or home is not None  # a place the story is plainly about

    def local(ref: ActorRef, *, recipient: bool) -> bool:
        """A named stranger or a pronoun of the place or story."""
        if ref.country is not None or not settled or (targeted and not recipient):
            return False
        if ref.kind is None:
            word = ref.text.lower()
            return word in PRONOUNS and (in_sentence or word not in _SPEAKERS)
        words = re.findall(r"[A-Za-z]+", ref.text)
        # a proper name ends the phrase: "the NYPD", not "a BAK surface-to-air missile"
        return ref.kind in LOCAL_KINDS and bool(words) and words[-1][0].isupper()

    def placed(ref: ActorRef, recipient: bool = False) -> ActorRef:
        if ref.country == TRANSNATIONAL and ref.sector in ARMED and settled:
            return replace(ref, country=country.iso3, code=actor_code(country.iso3, ref.sector),
                           reason=f"{ref.reason}; a transnational armed group takes the country "
                                  f"where it acts: {where}")
        if local(ref, recipient=recipient):
            return replace(ref, country=country.iso3,
                           code=actor_code(country.iso3, ref.sector),
                           reason=f"{ref.reason}; country from {where}, as the text gives none")
        if ref.kind != "generic" or ref.country is not None or not (
                ref.sector in DOMESTIC or (ref.sector in ARMED and settled)):
            return ref
        noun = (ref.name or "").removeprefix("unidentified ").strip() or ref.text
        return replace(ref, actor_id=f"{country.iso3.lower()}-{ref.sector.lower()}",
                       name=f"{country.name} {noun}", country=country.iso3,
                       code=actor_code(country.iso3, ref.sector),
                       reason=f"{ref.reason}; country from {where}")

    actors = tuple(map(placed, event.actor))
    recipients = tuple(placed(r, recipient=True) for r in event.recipient)
    if actors == event.actor and recipients == event.recipient:
        return event
    return replace(event, actor=actors, recipient=recipients,
                   id=event_id(event.story_id, event.sentence, event.event,
                               tuple(map(ref_key, actors)), tuple(map(ref_key, recipients))))
