"""Scale-out on Ray Data: the same pipeline, run by a pool of Ray actors that each load spaCy
and the vocabularies once, writing Parquet that DuckDB, Spark or any engine reads.

Layout of an output folder (one set of files per input shard, so a rerun never duplicates):

    OUT/stories/<shard>-<n>.parquet          OUT/sentences/<shard>-<n>.parquet
    OUT/events/month=YYYY-MM/<shard>-<n>.parquet (month "undated" when the event has no date)
    OUT/event_actors/<shard>-<n>.parquet     OUT/rejections/<shard>-<n>.parquet
    OUT/_done/<shard>                        (written last: the shard is finished)

Each file has the columns of the DuckDB table of the same name; `khaldun load OUT --db FILE`
inserts them. A run that is stopped and started again on the same OUT skips finished shards
and rewrites the files of an unfinished one. Shards are read on the driver with Khaldun's own
readers (so bad input becomes rejections as everywhere); size them to fit its memory.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from khaldun.ingest.readers import read_paths
from khaldun.records import CodedStory, Rejection, Story
from khaldun.settings import Settings
from khaldun.store.db import SCHEMA, TABLES, Counts, Store, table_rows

DONE = "_done"


@dataclass(frozen=True, slots=True)
class RaySummary:
    shards: int
    skipped: int  # finished by an earlier run
    counts: Counts


def _schemas() -> dict[str, pa.Schema]:
    """Arrow schemas of the DuckDB tables, so every Parquet file has the same columns."""
    con = duckdb.connect()
    con.execute(SCHEMA)
    return {t: con.sql(f"SELECT * FROM {t} LIMIT 0").to_arrow_table().schema for t in TABLES}


def shard_key(path: Path) -> str:
    """A file-name-safe key for a shard, stable across runs."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", path.name)[:60]
    return f"{stem}-{digest}"


def shards(paths: Sequence[str]) -> list[Path]:
    """The input files: JSONL, CSV, text or Parquet files, folders searched recursively."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file()
                              and not p.name.startswith(".")))
        else:
            out.append(path)
    return out


def _read_shard(path: Path, *, lines: bool) -> list[Story | Rejection]:
    if path.suffix != ".parquet":
        return list(read_paths([str(path)], lines=lines))
    from khaldun.ingest.readers import story_from_fields

    table = pq.read_table(path)
    return [story_from_fields(row, default_id=f"{path.name}:{n}", origin=f"{path}:{n}")
            for n, row in enumerate(table.to_pylist(), start=1)]


class CodeBatch:
    """The Ray actor: loads the coder once, codes batches of story rows."""

    def __init__(self, settings: dict[str, Any]) -> None:
        from khaldun.pipeline import Coder

        self.coder = Coder.load(Settings(**settings))

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        stories = [Story(id=str(i), text=str(t), published=p or None, title=ti or None,
                         source=so or None, url=u or None, origin=str(o))
                   for i, t, p, ti, so, u, o in zip(
                       batch["id"], batch["text"], batch["published"], batch["title"],
                       batch["source"], batch["url"], batch["origin"], strict=True)]
        return {"result": [pickle.dumps(r) for r in self.coder.code_batch(stories)]}


def _write(folder: Path, key: str, n: int, results: Sequence[CodedStory | Rejection],
           schemas: dict[str, pa.Schema]) -> Counts:
    rows = table_rows(results, run_id=key)
    for table, columns in rows.items():
        data = pa.table(columns, schema=schemas[table])
        if data.num_rows == 0:
            continue
        if table != "events":
            (folder / table).mkdir(parents=True, exist_ok=True)
            pq.write_table(data, folder / table / f"{key}-{n:05d}.parquet")
            continue
        months = [(d or "undated")[:7] for d in columns["date"]]
        for month in sorted(set(months)):
            part = data.filter(pa.array([m == month for m in months]))
            target = folder / "events" / f"month={month}"
            target.mkdir(parents=True, exist_ok=True)
            pq.write_table(part, target / f"{key}-{n:05d}.parquet")
    coded = [r for r in results if isinstance(r, CodedStory)]
    return Counts(stories=len(coded), sentences=sum(len(c.sentences) for c in coded),
                  events=sum(len(c.events) for c in coded),
                  rejections=len(results) - len(coded))


def _finish(tmp: Path, out: Path, key: str) -> None:
    """Move a shard's files into place, replacing any left by an interrupted run."""
    for table in TABLES:
        for old in (out / table).glob(f"**/{key}-*.parquet"):
            old.unlink()
    for new in tmp.rglob("*.parquet"):
        target = out / new.relative_to(tmp)
        target.parent.mkdir(parents=True, exist_ok=True)
        new.replace(target)
    shutil.rmtree(tmp, ignore_errors=True)
    (out / DONE).mkdir(parents=True, exist_ok=True)
    (out / DONE / key).write_text("done\n", encoding="utf-8")


def _story_rows(stories: list[Story]) -> list[dict[str, str]]:
    return [{"id": s.id, "text": s.text, "published": s.published or "",
             "title": s.title or "", "source": s.source or "", "url": s.url or "",
             "origin": s.origin} for s in stories]


def run_ray(paths: Sequence[str], out: Path, *, settings: Settings, address: str | None = None,
            lines: bool = False, workers: int | None = None) -> RaySummary:
    """Code every shard on Ray and write Parquet under `out` (see the module docstring)."""
    import ray

    workers = workers or max(1, settings.n_process)
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    schemas = _schemas()
    counts = Counts()
    skipped = 0
    todo = shards(paths)
    for path in todo:
        key = shard_key(path)
        if (out / DONE / key).exists():
            skipped += 1
            continue
        tmp = out / "_tmp" / key
        shutil.rmtree(tmp, ignore_errors=True)
        items = _read_shard(path, lines=lines)
        rejected = [i for i in items if isinstance(i, Rejection)]
        stories = [i for i in items if isinstance(i, Story)]
        if rejected:
            counts.add(_write(tmp, key, 0, rejected, schemas))
        if stories:
            dataset = ray.data.from_items(
                _story_rows(stories), override_num_blocks=max(1, min(len(stories) //
                                                                     settings.batch_size,
                                                                     workers * 4)))
            coded = dataset.map_batches(
                CodeBatch, fn_constructor_kwargs={"settings": asdict(settings)},
                batch_size=settings.batch_size, concurrency=workers)
            for n, batch in enumerate(_batches(coded), start=1):
                counts.add(_write(tmp, key, n, batch, schemas))
        _finish(tmp, out, key)
    return RaySummary(shards=len(todo), skipped=skipped, counts=counts)


def _batches(dataset: Any) -> Iterator[list[CodedStory | Rejection]]:
    for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
        yield [pickle.loads(b) for b in batch["result"]]


def load(out: Path, store: Store) -> dict[str, int]:
    """Insert a Ray output folder into a DuckDB store, in one transaction; rows already there
    (same keys) are left alone. Returns the rows added per table."""
    added: dict[str, int] = {}
    store.con.execute("BEGIN TRANSACTION")
    try:
        for table in TABLES:
            files = list((out / table).rglob("*.parquet"))
            before = store.table_counts()[table]
            if files:
                columns = ", ".join(
                    c[0] for c in store.con.execute(f"DESCRIBE {table}").fetchall())
                pattern = str(out / table / "**" / "*.parquet").replace("'", "''")
                store.con.execute(
                    f"INSERT OR IGNORE INTO {table} SELECT {columns} FROM "
                    f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)")
            added[table] = store.table_counts()[table] - before
    except BaseException:
        store.con.execute("ROLLBACK")
        raise
    store.con.execute("COMMIT")
    return added
