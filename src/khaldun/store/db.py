"""The embedded store: one DuckDB file.

Each batch is written in one transaction. A story whose content hash is already stored is left
alone (coding the same story twice changes nothing); a story stored with another hash is
replaced whole. Rejections are keyed by what was rejected and why, so they are stored once.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from khaldun.errors import StoreError
from khaldun.records import CodedStory, Event, Rejection

# Rows per row group. At each checkpoint DuckDB recompresses the row group being filled; at its
# default (122,880 rows) that holds up to ~400 MB of event records, and peak memory jumped by as
# much while coding 100k stories. Smaller groups keep those jumps near 100 MB.
ROW_GROUP_SIZE = 16_384

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, command VARCHAR, coder VARCHAR, model VARCHAR,
    started TIMESTAMP, finished TIMESTAMP, stories INTEGER, unchanged INTEGER,
    sentences INTEGER, events INTEGER, rejections INTEGER, seconds DOUBLE, replaced INTEGER);
ALTER TABLE runs ADD COLUMN IF NOT EXISTS replaced INTEGER;
CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, title VARCHAR, source VARCHAR,
    url VARCHAR, published DATE, text VARCHAR NOT NULL, origin VARCHAR, run_id VARCHAR,
    coded_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS sentences (
    story_id VARCHAR NOT NULL, sentence INTEGER NOT NULL, text VARCHAR, char_start INTEGER,
    char_end INTEGER, kind VARCHAR, source VARCHAR, reason VARCHAR,
    PRIMARY KEY (story_id, sentence));
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL, sentence INTEGER, text VARCHAR,
    char_start INTEGER, char_end INTEGER, trigger VARCHAR, event VARCHAR, mode VARCHAR,
    cameo VARCHAR, quad_code INTEGER, intensity DOUBLE, location_name VARCHAR,
    lat DOUBLE, lon DOUBLE, country_code VARCHAR, date VARCHAR, date_granularity VARCHAR,
    date_text VARCHAR, negated BOOLEAN, modality VARCHAR, attribution VARCHAR,
    confidence DOUBLE, coder VARCHAR, published DATE, title VARCHAR, source VARCHAR,
    url VARCHAR, record JSON NOT NULL, dead INTEGER, injured INTEGER, size INTEGER);
-- Databases made before casualties were coded get the columns (last, in the same order).
ALTER TABLE events ADD COLUMN IF NOT EXISTS dead INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS injured INTEGER;
ALTER TABLE events ADD COLUMN IF NOT EXISTS size INTEGER;
CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR NOT NULL, role VARCHAR NOT NULL, position INTEGER NOT NULL,
    text VARCHAR, actor_id VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR,
    kind VARCHAR, code VARCHAR, reason VARCHAR, PRIMARY KEY (event_id, role, position));
CREATE TABLE IF NOT EXISTS rejections (
    rejection_id VARCHAR PRIMARY KEY, story_id VARCHAR, stage VARCHAR, reason VARCHAR,
    origin VARCHAR, run_id VARCHAR, rejected_at TIMESTAMP);
"""


@dataclass
class Counts:
    stories: int = 0
    unchanged: int = 0
    replaced: int = 0  # stored stories whose id came again with new content (among `stories`)
    sentences: int = 0
    events: int = 0
    rejections: int = 0

    def add(self, other: Counts) -> None:
        self.stories += other.stories
        self.unchanged += other.unchanged
        self.replaced += other.replaced
        self.sentences += other.sentences
        self.events += other.events
        self.rejections += other.rejections


def _rejection_id(r: Rejection) -> str:
    key = "\x1f".join([r.story_id, r.stage, r.reason, r.origin])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _story_rows(coded: Iterable[CodedStory], run_id: str, now: datetime
                ) -> dict[str, list[Any]]:
    stories = [c.story for c in coded]
    return {"story_id": [s.id for s in stories],
            "content_hash": [s.content_hash for s in stories],
            "title": [s.title for s in stories], "source": [s.source for s in stories],
            "url": [s.url for s in stories],
            "published": [date.fromisoformat(s.published) if s.published else None
                          for s in stories],
            "text": [s.text for s in stories], "origin": [s.origin for s in stories],
            "run_id": [run_id] * len(stories), "coded_at": [now] * len(stories)}


def _sentence_rows(coded: Iterable[CodedStory]) -> dict[str, list[Any]]:
    rows = [s for c in coded for s in c.sentences]
    return {"story_id": [s.story_id for s in rows], "sentence": [s.index for s in rows],
            "text": [s.text for s in rows], "char_start": [s.char_start for s in rows],
            "char_end": [s.char_end for s in rows], "kind": [s.kind for s in rows],
            "source": [s.source for s in rows], "reason": [s.reason for s in rows]}


def _event_rows(events: list[Event]) -> dict[str, list[Any]]:
    def loc(e: Event, key: str) -> Any:
        return getattr(e.location, key) if e.location else None

    return {
        "id": [e.id for e in events], "story_id": [e.story_id for e in events],
        "sentence": [e.sentence for e in events], "text": [e.text for e in events],
        "char_start": [e.char_start for e in events], "char_end": [e.char_end for e in events],
        "trigger": [e.trigger for e in events], "event": [e.event for e in events],
        "mode": [e.mode for e in events], "cameo": [e.cameo for e in events],
        "quad_code": [e.quad_code for e in events], "intensity": [e.intensity for e in events],
        "location_name": [loc(e, "name") for e in events],
        "lat": [loc(e, "lat") for e in events], "lon": [loc(e, "lon") for e in events],
        "country_code": [loc(e, "country_code") for e in events],
        "date": [e.date for e in events], "date_granularity": [e.date_granularity for e in events],
        "date_text": [e.date_text for e in events], "negated": [e.negated for e in events],
        "modality": [e.modality for e in events], "attribution": [e.attribution for e in events],
        "confidence": [e.confidence for e in events], "coder": [e.coder for e in events],
        "published": [date.fromisoformat(e.published) if e.published else None
                      for e in events],
        "title": [e.title for e in events], "source": [e.source for e in events],
        "url": [e.url for e in events],
        "record": [json.dumps(e.as_dict(), ensure_ascii=False) for e in events],
        "dead": [e.dead for e in events], "injured": [e.injured for e in events],
        "size": [e.size for e in events],
    }


def _actor_rows(events: list[Event]) -> dict[str, list[Any]]:
    rows = [(e.id, role, n, a) for e in events
            for role, refs in (("actor", e.actor), ("recipient", e.recipient))
            for n, a in enumerate(refs)]
    return {"event_id": [r[0] for r in rows], "role": [r[1] for r in rows],
            "position": [r[2] for r in rows], "text": [r[3].text for r in rows],
            "actor_id": [r[3].actor_id for r in rows], "name": [r[3].name for r in rows],
            "country": [r[3].country for r in rows], "sector": [r[3].sector for r in rows],
            "kind": [r[3].kind for r in rows], "code": [r[3].code for r in rows],
            "reason": [r[3].reason for r in rows]}


TABLES = ("stories", "sentences", "events", "event_actors", "rejections")


def table_rows(results: Sequence[CodedStory | Rejection], run_id: str
               ) -> dict[str, dict[str, list[Any]]]:
    """The rows of each table for these results, as columns in the tables' order. The store
    inserts them; the Ray engine writes them to Parquet with the same columns."""
    coded = [r for r in results if isinstance(r, CodedStory)]
    rejected = [r for r in results if isinstance(r, Rejection)]
    events = [e for c in coded for e in c.events]
    now = _now()
    return {
        "stories": _story_rows(coded, run_id, now),
        "sentences": _sentence_rows(coded),
        "events": _event_rows(events),
        "event_actors": _actor_rows(events),
        "rejections": {
            "rejection_id": [_rejection_id(r) for r in rejected],
            "story_id": [r.story_id for r in rejected],
            "stage": [r.stage for r in rejected], "reason": [r.reason for r in rejected],
            "origin": [r.origin for r in rejected], "run_id": [run_id] * len(rejected),
            "rejected_at": [now] * len(rejected)},
    }


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def in_use(exc: Exception) -> str:
    """'PID n' when DuckDB could not open a file because another process holds its lock."""
    text = str(exc)
    if "Conflicting lock" not in text and "Could not set lock" not in text:
        return ""
    pid = re.search(r"PID (\d+)", text)
    return f"PID {pid.group(1)}" if pid else "another process"


class Store:
    """A DuckDB database of coded stories. Open with `Store.open(path)`; use as a context."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, *, create: bool = True,
                 path: Path | None = None) -> None:
        self.con = connection
        self.path = path  # the database file; None for an in-memory store
        if create:
            self.con.execute(SCHEMA)

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        if read_only and not Path(path).is_file():
            raise StoreError(f"no database at {path}; code some stories first "
                             f"(khaldun code FILE --db {path})")
        file = str(path).replace("'", "''")
        options = "READ_ONLY" if read_only else f"ROW_GROUP_SIZE {ROW_GROUP_SIZE}"
        try:
            con = duckdb.connect()
            con.execute(f"ATTACH '{file}' AS store ({options})")
            con.execute("USE store")
            con.execute(f"SET temp_directory = '{file}.tmp'")  # where a file database spills
            return cls(con, create=not read_only, path=Path(path))
        except duckdb.Error as exc:
            if in_use(exc):
                raise StoreError(
                    f"the database {path} is in use by another process ({in_use(exc)}), "
                    f"most likely khaldun serve; send the stories to that server instead: "
                    f"khaldun code FILE --server http://HOST:PORT --token TOKEN (a server "
                    f"started with the api_token setting), or stop it first") from exc
            raise StoreError(f"cannot open the database {path}: {exc}") from exc

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def start_run(self, *, command: str, coder: str, model: str) -> str:
        run_id = uuid.uuid4().hex[:16]
        self.con.execute("INSERT INTO runs (run_id, command, coder, model, started) "
                         "VALUES (?, ?, ?, ?, ?)", [run_id, command, coder, model, _now()])
        return run_id

    def finish_run(self, run_id: str, counts: Counts, seconds: float) -> None:
        self.con.execute(
            "UPDATE runs SET finished = ?, stories = ?, unchanged = ?, replaced = ?, "
            "sentences = ?, events = ?, rejections = ?, seconds = ? WHERE run_id = ?",
            [_now(), counts.stories, counts.unchanged, counts.replaced, counts.sentences,
             counts.events, counts.rejections, seconds, run_id])

    def write_batch(self, results: Sequence[CodedStory | Rejection], *, run_id: str) -> Counts:
        """Store one batch in one transaction and count what it added.

        Rows go in as Arrow tables, one INSERT per table: row-by-row inserts are ~100x slower.
        """
        counts = Counts()
        coded = [r for r in results if isinstance(r, CodedStory)]
        rejected = [r for r in results if isinstance(r, Rejection)]
        with self._transaction():
            stored = self._stored_hashes([c.story.id for c in coded])
            fresh: dict[str, CodedStory] = {}
            for c in coded:
                if stored.get(c.story.id) == c.story.content_hash or c.story.id in fresh:
                    counts.unchanged += 1
                    continue
                if c.story.id in stored:
                    self._delete_story(c.story.id)
                    counts.replaced += 1
                fresh[c.story.id] = c
            for table, columns in table_rows([*fresh.values(), *rejected], run_id).items():
                self._insert(table, columns)
        counts.stories = len(fresh)
        counts.sentences = sum(len(c.sentences) for c in fresh.values())
        counts.events = sum(len(c.events) for c in fresh.values())
        counts.rejections = len(rejected)
        return counts

    def _delete_story(self, story_id: str) -> None:
        self.con.execute("DELETE FROM event_actors WHERE event_id IN "
                         "(SELECT id FROM events WHERE story_id = ?)", [story_id])
        for table in ("events", "sentences", "stories"):
            self.con.execute(f"DELETE FROM {table} WHERE story_id = ?", [story_id])

    def _stored_hashes(self, story_ids: list[str]) -> dict[str, str]:
        if not story_ids:
            return {}
        rows = self.con.execute("SELECT story_id, content_hash FROM stories "
                                "WHERE story_id IN (SELECT unnest(?))", [story_ids]).fetchall()
        return {r[0]: r[1] for r in rows}

    def _insert(self, table: str, columns: dict[str, list[Any]]) -> None:
        """Insert columns (in the table's order) at once; existing keys are left alone."""
        if not columns or not next(iter(columns.values())):
            return
        batch = pa.table(columns)  # noqa: F841 - DuckDB reads the local variable by name
        self.con.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM batch")

    def query_events(self, *, event: str | None = None, actor: str | None = None,
                     since: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Event records (the JSON contract) matching the filters, in date order."""
        where, params = ["TRUE"], []
        if event:
            where.append("e.event = ?")
            params.append(event.upper())
        if actor:
            where.append("e.id IN (SELECT event_id FROM event_actors WHERE text ILIKE ? "
                         "OR name ILIKE ? OR actor_id = ?)")
            params += [f"%{actor}%", f"%{actor}%", actor]
        if since:
            where.append("e.date >= ?")
            params.append(since)
        sql = (f"SELECT e.record FROM events e WHERE {' AND '.join(where)} "
               f"ORDER BY e.date NULLS LAST, e.story_id, e.sentence, e.id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [json.loads(r[0]) for r in self.con.execute(sql, params).fetchall()]

    def iter_events(self, *, chunk: int = 2_000) -> Iterator[dict[str, Any]]:
        """Every event record in date order, read a chunk at a time, so an export of a
        million events never holds them all in memory."""
        # (the connection holds the result: run nothing else on it while iterating)
        result = self.con.execute("SELECT record FROM events "
                                  "ORDER BY date NULLS LAST, story_id, sentence, id")
        while rows := result.fetchmany(chunk):
            for (record,) in rows:
                yield json.loads(record)

    def table_counts(self) -> dict[str, int]:
        out = {}
        for table in ("stories", "sentences", "events", "event_actors", "rejections", "runs"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out
