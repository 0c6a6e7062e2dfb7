"""The Reader serves one database file for a server's lifetime.

It holds one in-memory DuckDB connection with the file attached READ_ONLY as `src`; derived
tables (event clusters from `khaldun.store.dedup`, actor summaries) live in the in-memory
catalog `memory`, built when the reader opens and again after each write, so the file itself is
never changed by reading. Requests use their own cursor under a shared lock; a write
(`Reader.writing`) takes the lock alone while it attaches the file read-write for that one
call, then rebuilds the derived tables beside the old ones and swaps them in.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from khaldun.errors import StoreError
from khaldun.store import dedup
from khaldun.store.db import Store, in_use
from khaldun.store.filters import Cursor


class _SharedLock:
    """Many readers or one writer."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and self._readers == 0)
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


DERIVED_SQL = """
-- One slim row per event, numbered newest first: every filter and sort runs on this.
CREATE OR REPLACE TABLE memory.ev AS
WITH d AS (
    SELECT e.id, e.event, e.mode, e.quad_code::TINYINT AS quad_code, e.lat, e.lon,
           e.country_code, e.confidence, coalesce(e.negated, false) AS negated,
           coalesce(e.modality = 'historical', false) AS historical,
           coalesce(e.date, strftime(e.published, '%Y-%m-%d')) AS dtext
    FROM src.events e),
p AS (
    SELECT *, CASE length(dtext) WHEN 10 THEN TRY_CAST(dtext AS DATE)
                                 WHEN 7 THEN TRY_CAST(dtext || '-01' AS DATE)
                                 WHEN 4 THEN TRY_CAST(dtext || '-01-01' AS DATE) END AS day_start
    FROM d)
SELECT row_number() OVER (ORDER BY day_start DESC NULLS LAST, id)::INTEGER AS n,
       id, event, mode, quad_code, lat, lon, country_code, confidence, negated, historical,
       day_start,
       CASE length(dtext) WHEN 7 THEN last_day(day_start)
                          WHEN 4 THEN make_date(year(day_start), 12, 31)
                          ELSE day_start END AS day_end,
       CASE WHEN length(dtext) = 10 THEN day_start END AS day
FROM p ORDER BY n;
-- Who took part in each event, by event number.
CREATE OR REPLACE TABLE memory.ea AS
SELECT ev.n, a.role, a.actor_id, a.country
FROM src.event_actors a JOIN memory.ev ev ON ev.id = a.event_id ORDER BY a.actor_id, ev.n;
-- Lower-cased title and sentence, for text search.
CREATE OR REPLACE TABLE memory.tx AS
SELECT ev.n, lower(concat_ws(' ', e.title, e.text)) AS t
FROM src.events e JOIN memory.ev ev ON ev.id = e.id ORDER BY ev.n;
-- Every spelling of every actor, with how often it was seen.
CREATE OR REPLACE TABLE memory.actor_names AS
SELECT actor_id, name, text, count(*)::INTEGER AS n FROM src.event_actors
WHERE actor_id IS NOT NULL GROUP BY ALL;
CREATE OR REPLACE TABLE memory.actor_summary AS
SELECT a.actor_id, mode(a.name) AS name, mode(a.kind) AS kind, mode(a.country) AS country,
       mode(a.sector) AS sector, mode(a.code) AS code,
       count(DISTINCT a.event_id)::INTEGER AS events,
       (count(*) FILTER (WHERE a.role = 'actor'))::INTEGER AS as_actor,
       (count(*) FILTER (WHERE a.role = 'recipient'))::INTEGER AS as_recipient,
       count(DISTINCT a.text)::INTEGER AS spellings
FROM src.event_actors a WHERE a.actor_id IS NOT NULL GROUP BY a.actor_id;
-- Directed actor-recipient pairs (the network's edges), by event number.
CREATE OR REPLACE TABLE memory.pairs AS
SELECT a.n, a.actor_id AS source, r.actor_id AS target
FROM memory.ea a JOIN memory.ea r ON r.n = a.n AND r.role = 'recipient'
WHERE a.role = 'actor' AND a.actor_id IS NOT NULL AND r.actor_id IS NOT NULL
  AND a.actor_id <> r.actor_id ORDER BY a.n;
"""


DERIVED = ("ev", "ea", "tx", "actor_names", "actor_summary", "pairs", "event_clusters")
_STAGED = "__next"


def build_derived(con: Cursor) -> None:
    """(Re)build the in-memory tables that make reads fast: slim events, clusters, actors.

    They are built under staging names and swapped in by one transaction, so a read running
    meanwhile sees either every old table or every new one, never a mix."""
    staged = re.sub(rf"\bmemory\.({'|'.join(DERIVED)})\b", rf"memory.\1{_STAGED}", DERIVED_SQL)
    con.execute(staged)
    dedup.build_clusters(con, source="src", target="memory", name=f"event_clusters{_STAGED}")
    swap = "".join(f"DROP TABLE IF EXISTS memory.{t}; "
                   f"ALTER TABLE memory.{t}{_STAGED} RENAME TO {t}; " for t in DERIVED)
    con.execute(f"BEGIN TRANSACTION; {swap}COMMIT;")


class Reader:
    """Read access to one database file for a server's lifetime (see the module docstring)."""

    def __init__(self, path: Path, con: Cursor) -> None:
        self.path = path
        self._con = con
        self._lock = _SharedLock()
        self.generation = 0  # counts writes: a cached answer of an older generation is stale
        self._spill = ""  # the temporary folder DuckDB spills to, when memory is capped

    @classmethod
    def open(cls, path: str | Path, *, memory_mb: int | None = None) -> Reader:
        """With `memory_mb`, DuckDB's memory for this reader (its derived tables and every
        query) is capped there and the rest spills to a temporary folder removed on close:
        a server over a million events then stays near that size instead of keeping what
        building the tables took (1.25 GB)."""
        path = Path(path)
        if not path.is_file():
            raise StoreError(f"no database at {path}; code some stories first "
                             f"(khaldun code FILE --db {path})")
        con = duckdb.connect(":memory:")
        reader = cls(path, con)
        if memory_mb:
            reader._spill = tempfile.mkdtemp(prefix="khaldun-reader-")
            con.execute(f"SET memory_limit = '{int(memory_mb)}MB'")
            con.execute(f"SET temp_directory = '{_sql_path(Path(reader._spill))}'")
        try:
            reader._attach()
        except BaseException:
            reader.close()
            raise
        return reader

    def _attach(self, *, derive: bool = True) -> None:
        try:
            self._con.execute(f"ATTACH '{_sql_path(self.path)}' AS src (READ_ONLY)")
        except duckdb.Error as exc:
            if in_use(exc):
                raise StoreError(f"the database {self.path} is being written by another "
                                 f"process ({in_use(exc)}), e.g. khaldun code; serve it when "
                                 f"that has finished, or code through the server "
                                 f"(khaldun code --server)") from exc
            raise StoreError(f"cannot open the database {self.path} read-only: {exc}") from exc
        missing = {"events", "event_actors", "stories", "sentences"} - {
            r[0] for r in self._con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = 'src'").fetchall()}
        if missing:
            self._con.execute("DETACH src")
            raise StoreError(f"{self.path} is not a Khaldun database (no table "
                             f"{', '.join(sorted(missing))}); create one with khaldun code")
        if derive:
            build_derived(self._con)

    @contextmanager
    def cursor(self) -> Iterator[Cursor]:
        """A cursor for one request; many may be open at once."""
        with self._lock.shared():
            cur = self._con.cursor()
            try:
                yield cur
            finally:
                cur.close()

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The database opened read-write for one call. Readers wait only while the file is
        detached for the write; the derived tables are rebuilt after it, while reads go on
        (from the old tables until the new ones are swapped in)."""
        try:
            with self._lock.exclusive():
                self._con.execute("DETACH src")
                try:
                    with Store.open(self.path) as store:
                        yield store
                finally:
                    self._attach(derive=False)
        finally:
            cur = self._con.cursor()
            try:
                build_derived(cur)
            finally:
                cur.close()
            self.generation += 1

    def close(self) -> None:
        self._con.close()
        if self._spill:
            shutil.rmtree(self._spill, ignore_errors=True)
