"""Unnamed actors take their country from where the story puts their event.

"The police arrested two men" names no country, but when the text ties the arrest to Kolkata
the police are India's (DESIGN.md section 2: a generic actor takes its country from the story
when the story makes it plain, with the reason). Only generic actors with a sector and no
country are changed, and only from a place the text gives (the event's own place, the
dateline or the story's places), never from a place guessed from an actor's country.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from khaldun.actors.dictionary import actor_code
from khaldun.actors.resolve import Country, ref_key, vocabulary
from khaldun.events.parse_tree import PRONOUNS
from khaldun.records import ActorRef, Event, event_id

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
# Location reasons that come from an actor's own country, not from the text's places.
_FROM_AN_ACTOR = "the country of the"
# Location reasons of a place taken from the story rather than from the event's sentence.
_NOT_IN_SENTENCE = "no place"


@cache
def _countries() -> dict[str, Country]:
    return {c.iso3: c for c in vocabulary().names.values()}


def with_story_country(event: Event) -> Event:
    """The event with its unnamed, country-less parties placed in the country of the place
    the text ties the event to."""
    place = event.location
    why = event.reasons.get("location", "")
    if place is None or not place.country_code or _FROM_AN_ACTOR in why:
        return event
    country = _countries().get(place.country_code)
    if country is None:
        return event

    in_sentence = not why.startswith(_NOT_IN_SENTENCE)
    # A place the recipient names ("had attacked Iraq") is the target's: it says nothing of
    # where a named stranger or a pronoun on the other side is from.
    targeted = any(place.text in r.text or r.text in place.text for r in event.recipient)

    def local(ref: ActorRef, *, recipient: bool) -> bool:
        """A named stranger or a pronoun, placed by the event's own sentence."""
        if ref.country is not None or not in_sentence or (targeted and not recipient):
            return False
        if ref.kind is None:
            return ref.text.lower() in PRONOUNS
        words = re.findall(r"[A-Za-z]+", ref.text)
        # a proper name ends the phrase: "the NYPD", not "a BAK surface-to-air missile"
        return ref.kind in LOCAL_KINDS and bool(words) and words[-1][0].isupper()

    def placed(ref: ActorRef, recipient: bool = False) -> ActorRef:
        if ref.country == TRANSNATIONAL and ref.sector in ARMED and in_sentence:
            return replace(ref, country=country.iso3, code=actor_code(country.iso3, ref.sector),
                           reason=f"{ref.reason}; a transnational armed group takes the country "
                                  f"where it acts: '{place.text}' ({country.name})")
        if local(ref, recipient=recipient):
            return replace(ref, country=country.iso3,
                           code=actor_code(country.iso3, ref.sector),
                           reason=f"{ref.reason}; country from the event's place "
                                  f"'{place.text}' ({country.name}), as the text gives none")
        if ref.kind != "generic" or ref.country is not None or not (
                ref.sector in DOMESTIC or (ref.sector in ARMED and in_sentence)):
            return ref
        noun = (ref.name or "").removeprefix("unidentified ").strip() or ref.text
        return replace(ref, actor_id=f"{country.iso3.lower()}-{ref.sector.lower()}",
                       name=f"{country.name} {noun}", country=country.iso3,
                       code=actor_code(country.iso3, ref.sector),
                       reason=f"{ref.reason}; country from the event's place "
                              f"'{place.text}' ({country.name})")

    actors = tuple(map(placed, event.actor))
    recipients = tuple(placed(r, recipient=True) for r in event.recipient)
    if actors == event.actor and recipients == event.recipient:
        return event
    return replace(event, actor=actors, recipient=recipients,
                   id=event_id(event.story_id, event.sentence, event.event,
                               tuple(map(ref_key, actors)), tuple(map(ref_key, recipients))))
