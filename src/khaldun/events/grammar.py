"""Word lists that more than one event rule reads: event-type groups, auxiliaries,
prepositions and nouns with a grammatical role. Lists that one rule alone reads live beside it."""

from __future__ import annotations

# Types whose complement is what they are about, not a second event ("threatened to bar").
CONTENT_TYPES = frozenset({"REQUEST", "THREATEN", "REJECT", "AGREE", "ACCUSE", "SUPPORT"})
# Promised, these are threats, not agreements ("pledged to crush Boko Haram").
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION"})
NOT_ACTOR_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
QUANTITIES = frozenset({"thousand", "hundred", "dozen", "score", "ten", "million", "number",
                         "group", "crowd", "band", "handful", "some", "many", "most", "all",
                         "several", "few", "one", "two", "three", "member", "part", "rest",
                         "first", "last", "majority", "half", "bulk", "ton", "tonne", "kg",
                         "kilogram", "barrel", "consignment", "batch", "shipment", "load"})
# Verbs whose clause names the means of an event, never its target.
INSTRUMENT_VERBS = frozenset({"use", "employ", "utilise", "utilize"})
