"""Toponyms to places, and distances between points.

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
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from khaldun.actors.resolve import vocabulary
from khaldun.places.build import DIVISION_WORDS
from khaldun.places.gazetteer import Candidate, Gazetteer, name_key
from khaldun.records import Place

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


COMPASS = {
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


# Words that are no place's name even when capitalised ("River North", "State").
_GENERIC = frozenset({*COMPASS, *_KINDS, *PLACE_NOUNS, "river", "lake", "mount", "state"})


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
    while len(words) > 1 and words[0] in COMPASS:
        part = part or COMPASS[words[0]]
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
