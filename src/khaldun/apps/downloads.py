"""GET /api/export as a stream: rows go out batch by batch while the query runs, so the server
holds one batch in memory, writes no temporary file, and stops as soon as the client leaves."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Generator, Iterator
from itertools import chain
from typing import Any

from starlette.concurrency import run_in_threadpool

from khaldun.store import query
from khaldun.store.export import CSV_COLUMNS, csv_row, flat_row
from khaldun.store.filters import EventFilter
from khaldun.store.reader import Reader
from khaldun.store.shapes import SHAPES, shape_writer

CLUSTER_COLUMNS = ("cluster_id", "cluster_events", "cluster_stories", "cluster_sources",
                   "cluster_first_date", "cluster_dead")
# Events per chunk; each chunk is one lookup of its rows by id. Records are parsed into Python
# objects (heavy), Parquet batches stay columnar (light, and fewer lookups are faster).
BATCH = 2000
PARQUET_BATCH = 20_000


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    cluster = record.get("cluster") or {}
    return {**flat_row(record), "cluster_id": cluster.get("id"),
            "cluster_events": cluster.get("events"), "cluster_stories": cluster.get("stories"),
            "cluster_sources": cluster.get("sources"),
            "cluster_first_date": cluster.get("first_date"), "cluster_dead": cluster.get("dead")}


def chunks(reader: Reader, f: EventFilter, fmt: str, limit: int
           ) -> Generator[bytes, None, None]:
    """The export in `fmt`, one chunk of bytes per batch of events. The reader's cursor (and
    its shared lock) is held until the iterator ends or is closed."""
    with reader.cursor() as cur:
        if fmt == "parquet":
            yield from _parquet(query.export_arrow(cur, f, limit=limit, batch=PARQUET_BATCH))
            return
        text = io.StringIO()
        if fmt in SHAPES:
            write = shape_writer(text, fmt)
            for batch in query.export_batches(cur, f, limit=limit, batch=BATCH):
                for record in batch:
                    write(record)
                yield _drain(text)
            yield _drain(text)
            return
        writer = csv.DictWriter(text, fieldnames=(*CSV_COLUMNS, *CLUSTER_COLUMNS),
                                extrasaction="ignore")
        if fmt == "csv":
            writer.writeheader()
        elif fmt == "geojson":
            text.write('{"type": "FeatureCollection", "features": [')
        first = True
        for batch in query.export_batches(cur, f, limit=limit, batch=BATCH):
            for record in batch:
                if fmt == "csv":
                    writer.writerow(csv_row(_flat(record)))
                elif fmt == "jsonl":
                    text.write(json.dumps(record, ensure_ascii=False) + "\n")
                elif record.get("location"):
                    loc = record["location"]
                    feature = {"type": "Feature", "id": record["id"],
                               "geometry": {"type": "Point",
                                            "coordinates": [loc["lon"], loc["lat"]]},
                               "properties": _flat(record)}
                    text.write(("" if first else ",") + json.dumps(feature, ensure_ascii=False))
                    first = False
            yield _drain(text)
        if fmt == "geojson":
            text.write("]}")
        yield _drain(text)


def _drain(text: io.StringIO) -> bytes:
    out = text.getvalue().encode("utf-8")
    text.seek(0)
    text.truncate()
    return out


class _Sink(io.RawIOBase):
    """A write-only file that keeps what was written until it is taken."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def _parquet(tables: Iterator[Any]) -> Iterator[bytes]:
    """A Parquet file written row group by row group (one per batch) as it streams."""
    import pyarrow.parquet as pq

    sink = _Sink()
    first = next(tables)
    with pq.ParquetWriter(sink, first.schema) as writer:
        for table in chain([first], tables):
            if table.num_rows:
                writer.write_table(table)
            yield sink.take()
    yield sink.take()  # the footer, written on close


async def stream(reader: Reader, f: EventFilter, fmt: str, limit: int) -> AsyncIterator[bytes]:
    """`chunks` for a StreamingResponse: each batch is built in a worker thread, and when the
    client leaves (the response task is cancelled) the query is closed at once, releasing its
    cursor, instead of running to the end."""
    rows = chunks(reader, f, fmt, limit)
    try:
        while (chunk := await run_in_threadpool(next, rows, None)) is not None:
            if chunk:
                yield chunk
    finally:
        rows.close()
