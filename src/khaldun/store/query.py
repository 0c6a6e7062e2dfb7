"""Read-side SQL for the API and the web pages: pages of events, stories, stats, points,
actors and their mentions, the network and exports.

Every function here takes a cursor (from `khaldun.store.reader.Reader`) and plain values,
with the filter of `khaldun.store.filters`, and returns plain dicts and lists, so the API and
the pages are thin adapters over them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from khaldun.store.filters import QUADS, Cursor, EventFilter, where

_CLUSTER = ("id", "events", "stories", "sources", "first_date", "dead")


def _clusters(cur: Cursor, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = cur.execute("SELECT event_id, cluster_id, n_events, n_stories, n_sources, "
                       "first_date, dead "
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


def _page(f: EventFilter) -> tuple[str, list[Any]]:
    """The matching event numbers and ids, oldest first (exports read in date order)."""
    clause, params = where(f)
    return (f"SELECT e.n, e.id {clause} "
            "ORDER BY e.n DESC LIMIT ?"), params


def export_batches(cur: Cursor, f: EventFilter, *, limit: int, batch: int = 5000
                   ) -> Iterator[list[dict[str, Any]]]:
    """Every matching record with its cluster, oldest first, in batches.

    Only the narrow (id, cluster) rows are sorted; each batch's records are then fetched by
    id. Sorting the records themselves would hold every one of them in memory (a gigabyte
    for a million events) before the first was sent."""
    page, params = _page(f)
    cur.execute(
        f"""SELECT page.id, c.cluster_id, c.n_events, c.n_stories, c.n_sources, c.first_date,
                   c.dead
            FROM ({page}) page LEFT JOIN memory.event_clusters c ON c.event_id = page.id
            ORDER BY page.n DESC""", [*params, limit])
    records = cur.cursor()
    try:
        while rows := cur.fetchmany(batch):
            found = dict(records.execute(
                "SELECT id, record FROM src.events WHERE id IN (SELECT unnest(?))",
                [[row[0] for row in rows]]).fetchall())
            out = []
            for event_id, *cluster in rows:
                record = json.loads(found[event_id])
                record["cluster"] = (dict(zip(_CLUSTER, cluster, strict=True))
                                     if cluster[0] is not None else None)
                out.append(record)
            yield out
    finally:
        records.close()


def export_arrow(cur: Cursor, f: EventFilter, *, limit: int, batch: int = 50_000
                 ) -> Iterator[Any]:
    """Flat event columns (for Parquet) as pyarrow tables of up to `batch` rows, oldest
    first; the first is always yielded (maybe empty), so its schema is known. As in
    `export_batches`, only ids are sorted and each batch's rows are fetched by id."""
    page, params = _page(f)
    cur.execute(f"SELECT page.id FROM ({page}) page ORDER BY page.n DESC", [*params, limit])
    rows = cur.cursor()
    try:
        first = True
        while (ids := [r[0] for r in cur.fetchmany(batch)]) or first:
            first = False
            yield rows.sql(
                """WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS id,
                                          unnest(range(len(?::VARCHAR[]))) AS pos)
                   SELECT s.* EXCLUDE (record),
                       list(a.text ORDER BY a.position) FILTER (WHERE a.role = 'actor')
                         AS actor,
                       list(a.actor_id ORDER BY a.position) FILTER (WHERE a.role = 'actor')
                         AS actor_id,
                       list(a.text ORDER BY a.position) FILTER (WHERE a.role = 'recipient')
                         AS recipient,
                       list(a.actor_id ORDER BY a.position)
                         FILTER (WHERE a.role = 'recipient') AS recipient_id,
                       c.cluster_id, c.n_events AS cluster_events,
                       c.n_stories AS cluster_stories, c.n_sources AS cluster_sources,
                       c.first_date AS cluster_first_date, c.dead AS cluster_dead
                   FROM wanted w JOIN src.events s ON s.id = w.id
                   LEFT JOIN src.event_actors a ON a.event_id = w.id
                   LEFT JOIN memory.event_clusters c ON c.event_id = w.id
                   GROUP BY ALL ORDER BY any_value(w.pos)""", params=[ids, ids]).to_arrow_table()
    finally:
        rows.close()
