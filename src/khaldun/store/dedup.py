"""Cross-story deduplication: events that report the same happening become one cluster.

Two events are reports of one happening when they have the same PLOVER type, the same actors
and recipients (by actor id, else by lower-cased text), the same place (location name and
country, or both unlocated) and dates within a day of each other; dates of month or year
granularity must be equal. Chains link up: reports dated the 4th, 5th and 6th form one cluster.
Negated and undated events are never clustered. Only clusters of two or more events are stored;
an event without a row stands alone.

A cluster's id is the smallest event id in it, and it carries how many events, stories and
sources report it (corroboration).
"""

from __future__ import annotations

import duckdb

CLUSTERS_SQL = """
CREATE OR REPLACE TABLE {target}.{name} AS
WITH sides AS (
    -- order-free fingerprint of who did what to whom: XOR of (role, actor) hashes
    SELECT event_id, bit_xor(hash(role, coalesce(actor_id, lower(text)))) AS sides
    FROM {source}.event_actors GROUP BY event_id),
keyed AS (
    SELECT e.id, e.story_id, e.source,
           hash(e.event, s.sides, lower(e.location_name), e.country_code,
                CASE WHEN e.date_granularity = 'day' THEN NULL ELSE e.date END) AS key,
           CASE WHEN e.date_granularity = 'day'
                THEN date_diff('day', DATE '1970-01-01', TRY_CAST(e.date AS DATE))
                ELSE 0 END AS day
    FROM {source}.events e LEFT JOIN sides s ON s.event_id = e.id
    WHERE NOT coalesce(e.negated, false) AND e.date IS NOT NULL
      AND (e.date_granularity <> 'day' OR TRY_CAST(e.date AS DATE) IS NOT NULL)),
breaks AS (
    SELECT *, CASE WHEN day - lag(day) OVER (PARTITION BY key ORDER BY day, id) <= 1
                   THEN 0 ELSE 1 END AS new_cluster
    FROM keyed),
numbered AS (
    SELECT *, sum(new_cluster) OVER (PARTITION BY key ORDER BY day, id
                                     ROWS UNBOUNDED PRECEDING) AS n
    FROM breaks),
clusters AS (
    SELECT key, n, min(id) AS cluster_id, count(*)::INTEGER AS n_events,
           count(DISTINCT story_id)::INTEGER AS n_stories,
           count(DISTINCT source)::INTEGER AS n_sources
    FROM numbered GROUP BY key, n HAVING count(*) > 1)
SELECT numbered.id AS event_id, cluster_id, n_events, n_stories, n_sources
FROM numbered JOIN clusters USING (key, n)
"""


def build_clusters(con: duckdb.DuckDBPyConnection, *, source: str = "main",
                   target: str = "main", name: str = "event_clusters") -> int:
    """(Re)create `{target}.{name}` (event_clusters) from the events in catalog `source`.

    Returns how many events belong to a cluster of two or more.
    """
    con.execute(CLUSTERS_SQL.format(source=source, target=target, name=name))
    row = con.execute(f"SELECT count(*) FROM {target}.{name}").fetchone()
    return int(row[0]) if row else 0
