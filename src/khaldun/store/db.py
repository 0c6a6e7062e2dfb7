"""The embedded store: one DuckDB file.

Each batch is written in one transaction. A story whose content hash is already stored is left
alone (coding the same story twice changes nothing); a story stored with another hash is
replaced whole. Rejections are keyed by what was rejected and why, so they are stored once.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from khaldun.errors import StoreError
from khaldun.records import CodedStory, Event, Rejection

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, command VARCHAR, coder VARCHAR, model VARCHAR,
    started TIMESTAMP, finished TIMESTAMP, stories INTEGER, unchanged INTEGER,
    sentences INTEGER, events INTEGER, rejections INTEGER, seconds DOUBLE);
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
    url VARCHAR, record JSON NOT NULL);
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
    sentences: int = 0
    events: int = 0
    rejections: int = 0

    def add(self, other: Counts) -> None:
        self.stories += other.stories
        self.unchanged += other.unchanged
        self.sentences += other.sentences
        self.events += other.events
        self.rejections += other.rejections


def _rejection_id(r: Rejection) -> str:
    key = "\x1f".join([r.story_id, r.stage, r.reason, r.origin])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """A DuckDB database of coded stories. Open with `Store.open(path)`; use as a context."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, *, create: bool = True) -> None:
        self.con = connection
        if create:
            self.con.execute(SCHEMA)

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        if read_only and not Path(path).is_file():
            raise StoreError(f"no database at {path}; code some stories first "
                             f"(khaldun code FILE --db {path})")
        try:
            return cls(duckdb.connect(str(path), read_only=read_only), create=not read_only)
        except duckdb.Error as exc:
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
            "UPDATE runs SET finished = ?, stories = ?, unchanged = ?, sentences = ?, "
            "events = ?, rejections = ?, seconds = ? WHERE run_id = ?",
            [_now(), counts.stories, counts.unchanged, counts.sentences, counts.events,
             counts.rejections, seconds, run_id])

    def write_batch(self, results: Sequence[CodedStory | Rejection], *, run_id: str) -> Counts:
        """Store one batch in one transaction and count what it added."""
        counts = Counts()
        with self._transaction():
            for result in results:
                if isinstance(result, Rejection):
                    self.con.execute(
                        "INSERT OR IGNORE INTO rejections VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [_rejection_id(result), result.story_id, result.stage, result.reason,
                         result.origin, run_id, _now()])
                    counts.rejections += 1
                elif self._write_story(result, run_id):
                    counts.stories += 1
                    counts.sentences += len(result.sentences)
                    counts.events += len(result.events)
                else:
                    counts.unchanged += 1
        return counts

    def _write_story(self, coded: CodedStory, run_id: str) -> bool:
        story = coded.story
        row = self.con.execute("SELECT content_hash FROM stories WHERE story_id = ?",
                               [story.id]).fetchone()
        if row is not None and row[0] == story.content_hash:
            return False
        if row is not None:
            self._delete_story(story.id)
        self.con.execute(
            "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [story.id, story.content_hash, story.title, story.source, story.url,
             story.published, story.text, story.origin, run_id, _now()])
        if coded.sentences:
            self.con.executemany(
                "INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [[s.story_id, s.index, s.text, s.char_start, s.char_end, s.kind, s.source,
                  s.reason] for s in coded.sentences])
        for event in coded.events:
            self._write_event(event)
        return True

    def _write_event(self, e: Event) -> None:
        loc = e.location
        self.con.execute(
            "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [e.id, e.story_id, e.sentence, e.text, e.char_start, e.char_end, e.trigger, e.event,
             e.mode, e.cameo, e.quad_code, e.intensity, loc.name if loc else None,
             loc.lat if loc else None, loc.lon if loc else None,
             loc.country_code if loc else None, e.date, e.date_granularity, e.date_text,
             e.negated, e.modality, e.attribution, e.confidence, e.coder, e.published, e.title,
             e.source, e.url, json.dumps(e.as_dict(), ensure_ascii=False)])
        rows = [[e.id, role, n, a.text, a.actor_id, a.name, a.country, a.sector, a.kind, a.code,
                 a.reason]
                for role, refs in (("actor", e.actor), ("recipient", e.recipient))
                for n, a in enumerate(refs)]
        if rows:
            self.con.executemany(
                "INSERT OR IGNORE INTO event_actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows)

    def _delete_story(self, story_id: str) -> None:
        self.con.execute("DELETE FROM event_actors WHERE event_id IN "
                         "(SELECT id FROM events WHERE story_id = ?)", [story_id])
        for table in ("events", "sentences", "stories"):
            self.con.execute(f"DELETE FROM {table} WHERE story_id = ?", [story_id])

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

    def table_counts(self) -> dict[str, int]:
        out = {}
        for table in ("stories", "sentences", "events", "event_actors", "rejections", "runs"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out
