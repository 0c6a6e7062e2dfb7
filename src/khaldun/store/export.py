"""Exports of stored events: PLOVER JSONL, flat CSV, Parquet and GeoJSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from khaldun.errors import KhaldunError
from khaldun.store.db import Store
from khaldun.store.shapes import SHAPES, shape_writer

FORMATS = ("jsonl", "csv", "parquet", "geojson", "acled", "gdelt", "polecat")
CSV_COLUMNS = ("id", "story_id", "sentence", "date", "date_granularity", "event", "mode",
               "cameo", "quad_code", "intensity", "actor", "actor_id", "actor_country",
               "actor_sector", "recipient", "recipient_id", "recipient_country",
               "recipient_sector", "trigger", "negated", "modality", "attribution",
               "confidence", "location", "lat", "lon", "country_code", "dead", "injured", "size",
               "source", "title", "url", "text")


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """One CSV row for an event record; several actors are joined with '; '."""
    def join(role: str, key: str) -> str:
        return "; ".join(str(a[key]) for a in record[role] if a.get(key) is not None)

    loc = record.get("location") or {}
    return {
        **{k: record.get(k) for k in ("id", "story_id", "sentence", "date", "date_granularity",
                                      "event", "mode", "cameo", "quad_code", "intensity",
                                      "trigger", "negated", "modality", "attribution",
                                      "confidence", "dead", "injured", "size", "source",
                                      "title", "url", "text")},
        "actor": join("actor", "text"), "actor_id": join("actor", "actor_id"),
        "actor_country": join("actor", "country"), "actor_sector": join("actor", "sector"),
        "recipient": join("recipient", "text"), "recipient_id": join("recipient", "actor_id"),
        "recipient_country": join("recipient", "country"),
        "recipient_sector": join("recipient", "sector"),
        "location": loc.get("name"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "country_code": loc.get("country_code"),
    }


# A spreadsheet reads a cell that starts with one of these as a formula ("=HYPERLINK(...)").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading
    apostrophe (OWASP's rule against CSV injection); numbers and other values are unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(flat: dict[str, Any]) -> dict[str, Any]:
    """A flat row with every cell made safe for spreadsheets."""
    return {key: safe_cell(value) for key, value in flat.items()}


def record_writer(out: TextIO, fmt: str) -> Callable[[dict[str, Any]], None]:
    """A function that writes one event record to `out` as a JSONL line or a CSV row (the
    CSV header is written first)."""
    if fmt == "jsonl":
        def write_line(record: dict[str, Any]) -> None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return write_line
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()

    def write_row(record: dict[str, Any]) -> None:
        writer.writerow(csv_row(flat_row(record)))
    return write_row


def write_records(records: Iterable[dict[str, Any]], out: TextIO, fmt: str) -> int:
    """Write event records as JSONL or CSV; returns how many."""
    write = record_writer(out, fmt)
    n = 0
    for record in records:
        write(record)
        n += 1
    return n


def write_geojson(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A FeatureCollection of the events that have a location (others cannot be drawn),
    written feature by feature; returns how many features."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for r in records:
        loc = r.get("location")
        if not loc:
            continue
        feature = {"type": "Feature", "id": r["id"],
                   "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
                   "properties": flat_row(r)}
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("]}")
    return n


def check_target(out: Path, *, database: Path | None, force: bool) -> None:
    """Refuse to write onto the database being read (or its side files), and onto an
    existing file unless `force`."""
    if database is not None:
        db = database.resolve()
        if out.resolve() in (db, db.with_name(db.name + ".wal"), db.with_name(db.name + ".tmp")):
            raise KhaldunError(f"refusing to export onto the database {database} itself; "
                               f"give another file with -o")
    if out.is_dir():
        raise KhaldunError(f"{out} is a folder; give a file name with -o")
    if out.exists() and not force:
        raise KhaldunError(f"{out} already exists; add --force to overwrite it")
    if not out.parent.is_dir():
        raise KhaldunError(f"no folder {out.parent} to write {out.name} into; create it first")


def export(store: Store, fmt: str, out: Path, *, force: bool = False) -> int:
    """Write every stored event to `out` in `fmt`; returns the number of events written.
    The file is written beside `out` and renamed into place when complete, so a failed
    export never leaves a half file where a good one was."""
    if fmt not in FORMATS:
        raise KhaldunError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    check_target(out, database=store.path, force=force)
    partial = out.with_name(f".{out.name}.partial")
    try:
        n = _export_to(store, fmt, partial)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return n


def _export_to(store: Store, fmt: str, out: Path) -> int:
    if fmt == "parquet":
        target = str(out).replace("'", "''")
        store.con.execute(
            "COPY (SELECT e.* EXCLUDE (record), "
            "list(a.text ORDER BY a.position) FILTER (WHERE a.role = 'actor') AS actor, "
            "list(a.actor_id ORDER BY a.position) FILTER (WHERE a.role = 'actor') AS actor_id, "
            "list(a.text ORDER BY a.position) FILTER (WHERE a.role = 'recipient') AS recipient, "
            "list(a.actor_id ORDER BY a.position) FILTER (WHERE a.role = 'recipient') "
            "AS recipient_id "
            "FROM events e LEFT JOIN event_actors a ON a.event_id = e.id "
            "GROUP BY ALL ORDER BY e.date, e.id) "
            f"TO '{target}' (FORMAT parquet)")
        row = store.con.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0
    records = store.iter_events()  # streamed: memory stays flat however many events
    with out.open("w", encoding="utf-8", newline="") as handle:
        if fmt in SHAPES:
            write = shape_writer(handle, fmt)
            return sum(1 for r in records if write(r))
        if fmt in ("jsonl", "csv"):
            return write_records(records, handle, fmt)
        return write_geojson(records, handle)
