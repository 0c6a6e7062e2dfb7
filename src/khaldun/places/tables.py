"""Khaldun's own place tables, read and validated: data/points.tsv (points of countries,
divisions, regions and landmarks) and data/counties.tsv (second-level divisions)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from khaldun.errors import DataFileError

POINTS_FILE = "points.tsv"


COUNTIES_FILE = "counties.tsv"


POINT_KINDS = frozenset({"country", "admin1", "region", "point"})


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
