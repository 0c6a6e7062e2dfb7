"""Which place is the event's, and where that place is.

`resolve_toponym` turns a place name into the most likely gazetteer entry. Candidates are the
places whose name or alternate name folds to the same key; the highest score wins, where the
score adds
- log10 of the population (a division of unknown population counts as 100,000 people),
- a feature bonus: country 4.5, capital 4, continent 3, admin1 2, region 1.5, admin2 0.5
  (a region of several countries, such as "the Gulf" or "the Middle East", ranks as a country
  of 10 million; a division no source places ranks as a town of 100,000; a capital named by
  an old or other name, as Harare by "Salisbury", as a city),
- 2 when the name is the place's own name rather than one of its alternates,
- 3 when the place is in a country of the story's context (other places, demonyms, actors),
  and 1 more for the story's most frequent country,
- 5 for the kind the text names ("Kandahar province" -> the division, "Najaf city" -> the city).
So countries and capitals beat small homonyms, and "Georgia" is the US state in a story about
the United States and the country otherwise. A large city named like the division around it
(or near its point) is preferred to the division unless the text says "province" ("Najaf",
"New York"). Compass words
("northern Iraq", "eastern Baghdad", "north of Baghdad", "the outskirts of Mosul") resolve to
the named place, and the reason says which part. Demonyms ("Iraqi") and the adjectives of
continents and regions ("European", "Middle Eastern") are not places.

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

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from khaldun.actors.resolve import vocabulary
from khaldun.events.parse_tree import Tree, text_of
from khaldun.places.gazetteer import DIVISION_WORDS, Candidate, Gazetteer, name_key
from khaldun.records import ActorRef, Event, Place, Sentence, Token

_FEATURE_BONUS = {"country": 4.5, "capital": 4.0, "continent": 3.0, "admin1": 2.0,
                  "region": 1.5, "admin2": 0.5, "city": 0.0, "point": 0.0}
_RESOLUTION = {"country": "country", "admin1": "admin1", "region": "admin1", "admin2": "city",
               "capital": "city", "city": "city", "point": "point", "continent": "continent"}
_UNKNOWN_DIVISION_PEOPLE = 100_000
_UNKNOWN_REGION_PEOPLE = 10_000_000  # a region of several countries, such as "the Gulf"
_UNPLACED_DIVISION_PEOPLE = 100_000  # a division without a point of its own
_LANDMARK_PEOPLE = 1_000_000  # a landmark of the points table is as well known as a large city
_SUPRANATIONAL_BONUS = 4.5  # a region of several countries ranks as a country
_POINT_REASONS = {"derived": "point derived from its populated places",
                  "country": "division without coordinates: placed at its country",
                  "table": "point from the points table"}
# Adjectives of continents and regions, which stand for them where demonyms stand for their
# countries (GeoWebNews counts "European" in "European leaders" as a toponym).
_REGION_ADJECTIVES = {
    "african": "Africa", "european": "Europe", "asian": "Asia", "oceanian": "Oceania",
    "north american": "North America", "south american": "South America",
    "latin american": "Latin America", "central american": "Central America",
    "middle eastern": "Middle East", "balkan": "Balkans", "scandinavian": "Scandinavia",
    "kurdish": "Kurdistan", "korean": "Korea", "siberian": "Siberia",
    "sub saharan": "Sub-Saharan Africa", "english": "England", "scottish": "Scotland",
    "welsh": "Wales", "arab": "Arab world",
}
_ADJECTIVE_FEATURES = frozenset({"continent", "region", "country", "admin1"})
# Places a name the gazetteer lacks may embed ("Colorado State University" -> Colorado): not
# compass words, and no town smaller than this ("Royal Street" is not in Royal, Iowa).
_EMBEDDED_FEATURES = frozenset({"country", "capital", "admin1", "admin2", "region", "continent"})
_EMBEDDED_CITY_PEOPLE = 50_000
# Last words of names whose leading words name no place they are in ("Atlantic Avenue",
# "French Quarter").
_STREET_WORDS = frozenset({"street", "st", "avenue", "ave", "road", "rd", "drive", "lane",
                           "boulevard", "blvd", "way", "place", "square", "terrace", "court",
                           "crescent", "highway", "alley", "walk", "row", "quarter"})
_NAME_CHARS = frozenset(" .-'’")
_COMPASS = {
    "north": "north", "northern": "north", "south": "south", "southern": "south",
    "east": "east", "eastern": "east", "west": "west", "western": "west",
    "central": "centre", "centre": "centre", "center": "centre", "northeast": "north-east",
    "northeastern": "north-east", "northwest": "north-west", "northwestern": "north-west",
    "southeast": "south-east", "southeastern": "south-east", "southwest": "south-west",
    "southwestern": "south-west", "upper": "upper part", "lower": "lower part",
    "greater": "greater area", "outskirts": "outskirts", "suburbs": "suburbs",
    "downtown": "centre", "heart": "centre", "border": "border", "coast": "coast",
}
# Words after a name that say what kind of place it is.
_KINDS = {"province": "admin1", "governorate": "admin1", "state": "admin1", "region": "admin1",
          "oblast": "admin1", "prefecture": "admin1", "county": "admin2", "district": "admin2",
          "city": "city", "town": "city", "village": "city", "area": None}
_KIND_FEATURES = {"admin1": frozenset({"admin1", "region"}),
                  "admin2": frozenset({"admin2", "admin1", "city"}),
                  "city": frozenset({"city", "capital"})}
LOCATIVE_PREPS = frozenset({"in", "near", "outside", "at", "through", "across", "into", "from",
                            "inside", "around", "throughout", "within", "along", "off",
                            "over", "on"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Nouns that name a kind of place, so the names around them are places ("the town of Bakwa",
# "the Aziziyah district", "Grozny's streets").
PLACE_NOUNS = frozenset({
    "city", "town", "village", "hamlet", "district", "province", "governorate", "region",
    "area", "neighbourhood", "neighborhood", "suburb", "outskirts", "capital", "countryside",
    "county", "state", "border", "coast", "island", "port", "camp", "street", "road",
    "square", "market", "settlement", "quarter", "zone", "valley", "highway", "bridge",
    "headquarters", "base", "airport", "compound", "checkpoint", "crossing", "slum",
    "stronghold", "enclave", "territory", "municipality", "prefecture", "heights",
    "peninsula", "sea", "gulf", "river", "mountains", "hills", "streets", "roads",
    "villages", "towns", "cities", "settlements", "areas", "districts", "provinces"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
_ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "agent")
# Event types whose object can be where they happen ("shelled Aleppo", "captured Kabul"),
# unlike speech ("accused Washington").
FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "AID"})


_DATELINE_ENDS = frozenset({",", "-", "—", "–", "(", ":", "--"})  # "BAGHDAD, April 6 -"
# Words that are no place's name even when capitalised ("River North", "State").
_GENERIC = frozenset({*_COMPASS, *_KINDS, *PLACE_NOUNS, "river", "lake", "mount", "state"})


# --- toponyms ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name split into the name proper, a compass part and a kind word."""

    name: str
    part: str | None  # "north", "outskirts", ...
    kind: str | None  # "admin1", "city", ... from a trailing "province", "city"


def parse_toponym(text: str) -> Toponym:
    """"northern Iraq" -> Iraq, north; "the outskirts of Baghdad" -> Baghdad, outskirts;
    "Kandahar province" -> Kandahar, admin1; "Sadr City" stays whole (the kind is tried off
    only when the whole name is unknown, by `resolve_toponym`)."""
    words = name_key(text).split()
    part = None
    while len(words) > 1 and words[0] in _COMPASS:
        part = part or _COMPASS[words[0]]
        words = words[1:]
        if len(words) > 1 and words[0] == "of":
            words = words[1:]
            if words and words[0] == "the":
                words = words[1:]
    kind = None
    if len(words) > 1 and words[-1] in _KINDS:
        kind = words[-1]
    return Toponym(" ".join(words), part, kind)


def _base_score(c: Candidate, key: str, kind: str | None) -> float:
    """Everything but the story's context: people, feature, own name, kind word."""
    supranational = c.feature == "region" and c.country is None
    own = _own_key(c.name) == key
    people = c.population or (_UNKNOWN_REGION_PEOPLE if supranational
                              else _UNKNOWN_DIVISION_PEOPLE if c.feature in ("admin1", "region")
                              else _LANDMARK_PEOPLE if c.feature == "point" and c.point == "table"
                              else 0)
    bonus = _SUPRANATIONAL_BONUS if supranational else _FEATURE_BONUS.get(c.feature, 0.0)
    if c.point == "country":  # a division no source places ranks as a town
        people, bonus = c.population or _UNPLACED_DIVISION_PEOPLE, 0.0
    elif c.feature == "capital" and not own and key not in _capital_keys():
        bonus = 0.0  # a capital's old or other name ("Salisbury") is a city's name
    score = math.log10(people + 10) + bonus
    if own:
        score += 2.0
    if kind and c.feature in _KIND_FEATURES.get(kind, ()):
        score += 5.0
    return score


def _context_bonus(c: Candidate, context: Mapping[str, int], top: str | None) -> float:
    if c.country and context.get(c.country):
        return 3.0 + (1.0 if c.country == top else 0.0)
    return 0.0


@lru_cache(maxsize=1)
def _capital_keys() -> frozenset[str]:
    """Seat-of-government names of actors/data/countries.tsv ("Kremlin", "Washington DC")."""
    return frozenset(_bare(name_key(k)) for k in vocabulary().capitals)


@lru_cache(maxsize=65536)
def _own_key(name: str) -> str:
    return _bare(name_key(name))


def _bare(key: str) -> str:
    """A key without its Arabic article or a trailing division word: "al anbar province" ->
    "anbar", so that a division's own name counts with or without them."""
    first, _, rest = key.partition(" ")
    key = rest if rest and first in ("al", "el", "an", "ar", "as", "ash", "ad", "az") else key
    head, _, last = key.rpartition(" ")
    return head if head and last in DIVISION_WORDS else key


def _context(countries: Counter[str] | set[str] | Mapping[str, int]) -> tuple[
        Mapping[str, int], str | None]:
    if isinstance(countries, Mapping):
        counts = {k: int(v) for k, v in countries.items() if v}
    else:
        counts = dict.fromkeys(countries, 1)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    return counts, top


def _describe(c: Candidate) -> str:
    where = f", {c.admin1}" if c.admin1 and c.feature not in ("admin1", "country") else ""
    return f"{c.feature} {c.name}{where} ({c.country or 'no country'})"


def resolve_toponym(name: str, *, context_countries: Counter[str] | set[str],
                    gazetteer: Gazetteer, demonyms: bool = False
                    ) -> tuple[Candidate | None, str]:
    """The place a name most likely stands for in a story about `context_countries` (ISO
    alpha-3 codes, with counts when a Counter), and why; None when it is unknown or a demonym
    (with `demonyms`, as when scoring toponym annotations that count "Syrian" as a toponym, a
    demonym stands for its country, and an adjective such as "European" for its continent or
    region). A name the gazetteer lacks that begins with a place or ends in "of" and a place
    ("Colorado State University", "US Federal Reserve", "University of California") stands
    for that place."""
    found, why = _resolve(name, context_countries, gazetteer, demonyms)
    if found is not None or not why.endswith("is not in the gazetteer"):
        return found, why
    for part in _embedded_names(name):
        inner, reason = _resolve(part, context_countries, gazetteer, demonyms)
        if inner is not None and (inner.feature in _EMBEDDED_FEATURES
                                  or inner.population >= _EMBEDDED_CITY_PEOPLE):
            return inner, f"'{name}' is not in the gazetteer but names '{part}': {reason}"
    return found, why


def _embedded_names(name: str) -> list[str]:
    """The place names a longer name may hold, most likely first: what follows its last "of"
    ("University of California"), then its leading words, longest first ("Colorado State",
    "Colorado"); none that is a compass word, starts in lower case, holds other than letters,
    or is a short word in lower case ("No."). A street's name holds none ("Atlantic Avenue" is
    not on the Atlantic)."""
    words = name.split()
    if len(words) < 2 or name_key(words[-1]) in _STREET_WORDS:
        return []
    lower = [w.lower() for w in words]
    out = []
    if "of" in lower[1:-1]:
        last = len(lower) - 1 - lower[::-1].index("of")
        out.append(" ".join(words[last + 1:]))
    out += [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1)]
    out = [p[4:] if p.lower().startswith("the ") else p for p in out]
    return [p for p in out if p[:1].isupper() and name_key(p) not in _GENERIC
            and all(c.isalpha() or c in _NAME_CHARS for c in p)
            and (len(name_key(p)) > 3 or p.replace(".", "").isupper())]


def _resolve(name: str, context_countries: Counter[str] | set[str], gazetteer: Gazetteer,
             demonyms: bool) -> tuple[Candidate | None, str]:
    key = name_key(name)
    if not key:
        return None, f"'{name}' has no letters"
    demonym = vocabulary().demonyms.get(key)
    if demonym is not None:
        country = gazetteer.country(demonym.iso3) if demonyms else None
        if country is None:
            return None, f"'{name}' is a demonym of {demonym.name}, not a place"
        return country, f"'{name}' is a demonym of {demonym.name}, read as the country"
    region = _REGION_ADJECTIVES.get(key)
    if region is not None:
        place = next((c for c in gazetteer.lookup(region)
                      if c.feature in _ADJECTIVE_FEATURES), None) if demonyms else None
        if place is None:
            return None, f"'{name}' is an adjective of {region}, not a place"
        return place, f"'{name}' is an adjective of {region}, read as {_describe(place)}"
    found = gazetteer.lookup(name)
    toponym = Toponym(key, None, None) if found else parse_toponym(name)
    kind = _KINDS.get(toponym.kind) if toponym.kind else None
    if not found:
        found = gazetteer.lookup(toponym.name)
        if toponym.kind and (not found or kind == "admin1"):
            found = gazetteer.lookup(toponym.name.rsplit(" ", 1)[0]) or found
        else:
            kind = None
    letters = name.replace(".", "").replace(" ", "")
    if found and letters.isalpha() and letters.isupper() and len(letters) <= 4:
        # "EU", "SA": an abbreviation names no town that merely shares its letters ("Eu")
        found = tuple(c for c in found if c.feature not in ("city", "point")
                      or c.name.isupper())
        if not found:
            return None, f"'{name}' is an abbreviation the gazetteer does not know"
    if not found:
        return None, f"'{name}' is not in the gazetteer"
    counts, top = _context(context_countries)
    key = _bare(toponym.name)
    base = [_base_score(c, key, kind) for c in found]
    total = [b + _context_bonus(c, counts, top) for b, c in zip(base, found, strict=True)]
    best = found[min(range(len(found)), key=lambda i: (-total[i], -found[i].population))]
    why = [f"{len(found)} candidate{'s' if len(found) != 1 else ''}"]
    if len(found) > 1:
        plain = found[min(range(len(found)), key=lambda i: (-base[i], -found[i].population))]
        if plain != best:
            why.append(f"story context {best.country} over {_describe(plain)}")
        elif best.feature in ("country", "capital", "admin1", "continent"):
            why.append(f"{_article(best.feature)} {best.feature} outranks its homonyms")
        else:
            why.append("largest population")
    if kind and best.feature in _KIND_FEATURES.get(kind, ()):
        why.append(f"'{toponym.kind}' names {_article(kind)} {kind}")
    city = _eponymous_city(best, found, kind)
    if city is not None:
        why.append(f"the city {city.name} rather than the division named after it")
        best = city
    if toponym.part:
        why.append(f"{toponym.part} of {best.name}, placed at {best.name}")
    if best.point in _POINT_REASONS:
        why.append(_POINT_REASONS[best.point])
    return best, f"'{name}' -> {_describe(best)}: " + "; ".join(why)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _eponymous_city(best: Candidate, found: Sequence[Candidate],
                    kind: str | None) -> Candidate | None:
    """The large city inside a division of the same name ("Najaf", "New York"), unless the
    text asked for the division. Inside: in the division by its GeoNames admin1 code, or,
    for a division that has none, within 200 km of its point. A division of unknown
    population takes a city of 100,000 or more; a division without a point of its own (at its
    country's point) takes any city of its own name in its country, which says more about
    where it is ("Phuket")."""
    if best.feature != "admin1" or kind == "admin1":
        return None
    people = best.population or 1_000_000
    placed = best.point != "country"
    cities = [c for c in found if c.feature in ("city", "capital") and c.country == best.country
              and (c.admin1 == best.admin1 or distance_km(c, best) <= 200.0 if placed
                   else _own_key(c.name) == _own_key(best.name))
              and (not placed or c.population >= 100_000 or 10 * c.population >= people)]
    return max(cities, key=lambda c: c.population) if cities else None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def distance_km(a: Candidate, b: Candidate) -> float:
    """Great-circle distance between two places' points."""
    return km(a.lat, a.lon, b.lat, b.lon)


def to_place(candidate: Candidate, text: str) -> Place:
    resolution = _RESOLUTION.get(candidate.feature, "point")
    if candidate.point == "country":
        resolution = "country"
    elif candidate.feature == "region" and candidate.country is None:
        resolution = "region"  # several countries
    return Place(text=text, name=candidate.name, geonameid=candidate.geonameid,
                 lat=candidate.lat, lon=candidate.lon, admin1=candidate.admin1,
                 country_code=candidate.country, resolution=resolution)


# --- places in a parsed sentence ---------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place-like entity of a sentence, with the text to resolve (compass word included)."""

    tokens: tuple[Token, ...]
    text: str
    rule: str


_NOT_NAMES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                        "CARDINAL", "LANGUAGE", "EVENT", "WORK_OF_ART", "LAW"})


def entity_spans(tokens: Sequence[Token], *, names: bool = False) -> list[tuple[int, int]]:
    """(start, end) token ranges of the GPE, LOC and FAC entities; with `names`, of every
    name (the small English model often tags a town PERSON or ORG, or nothing), for use
    where the position already says "place" ("in X", "the town of X")."""
    def kind(t: Token) -> str | None:
        if t.ent_iob in ("B", "I") and t.ent_type:
            if t.ent_type in _PLACE_ENTS or (names and t.ent_type not in _NOT_NAMES):
                return t.ent_type
            return None
        return "PROPN" if names and t.pos == "PROPN" else None

    spans: list[tuple[int, int]] = []
    start: int | None = None
    current: str | None = None
    for t in tokens:
        k = kind(t)
        if start is not None and (k != current or t.ent_iob == "B"):
            spans.append((start, t.i))
            start = None
        if k is not None and start is None:
            start, current = t.i, k
    if start is not None:
        spans.append((start, len(tokens)))
    return spans


def _mention(tree: Tree, span: tuple[int, int], rule: str) -> PlaceMention:
    tokens = tree.tokens[span[0]:span[1]]
    text = text_of(tokens)
    if text.lower().startswith("the "):
        text = text[4:]
    head = max(tokens, key=lambda t: -len(list(tree.ancestors(t.i))))  # the span's top token
    compass = next((c for c in tree.children(head.i, "amod", "compound", "npadvmod")
                    if c.text.lower() in _COMPASS and c.i < span[0]), None)
    if compass is None and head.dep == "pobj":  # "the north of Iraq", "outskirts of Baghdad"
        of = tree.tokens[head.head]
        noun = tree.tokens[of.head] if of.lemma == "of" else None
        if noun is not None and noun.text.lower() in _COMPASS:
            compass = noun
    if compass is not None and compass.head == head.i:
        text = f"{compass.text.lower()} {text}"
    elif compass is not None:
        text = f"{compass.text.lower()} of {text}"
    return PlaceMention(tokens, text, rule)


_CITY_STATES = frozenset({"SGP", "HKG", "MAC", "MCO", "VAT"})  # each one city as well


def _names_country(tree: Tree, spans: Sequence[tuple[int, int]], token: Token) -> bool:
    """Whether the name around `token` is a country's ("a U.S. airstrike": the country that
    acts, not the place where), other than a city-state's ("a Hong Kong hotel" is there)."""
    span = _span_of(spans, token.i)
    if span is None:
        return False
    country = vocabulary().names.get(name_key(text_of(tree.tokens[span[0]:span[1]])))
    return country is not None and country.iso3 not in _CITY_STATES


def _place_like(tree: Tree, mention: PlaceMention) -> bool:
    """Whether an unknown name is surely a place: tagged GPE, LOC or FAC, or named by a place
    noun ("the village of X", "the X district", "X neighborhood")."""
    letters = mention.text.replace(".", "").replace(" ", "")
    if not mention.tokens or (not letters.isalpha() and "-" not in letters) or (
            letters.isupper() and len(letters) <= 5):  # "ISIL", "MFO": an organisation
        return False
    if any(t.ent_type in _PLACE_ENTS for t in mention.tokens) and not any(
            t.ent_type == "NORP" for t in mention.tokens):
        return True
    first, last = mention.tokens[0].i, mention.tokens[-1].i
    tokens = tree.tokens
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and after.lemma in PLACE_NOUNS:
        return True
    head = max(mention.tokens, key=lambda t: -len(list(tree.ancestors(t.i))))
    up = tokens[head.head]
    if up.i != head.i and up.i not in range(first, last + 1) and up.lemma in PLACE_NOUNS:
        return True
    return head.dep == "pobj" and up.lemma == "of" and tokens[up.head].lemma in PLACE_NOUNS


def _span_of(spans: Sequence[tuple[int, int]], i: int) -> tuple[int, int] | None:
    return next((s for s in spans if s[0] <= i < s[1]), None)


def _in_phrase(tree: Tree, pobj: Token, spans: Sequence[tuple[int, int]],
               depth: int = 2) -> list[tuple[int, int]]:
    """Named places a noun phrase points at, most specific first: the noun itself when it is
    a name; for a place noun ("the town of Bakwa", "Baghdad's Sadr City district") the "of"
    phrase, then appositions, compounds and the possessor (the container); an "of" phrase
    holding a place noun ("the bombardment of the Aziziyah district"); conjuncts; then places
    in phrases below ("clashes in Basra"). A name that only modifies some other noun ("a U.S.
    airstrike", "Israel's attempt") is no place."""
    found: list[tuple[int, int]] = []

    def add(i: int) -> None:
        span = _span_of(spans, i)
        if span is not None and span not in found:
            found.append(span)

    def more(spans_: Iterable[tuple[int, int]]) -> None:
        found.extend(s for s in spans_ if s not in found)

    named = _span_of(spans, pobj.i) is not None
    place_noun = pobj.lemma in PLACE_NOUNS
    add(pobj.i)
    for prep in tree.children(pobj.i, "prep"):
        if prep.lemma != "of":
            continue
        for inner in tree.children(prep.i, "pobj"):
            more(_in_phrase(tree, inner, spans, depth))
    for child in tree.children(pobj.i, "appos", "compound", "nmod", "amod"):
        if place_noun or named or not _names_country(tree, spans, child):
            add(child.i)
    if place_noun or named:
        for child in tree.children(pobj.i, "poss"):
            add(child.i)
    for child in tree.children(pobj.i, "conj"):
        more(_in_phrase(tree, child, spans, depth))
    if depth > 1:
        for prep in tree.children(pobj.i, "prep"):
            if prep.lemma in LOCATIVE_PREPS:
                for inner in tree.children(prep.i, "pobj"):
                    more(_in_phrase(tree, inner, spans, depth - 1))
    return found


def _locative(tree: Tree, anchor: Token, spans: Sequence[tuple[int, int]], *,
              origin: bool = True, goal: bool = False) -> list[tuple[tuple[int, int], str]]:
    """Places in the locative phrases of a token; "from" only when `origin` (the trigger:
    "fired from Gaza", not "troops from Basra"); "to" only when `goal` (the trigger of an
    event of force: "sent troops to Kano", not "appealed to Washington")."""
    out: list[tuple[tuple[int, int], str]] = []
    for prep in tree.children(anchor.i, "prep"):
        if (prep.lemma not in LOCATIVE_PREPS and not (goal and prep.lemma == "to")) or (
                prep.lemma == "from" and not origin):
            continue
        for pobj in tree.children(prep.i, "pobj"):
            for span in _in_phrase(tree, pobj, spans):
                if prep.lemma == "on" and span[0] <= pobj.i < span[1]:
                    continue  # "agreed on Iraq": only "on the outskirts of X" is a place
                out.append((span, f"'{prep.text} {text_of(tree.tokens[span[0]:span[1]])}'"))
    for adv in tree.children(anchor.i, "advmod", "npadvmod"):  # "50 km north of Baghdad"
        if adv.text.lower() in _COMPASS:
            for prep in tree.children(adv.i, "prep"):
                for pobj in tree.children(prep.i, "pobj"):
                    out += [(s, f"'{adv.text} {prep.text} "
                                f"{text_of(tree.tokens[s[0]:s[1]])}'")
                            for s in _in_phrase(tree, pobj, spans)]
    return out


def _anchors(tree: Tree, trigger: Token) -> list[tuple[Token, str]]:
    """The trigger, the verb a noun trigger is the object of ("launched an attack in"), and
    the trigger's arguments ("fighters in Sadr City clashed")."""
    anchors = [(trigger, f"attached to the trigger '{trigger.text}'")]
    head = tree.tokens[trigger.head]
    if trigger.pos == "NOUN" and head.i != trigger.i and trigger.dep in ("dobj", "pobj",
                                                                          "nsubjpass", "attr"):
        anchors.append((head, f"attached to '{head.text}', whose object is the trigger"))
    if trigger.dep in ("xcomp", "conj", "advcl") and head.i != trigger.i:
        anchors.append((head, f"attached to '{head.text}', which governs the trigger"))
    for arg in tree.children(trigger.i, *_ARGUMENT_DEPS):
        anchors.append((arg, f"attached to the argument '{arg.text}'"))
        for pobj in tree.children(arg.i, "pobj"):  # agent: "by fighters in Basra"
            anchors.append((pobj, f"attached to the argument '{pobj.text}'"))
    return anchors


def place_mentions(sentence: Sentence, trigger: int, *, exclude: Iterable[str] = (),
                   objects: bool = True) -> list[PlaceMention]:
    """The sentence's place mentions in order of preference for the event whose trigger is
    token `trigger`; `exclude` are the texts of the event's actors and recipients. With
    `objects` (events of force, not of speech), a place the trigger acts on is the event's
    place ("captured the town of Bakwa", "shelled Aleppo")."""
    tokens = sentence.tokens
    if not tokens:
        return []
    tree = Tree(tokens)
    names = entity_spans(tokens, names=True)
    out: list[PlaceMention] = []
    seen: set[tuple[int, int]] = set()

    def push(span: tuple[int, int], rule: str) -> None:
        if span not in seen:
            seen.add(span)
            out.append(_mention(tree, span, rule))

    if objects:
        for obj in tree.children(trigger, "dobj"):
            for span in _in_phrase(tree, obj, names, depth=1):
                push(span, f"'{text_of(tokens[span[0]:span[1]])}', the place the trigger "
                           f"'{tokens[trigger].text}' acts on")
        # The passive's subject is what the trigger acts on ("Mosul's streets are patrolled",
        # "Kabul was captured"): places the model tags as such, not names of any kind.
        for obj in tree.children(trigger, "nsubjpass"):
            for span in _in_phrase(tree, obj, entity_spans(tokens), depth=1):
                push(span, f"'{text_of(tokens[span[0]:span[1]])}', the passive subject of "
                           f"the trigger '{tokens[trigger].text}'")
    for anchor, why in _anchors(tree, tokens[trigger]):
        for span, phrase in _locative(tree, anchor, names, origin=anchor.i == trigger,
                                      goal=objects and anchor.i == trigger):
            push(span, f"locative phrase {phrase} {why}")
    for span, rule in sorted(_located(tree, names, origin=False),
                             key=lambda o: abs(o[0][0] - trigger)):
        push(span, rule)
    folded = {name_key(x) for x in exclude}
    # "Washington said": a place that is itself one of the event's actors is not its place.
    return [m for m in out if "acts on" in m.rule or "passive" in m.rule
            or name_key(m.text) not in folded]


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})


def _located(tree: Tree, names: Sequence[tuple[int, int]], *, origin: bool = True
             ) -> list[tuple[tuple[int, int], str]]:
    """Places in every locative phrase of a sentence; "from" after a noun only with `origin`
    (away from the trigger, "a teacher from Lagos" and "a withdrawal from Kosovo" say where
    someone comes from, not where the event is; "brought aid from Cucuta" is a path)."""
    out = []
    for t in tree.tokens:
        if t.dep == "prep" and t.lemma in LOCATIVE_PREPS and (
                origin or t.lemma != "from" or tree.tokens[t.head].pos not in _NOMINAL):
            out += [(span, f"locative phrase '{t.text} "
                           f"{text_of(tree.tokens[span[0]:span[1]])}' elsewhere in the sentence")
                    for pobj in tree.children(t.i, "pobj")
                    for span in _in_phrase(tree, pobj, names)
                    if not (t.lemma == "on" and span[0] <= pobj.i < span[1])]
    return out


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
                        "is not in the gazetteer") and _place_like(tree, mention):
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


# --- story context -----------------------------------------------------------------------

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
        spans = [s for s, _ in _located(tree, entity_spans(tokens))]
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
