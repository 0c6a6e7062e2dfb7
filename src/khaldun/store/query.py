"""Read-side SQL for the API and the web pages: filters, pages of events, stats, actors, network.

A `Reader` serves one database file for a server's lifetime. It holds one in-memory DuckDB
connection with the file attached READ_ONLY as `src`; derived tables (event clusters from
`khaldun.store.dedup`, actor summaries) live in the in-memory catalog `memory`, built when the
reader opens and again after each write, so the file itself is never changed by reading.
Requests use their own cursor under a shared lock; a write (`Reader.writing`) takes the lock
alone, attaches the file read-write for that one call, and rebuilds the derived tables.

Every function here takes a cursor and plain values and returns plain dicts and lists, so the
API and the pages are thin adapters over them.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb

from khaldun.errors import StoreError
from khaldun.events.ontology import ontology
from khaldun.store import dedup
from khaldun.store.db import Store

Cursor = duckdb.DuckDBPyConnection
Negated = Literal["exclude", "include", "only"]
NEGATED: tuple[Negated, ...] = ("exclude", "include", "only")
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}
MAX_TEXT = 200
_COUNTRY = re.compile(r"^[A-Za-z]{3}$")
_MODE = re.compile(r"^[a-z][a-z_-]{0,39}$")

class FilterError(ValueError):
    """A filter parameter has a bad value; `param` names it (the API answers 422)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a list, map, stats, network or export covers. Empty filter: all but negated
    and historical (background) events.

    Dates overlap: an event dated only "2008-04" matches since=2008-04-15. `country` matches an
    event located in that country or with an actor or recipient of that country.
    """

    since: str | None = None
    until: str | None = None
    event: tuple[str, ...] = ()
    mode: str | None = None
    actor: str | None = None
    country: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    min_confidence: float | None = None
    negated: Negated = "exclude"
    cluster: str | None = None
    historical: Negated = "exclude"  # background events dated over a year before the story

    def without_dates(self) -> EventFilter:
        return replace(self, since=None, until=None)

    @classmethod
    def build(cls, *, since: date | None = None, until: date | None = None,
              event: str | None = None, mode: str | None = None, actor: str | None = None,
              country: str | None = None, bbox: str | None = None, q: str | None = None,
              min_confidence: float | None = None, negated: str = "exclude",
              cluster: str | None = None, historical: str = "exclude") -> EventFilter:
        """Validate typed parameter values into a filter; raises FilterError."""
        if since and until and since > until:
            raise FilterError("until", f"until ({until}) is before since ({since})")
        types: tuple[str, ...] = ()
        if event:
            known = ontology().types
            types = tuple(dict.fromkeys(t.strip().upper() for t in event.split(",")
                                        if t.strip()))
            bad = [t for t in types if t not in known]
            if bad:
                raise FilterError("event", f"unknown event type {', '.join(bad)}; "
                                  f"choose from {', '.join(known)}")
        if mode and not _MODE.match(mode):
            raise FilterError("mode", f"mode {mode!r} is not a PLOVER mode name "
                              "(lower case letters and hyphens, e.g. 'arrest')")
        if country and not _COUNTRY.match(country):
            raise FilterError("country", f"country {country!r} must be an ISO 3166 alpha-3 "
                              "code such as IRQ")
        for name, text in (("actor", actor), ("q", q), ("cluster", cluster)):
            if text is not None and len(text) > MAX_TEXT:
                raise FilterError(name, f"{name} is longer than {MAX_TEXT} characters")
        if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
            raise FilterError("min_confidence", "min_confidence must be between 0 and 1")
        if negated not in NEGATED:
            raise FilterError("negated", f"negated must be one of {', '.join(NEGATED)}")
        if historical not in NEGATED:
            raise FilterError("historical", f"historical must be one of {', '.join(NEGATED)}")
        return cls(since=since.isoformat() if since else None,
                   until=until.isoformat() if until else None, event=types,
                   mode=mode or None, actor=(actor or "").strip() or None,
                   country=country.upper() if country else None, bbox=parse_bbox(bbox),
                   q=(q or "").strip() or None, min_confidence=min_confidence,
                   negated=negated, cluster=cluster or None,
                   historical=historical)

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> EventFilter:
        """A filter from raw query-string values (as a web form sends them; empty = unset)."""
        def get(name: str) -> str | None:
            value = params.get(name)
            return value.strip() if value and value.strip() else None

        def day(name: str) -> date | None:
            value = get(name)
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                raise FilterError(name, f"{name} must be a date YYYY-MM-DD, got {value!r}"
                                  ) from None

        confidence = get("min_confidence")
        try:
            min_conf = float(confidence) if confidence else None
        except ValueError:
            raise FilterError("min_confidence", "min_confidence must be a number") from None
        return cls.build(since=day("since"), until=day("until"), event=get("event"),
                         mode=get("mode"), actor=get("actor"), country=get("country"),
                         bbox=get("bbox"), q=get("q"), min_confidence=min_conf,
                         negated=get("negated") or "exclude", cluster=get("cluster"),
                         historical=get("historical") or "exclude")

    def as_query(self) -> dict[str, str]:
        """The filter as query-string values (for links such as download buttons)."""
        out: dict[str, str] = {}
        for name in ("since", "until", "mode", "actor", "country", "q", "cluster"):
            value = getattr(self, name)
            if value:
                out[name] = str(value)
        if self.event:
            out["event"] = ",".join(self.event)
        if self.bbox:
            out["bbox"] = ",".join(f"{v:g}" for v in self.bbox)
        if self.min_confidence is not None:
            out["min_confidence"] = f"{self.min_confidence:g}"
        if self.negated != "exclude":
            out["negated"] = self.negated
        if self.historical != "exclude":
            out["historical"] = self.historical
        return out


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """'minlon,minlat,maxlon,maxlat' in degrees; minlon > maxlon crosses the antimeridian."""
    if not text:
        return None
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise FilterError("bbox", "bbox must be four numbers: minlon,minlat,maxlon,maxlat")
    min_lon, min_lat, max_lon, max_lat = values
    if not all(-180 <= v <= 180 for v in (min_lon, max_lon)) or \
            not all(-90 <= v <= 90 for v in (min_lat, max_lat)) or min_lat > max_lat:
        raise FilterError("bbox", "bbox longitudes must lie in -180..180, latitudes in -90..90 "
                          "with minlat <= maxlat")
    return min_lon, min_lat, max_lon, max_lat


def where(f: EventFilter) -> tuple[str, list[Any]]:
    """`FROM memory.ev e ... WHERE ...` for a filter, and its parameters.

    Filters on other tables (actors, countries of actors, text) are joins to sets of event
    numbers: DuckDB then builds its hash table on the small side.
    """
    joins: list[str] = []
    clauses: list[str] = ["TRUE"]
    join_params: list[Any] = []
    params: list[Any] = []
    if f.actor:
        joins.append(
            "JOIN (SELECT DISTINCT n FROM memory.ea WHERE actor_id IN "
            "(SELECT actor_id FROM memory.actor_names WHERE actor_id = ? "
            "OR contains(lower(name), ?) OR contains(lower(text), ?))) fa ON fa.n = e.n")
        join_params += [f.actor, f.actor.lower(), f.actor.lower()]
    if f.country:
        joins.append("JOIN (SELECT n FROM memory.ev WHERE country_code = ? UNION "
                     "SELECT n FROM memory.ea WHERE country = ?) fc ON fc.n = e.n")
        join_params += [f.country, f.country]
    if f.q:
        joins.append("JOIN (SELECT n FROM memory.tx WHERE contains(t, ?)) fq ON fq.n = e.n")
        join_params.append(f.q.lower())
    if f.cluster:
        joins.append("JOIN (SELECT event_id FROM memory.event_clusters WHERE cluster_id = ?) "
                     "fk ON fk.event_id = e.id")
        join_params.append(f.cluster)
    if f.since:
        clauses.append("e.day_end >= ?::DATE")
        params.append(f.since)
    if f.until:
        clauses.append("e.day_start <= ?::DATE")
        params.append(f.until)
    if f.event:
        clauses.append(f"e.event IN ({', '.join('?' for _ in f.event)})")
        params.extend(f.event)
    if f.mode:
        clauses.append("e.mode = ?")
        params.append(f.mode)
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        lon = "e.lon BETWEEN ? AND ?" if min_lon <= max_lon else "(e.lon >= ? OR e.lon <= ?)"
        clauses.append(f"e.lat BETWEEN ? AND ? AND {lon}")
        params += [min_lat, max_lat, min_lon, max_lon]
    if f.min_confidence is not None:
        clauses.append("e.confidence >= ?")
        params.append(f.min_confidence)
    if f.negated == "exclude":
        clauses.append("NOT e.negated")
    elif f.negated == "only":
        clauses.append("e.negated")
    if f.historical == "exclude":
        clauses.append("NOT e.historical")
    elif f.historical == "only":
        clauses.append("e.historical")
    sql = f"FROM memory.ev e {' '.join(joins)} WHERE {' AND '.join(clauses)}"
    return sql, join_params + params


# ---------------------------------------------------------------- connection and derived tables

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


def build_derived(con: Cursor) -> None:
    """(Re)build the in-memory tables that make reads fast: slim events, clusters, actors."""
    con.execute(DERIVED_SQL)
    dedup.build_clusters(con, source="src", target="memory")


class Reader:
    """Read access to one database file for a server's lifetime (see the module docstring)."""

    def __init__(self, path: Path, con: Cursor) -> None:
        self.path = path
        self._con = con
        self._lock = _SharedLock()

    @classmethod
    def open(cls, path: str | Path) -> Reader:
        path = Path(path)
        if not path.is_file():
            raise StoreError(f"no database at {path}; code some stories first "
                             f"(khaldun code FILE --db {path})")
        con = duckdb.connect(":memory:")
        reader = cls(path, con)
        reader._attach()
        return reader

    def _attach(self) -> None:
        try:
            self._con.execute(f"ATTACH '{_sql_path(self.path)}' AS src (READ_ONLY)")
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the database {self.path} read-only: {exc}") from exc
        missing = {"events", "event_actors", "stories", "sentences"} - {
            r[0] for r in self._con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = 'src'").fetchall()}
        if missing:
            self._con.execute("DETACH src")
            raise StoreError(f"{self.path} is not a Khaldun database (no table "
                             f"{', '.join(sorted(missing))}); create one with khaldun code")
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
        """The database opened read-write for one call, with every reader waiting."""
        with self._lock.exclusive():
            self._con.execute("DETACH src")
            try:
                with Store.open(self.path) as store:
                    yield store
            finally:
                self._attach()

    def close(self) -> None:
        self._con.close()


# ---------------------------------------------------------------- events

_CLUSTER = ("id", "events", "stories", "sources")


def _clusters(cur: Cursor, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = cur.execute("SELECT event_id, cluster_id, n_events, n_stories, n_sources "
                       "FROM memory.event_clusters WHERE event_id IN "
                       f"({', '.join('?' for _ in ids)})", ids).fetchall()
    return {r[0]: dict(zip(_CLUSTER, r[1:], strict=True)) for r in rows}


def records(cur: Cursor, ids: list[str]) -> list[dict[str, Any]]:
    """Event records (the JSON contract) in the order of `ids`, each with its `cluster`."""
    if not ids:
        return []
    found = dict(cur.execute(f"SELECT id, record FROM src.events WHERE id IN "
                             f"({', '.join('?' for _ in ids)})", ids).fetchall())
    clusters = _clusters(cur, ids)
    out = []
    for i in ids:
        if i in found:
            record = json.loads(found[i])
            record["cluster"] = clusters.get(i)
            out.append(record)
    return out


def count_events(cur: Cursor, f: EventFilter) -> int:
    clause, params = where(f)
    row = cur.execute(f"SELECT count(*) {clause}", params).fetchone()
    return int(row[0]) if row else 0


def list_events(cur: Cursor, f: EventFilter, *, limit: int, offset: int
                ) -> tuple[list[dict[str, Any]], int]:
    """One page of event records (newest first), each with its cluster, and the total."""
    clause, params = where(f)
    if not (f.actor or f.country or f.q or f.cluster):
        ids = [r[0] for r in cur.execute(f"SELECT e.id {clause} ORDER BY e.n LIMIT ? OFFSET ?",
                                         [*params, limit, offset]).fetchall()]
        return records(cur, ids), count_events(cur, f)
    # A join filter: one scan gives the page and (by a window) the total.
    rows = cur.execute(f"SELECT e.id, count(*) OVER () {clause} ORDER BY e.n LIMIT ? OFFSET ?",
                       [*params, limit, offset]).fetchall()
    total = int(rows[0][1]) if rows else count_events(cur, f)
    return records(cur, [r[0] for r in rows]), total


def get_event(cur: Cursor, event_id: str) -> dict[str, Any] | None:
    """An event record with its cluster, its story and the other reports of its cluster."""
    found = records(cur, [event_id])
    if not found:
        return None
    record = found[0]
    story = get_story(cur, record["story_id"], with_events=False)
    reports: list[dict[str, Any]] = []
    if record["cluster"]:
        reports = [dict(zip(("id", "story_id", "title", "source", "date", "text"), r,
                            strict=True)) for r in cur.execute(
            """SELECT e.id, e.story_id, e.title, e.source, e.date, e.text
               FROM src.events e WHERE e.id IN (SELECT event_id FROM memory.event_clusters
                                              WHERE cluster_id = ? AND event_id <> ?)
               ORDER BY e.date, e.id""", [record["cluster"]["id"], event_id]).fetchall()]
    return {"event": record, "story": story, "reports": reports}


def get_story(cur: Cursor, story_id: str, *, with_events: bool = True
              ) -> dict[str, Any] | None:
    """A story with its text; with its sentences and event records unless told otherwise."""
    row = cur.execute("SELECT story_id, title, source, url, published, text FROM src.stories "
                      "WHERE story_id = ?", [story_id]).fetchone()
    if row is None:
        return None
    story: dict[str, Any] = dict(zip(("id", "title", "source", "url", "published", "text"), row,
                                     strict=True))
    story["published"] = story["published"].isoformat() if story["published"] else None
    if with_events:
        story["sentences"] = [
            dict(zip(("index", "text", "char_start", "char_end", "kind", "reason"), r,
                     strict=True))
            for r in cur.execute("SELECT sentence, text, char_start, char_end, kind, reason "
                                 "FROM src.sentences WHERE story_id = ? ORDER BY sentence",
                                 [story_id]).fetchall()]
        ids = [r[0] for r in cur.execute("SELECT id FROM src.events WHERE story_id = ? "
                                         "ORDER BY sentence, id", [story_id]).fetchall()]
        story["events"] = records(cur, ids)
    return story


def stats(cur: Cursor, f: EventFilter) -> dict[str, Any]:
    """Counts by type, quad class, day and country (of location), in one scan."""
    clause, params = where(f)
    rows = cur.execute(
        f"""SELECT GROUPING(event), GROUPING(quad_code), GROUPING(day), GROUPING(country_code),
                   event, quad_code, strftime(day, '%Y-%m-%d'), country_code, count(*),
                   count(lat), count(*) FILTER (WHERE day IS NULL)
            {clause}
            GROUP BY GROUPING SETS ((event), (quad_code), (day), (country_code), ())""",
        params).fetchall()
    out: dict[str, Any] = {"total": 0, "located": 0, "without_location": 0, "without_day": 0,
                           "by_type": [], "by_quad": [], "by_day": [], "by_country": []}
    for g_type, g_quad, g_day, g_cc, event, quad, day, cc, n, located, undated in rows:
        if g_type and g_quad and g_day and g_cc:
            out.update(total=n, located=located, without_location=n - located,
                       without_day=undated)
        elif not g_type:
            out["by_type"].append({"event": event, "count": n})
        elif not g_quad:
            out["by_quad"].append({"quad_code": quad, "count": n})
        elif not g_day and day is not None:
            out["by_day"].append({"day": day, "count": n})
        elif not g_cc and cc is not None:
            out["by_country"].append({"country": cc, "count": n})
    out["by_type"].sort(key=lambda r: (-r["count"], r["event"]))
    out["by_quad"].sort(key=lambda r: r["quad_code"])
    out["by_day"].sort(key=lambda r: r["day"])
    out["by_country"].sort(key=lambda r: (-r["count"], r["country"]))
    return out


def points(cur: Cursor, f: EventFilter, *, limit: int) -> dict[str, Any]:
    """Located events for the map, newest first: [id, lat, lon, quad, type, day] each."""
    clause, params = where(f)
    rows = cur.execute(
        f"""SELECT e.id, e.lat, e.lon, e.quad_code, e.event, strftime(e.day_start, '%Y-%m-%d')
            {clause} AND e.lat IS NOT NULL AND e.lon IS NOT NULL
            ORDER BY e.n LIMIT ?""", [*params, limit]).fetchall()
    counts = cur.execute(f"SELECT count(*), count(e.lat) {clause}",
                         params).fetchone()
    total, located = (int(counts[0]), int(counts[1])) if counts else (0, 0)
    return {"items": [list(r) for r in rows], "located": located,
            "without_location": total - located, "total": total}


# ---------------------------------------------------------------- actors

_SUMMARY = ("actor_id", "name", "kind", "country", "sector", "code", "events", "as_actor",
            "as_recipient", "spellings")
_NAMED = ("SELECT actor_id FROM memory.actor_names WHERE actor_id = ? "
          "OR contains(lower(name), ?) OR contains(lower(text), ?)")


def list_actors(cur: Cursor, *, q: str | None, limit: int, offset: int
                ) -> tuple[list[dict[str, Any]], int]:
    """Actors by number of events; `q` matches the id, the name or any spelling seen."""
    clause, params = "TRUE", []
    if q:
        clause, params = f"actor_id IN ({_NAMED})", [q, q.lower(), q.lower()]
    rows = cur.execute(f"SELECT {', '.join(_SUMMARY)} FROM memory.actor_summary "
                       f"WHERE {clause} ORDER BY events DESC, actor_id LIMIT ? OFFSET ?",
                       [*params, limit, offset]).fetchall()
    total = cur.execute(f"SELECT count(*) FROM memory.actor_summary WHERE {clause}",
                        params).fetchone()
    return [dict(zip(_SUMMARY, r, strict=True)) for r in rows], int(total[0]) if total else 0


def _quads(column: str) -> str:
    """SQL for a list of event counts by quad class 1..4."""
    return "[" + ", ".join(f"count(*) FILTER (WHERE {column} = {q})" for q in QUADS) + "]"


def get_actor(cur: Cursor, actor_id: str, *, partners: int = 10) -> dict[str, Any] | None:
    """An actor's summary, every spelling seen, counts by type, timeline and top partners."""
    row = cur.execute(f"SELECT {', '.join(_SUMMARY)} FROM memory.actor_summary "
                      "WHERE actor_id = ?", [actor_id]).fetchone()
    if row is None:
        return None
    actor = dict(zip(_SUMMARY, row, strict=True))
    actor["spellings_seen"] = [
        {"text": t, "count": n} for t, n in cur.execute(
            "SELECT text, sum(n)::INTEGER AS n FROM memory.actor_names WHERE actor_id = ? "
            "GROUP BY text ORDER BY n DESC, text", [actor_id]).fetchall()]
    actor["names"] = [r[0] for r in cur.execute(
        "SELECT name FROM memory.actor_names WHERE actor_id = ? GROUP BY name "
        "ORDER BY sum(n) DESC, name", [actor_id]).fetchall()]
    mine = "SELECT n FROM memory.ea WHERE actor_id = ?"
    actor["by_type"] = [
        {"event": t, "quad_code": q, "count": n} for t, q, n in cur.execute(
            f"SELECT e.event, e.quad_code, count(*) AS n FROM memory.ev e "
            f"WHERE e.n IN ({mine}) GROUP BY ALL ORDER BY n DESC, 1", [actor_id]).fetchall()]
    actor["timeline"] = [
        {"month": m, "count": n} for m, n in cur.execute(
            f"SELECT strftime(e.day_start, '%Y-%m') AS month, count(*) FROM memory.ev e "
            f"WHERE e.n IN ({mine}) AND e.day_start IS NOT NULL GROUP BY month ORDER BY month",
            [actor_id]).fetchall()]
    actor["partners"] = [
        dict(zip(("actor_id", "name", "events", "as_actor", "as_recipient", "quads"), r,
                 strict=True))
        for r in cur.execute(
            f"""SELECT o.actor_id, any_value(s.name), count(DISTINCT o.n) AS k,
                       (count(*) FILTER (WHERE me.role = 'actor'))::INTEGER,
                       (count(*) FILTER (WHERE me.role = 'recipient'))::INTEGER,
                       {_quads('e.quad_code')}
                FROM memory.ea me
                JOIN memory.ea o ON o.n = me.n AND o.role <> me.role
                JOIN memory.ev e ON e.n = me.n
                LEFT JOIN memory.actor_summary s ON s.actor_id = o.actor_id
                WHERE me.actor_id = ? AND o.actor_id IS NOT NULL AND o.actor_id <> ?
                GROUP BY o.actor_id ORDER BY k DESC, o.actor_id LIMIT ?""",
            [actor_id, actor_id, partners]).fetchall()]
    return actor


def actor_mentions(cur: Cursor, actor_id: str, *, limit: int, offset: int
                   ) -> tuple[list[dict[str, Any]], int]:
    """Every mention of an actor in its event's sentence, newest first.

    Each item is the event record and `mentions`: the actor's spellings in that event, with
    their role (actor or recipient).
    """
    ids = [r[0] for r in cur.execute(
        "SELECT e.id FROM memory.ev e WHERE e.n IN (SELECT n FROM memory.ea "
        "WHERE actor_id = ?) ORDER BY e.n LIMIT ? OFFSET ?",
        [actor_id, limit, offset]).fetchall()]
    total = cur.execute("SELECT count(DISTINCT n) FROM memory.ea WHERE actor_id = ?",
                        [actor_id]).fetchone()
    items = []
    for record in records(cur, ids):
        mentions = [{"role": role, "text": ref["text"]}
                    for role in ("actor", "recipient") for ref in record[role]
                    if ref.get("actor_id") == actor_id]
        items.append({"event": record, "mentions": mentions})
    return items, int(total[0]) if total else 0


# ---------------------------------------------------------------- network

def _dominant(quads: list[int]) -> int:
    """The quad class with most events (the lower class on a tie)."""
    return 1 + max(range(4), key=lambda i: (quads[i], -i))


def network(cur: Cursor, f: EventFilter, *, nodes: int) -> dict[str, Any]:
    """Actor→recipient edges of the filtered events among the `nodes` busiest actors.

    Each edge counts its events by quad class; `quad` is the most frequent one.
    """
    clause, params = where(f)
    rows = cur.execute(
        f"""WITH m AS (SELECT e.n, e.quad_code {clause}),
            p AS (SELECT p.source, p.target, m.quad_code FROM memory.pairs p
                  JOIN m ON m.n = p.n),
            top AS (SELECT id, sum(k) AS k FROM (
                      SELECT source AS id, count(*) AS k FROM p GROUP BY 1 UNION ALL
                      SELECT target, count(*) FROM p GROUP BY 1)
                    GROUP BY id ORDER BY k DESC, id LIMIT ?)
            SELECT source, target, count(*) AS k, {_quads('quad_code')} AS quads
            FROM p WHERE source IN (SELECT id FROM top) AND target IN (SELECT id FROM top)
            GROUP BY source, target ORDER BY k DESC, source, target""",
        [*params, nodes]).fetchall()
    edges = [{"source": s, "target": t, "events": k, "quads": q, "quad": _dominant(q)}
             for s, t, k, q in rows]
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    summaries = {r[0]: r for r in cur.execute(
        "SELECT actor_id, name, kind, country FROM memory.actor_summary "
        "WHERE actor_id IN (SELECT unnest(?))", [ids]).fetchall()}
    degree: dict[str, int] = {}
    for e in edges:
        degree[e["source"]] = degree.get(e["source"], 0) + e["events"]
        degree[e["target"]] = degree.get(e["target"], 0) + e["events"]
    return {"nodes": [{"id": i, "name": summaries[i][1] if i in summaries else i,
                       "kind": summaries[i][2] if i in summaries else None,
                       "country": summaries[i][3] if i in summaries else None,
                       "events": degree[i]} for i in ids],
            "edges": edges}


# ---------------------------------------------------------------- exports

def _page(f: EventFilter) -> tuple[str, list[Any]]:
    """The matching event numbers and ids, oldest first (exports read in date order)."""
    clause, params = where(f)
    return (f"SELECT e.n, e.id {clause} "
            "ORDER BY e.n DESC LIMIT ?"), params


def export_batches(cur: Cursor, f: EventFilter, *, limit: int, batch: int = 5000
                   ) -> Iterator[list[dict[str, Any]]]:
    """Every matching record with its cluster, oldest first, in batches."""
    page, params = _page(f)
    cur.execute(
        f"""SELECT s.record, c.cluster_id, c.n_events, c.n_stories, c.n_sources
            FROM ({page}) page JOIN src.events s ON s.id = page.id
            LEFT JOIN memory.event_clusters c ON c.event_id = page.id
            ORDER BY page.n DESC""", [*params, limit])
    while rows := cur.fetchmany(batch):
        out = []
        for record_json, *cluster in rows:
            record = json.loads(record_json)
            record["cluster"] = (dict(zip(_CLUSTER, cluster, strict=True))
                                 if cluster[0] is not None else None)
            out.append(record)
        yield out


def export_arrow(cur: Cursor, f: EventFilter, *, limit: int, batch: int = 50_000) -> Any:
    """A pyarrow RecordBatchReader of flat event columns (for Parquet), oldest first."""
    page, params = _page(f)
    return cur.sql(
        f"""SELECT s.* EXCLUDE (record),
                   list(a.text ORDER BY a.position) FILTER (WHERE a.role = 'actor') AS actor,
                   list(a.actor_id ORDER BY a.position) FILTER (WHERE a.role = 'actor')
                     AS actor_id,
                   list(a.text ORDER BY a.position) FILTER (WHERE a.role = 'recipient')
                     AS recipient,
                   list(a.actor_id ORDER BY a.position) FILTER (WHERE a.role = 'recipient')
                     AS recipient_id,
                   c.cluster_id, c.n_events AS cluster_events, c.n_stories AS cluster_stories,
                   c.n_sources AS cluster_sources
            FROM ({page}) page JOIN src.events s ON s.id = page.id
            LEFT JOIN src.event_actors a ON a.event_id = page.id
            LEFT JOIN memory.event_clusters c ON c.event_id = page.id
            GROUP BY ALL ORDER BY any_value(page.n) DESC""",
        params=[*params, limit]).to_arrow_reader(batch)
