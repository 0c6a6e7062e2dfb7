"""Cross-story deduplication: events that report the same happening become one cluster.

Wire services word the same attack differently: one names "Iraqi troops", another "the Iraqi
army"; one places it in "Sadr City", another in "Baghdad"; one leaves the target out. So two
events are linked as reports of one happening when all of these hold:
- the same PLOVER type, neither negated, both dated;
- dates within a day of each other (dates of month or year granularity must be equal);
- compatible places: the same place name, or points within `NEAR_KM`, or both unlocated;
- compatible parties, role by role (actor with actor, recipient with recipient): the same
  resolved actor, or the same country and sector (a match); or one side not named or named
  but unknown (no country, no sector: "targets", an unresolved surname), or the same country
  with one sector unknown, or two armed non-state groups (REB, INS, UAF) of one country (no
  conflict); at least one role must match (two events with nothing named in common are not
  linked).
Links chain: reports of the 4th, 5th and 6th form one cluster. Candidate pairs come from one
SQL self-join (blocked on type and date); the clusters are the connected components.

Only clusters of two or more events are stored; an event without a row stands alone. A
cluster's id is the smallest event id in it; it carries how many events, stories and sources
report it (GDELT's NumArticles and NumSources), its earliest date and its `dead`: the
fatalities its reports support. Each story counts with the highest figure it gives (its total;
other figures of a story mostly detail part of it); the cluster takes the figure of its most
recent story that gives one, because tolls are revised as reports come in, and of several
stories of that latest day the lowest, because where reports differ ACLED takes the most
conservative estimate ("Fatalities", Uses and limitations of ACLED data, 2023). The table is
rebuilt from all stored events after each write, so it grows with the stories as they arrive.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import duckdb

NEAR_KM = 50.0
ARMED = "('REB', 'INS', 'UAF')"  # armed non-state sectors a report may use for one group

PAIRS_SQL = """
WITH parties AS (
    SELECT event_id,
           any_value(actor_id ORDER BY position) FILTER (WHERE role = 'actor') AS a_id,
           any_value(country ORDER BY position) FILTER (WHERE role = 'actor') AS a_cc,
           any_value(sector ORDER BY position) FILTER (WHERE role = 'actor') AS a_sec,
           any_value(actor_id ORDER BY position) FILTER (WHERE role = 'recipient') AS r_id,
           any_value(country ORDER BY position) FILTER (WHERE role = 'recipient') AS r_cc,
           any_value(sector ORDER BY position) FILTER (WHERE role = 'recipient') AS r_sec,
           bool_or(role = 'actor') AS has_a, bool_or(role = 'recipient') AS has_r
    FROM {source}.event_actors GROUP BY event_id),
ev AS (
    SELECT e.id, e.event, lower(e.location_name) AS place, e.lat, e.lon, e.date,
           CASE WHEN e.date_granularity = 'day'
                THEN date_diff('day', DATE '1970-01-01', TRY_CAST(e.date AS DATE)) END AS day,
           coalesce(p.has_a, false) AS has_a, coalesce(p.has_r, false) AS has_r,
           p.a_id, p.a_cc, p.a_sec, p.r_id, p.r_cc, p.r_sec
    FROM {source}.events e LEFT JOIN parties p ON p.event_id = e.id
    WHERE NOT coalesce(e.negated, false) AND e.date IS NOT NULL
      AND (e.date_granularity <> 'day' OR TRY_CAST(e.date AS DATE) IS NOT NULL)),
-- Blocking by equality only (type and day, the day shifted by -1, 0, +1), so DuckDB hash-joins
-- instead of comparing every pair of a type.
candidates AS (
    SELECT x.id AS a, y.id AS b
    FROM (SELECT id, event, day + d AS near FROM ev, (VALUES (-1), (0), (1)) shift(d)
          WHERE day IS NOT NULL) x
    JOIN ev y ON y.event = x.event AND y.day = x.near AND x.id < y.id
    UNION ALL
    SELECT x.id, y.id FROM ev x JOIN ev y
      ON y.event = x.event AND y.date = x.date AND x.day IS NULL AND y.day IS NULL
     AND x.id < y.id),
pairs AS (
    SELECT x.id AS a, y.id AS b,
           -- per role: 2 the same party, 1 no conflict (see the module docstring), 0 others
           {actor_fit} AS actor_fit,
           {recipient_fit} AS recipient_fit,
           CASE WHEN x.place IS NULL AND y.place IS NULL THEN true
                WHEN x.place = y.place THEN true
                WHEN x.lat IS NOT NULL AND y.lat IS NOT NULL THEN
                    2 * 6371 * asin(sqrt(pow(sin(radians(y.lat - x.lat) / 2), 2)
                        + cos(radians(x.lat)) * cos(radians(y.lat))
                          * pow(sin(radians(y.lon - x.lon) / 2), 2))) <= {near_km}
                ELSE false END AS same_place
    FROM candidates c JOIN ev x ON x.id = c.a JOIN ev y ON y.id = c.b)
SELECT p.a, p.b, p.actor_fit + p.recipient_fit AS fit, x.a_cc, x.r_cc, y.a_cc, y.r_cc
FROM pairs p JOIN ev x ON x.id = p.a JOIN ev y ON y.id = p.b
WHERE same_place AND actor_fit > 0 AND recipient_fit > 0 AND actor_fit + recipient_fit >= 3
ORDER BY fit DESC, p.a, p.b
"""


# The cluster's fatalities (the module docstring says the rule). Read from the record, which
# every database has, so a database made before the dead column was added still opens.
FIGURES_SQL = """
stories AS (
    SELECT l.cluster_id, e.story_id, max(e.published) AS published,
           max(TRY_CAST(e.record->>'$.dead' AS INTEGER)) AS dead
    FROM khaldun_links l JOIN {source}.events e ON e.id = l.event_id
    GROUP BY l.cluster_id, e.story_id HAVING dead IS NOT NULL),
f AS (
    SELECT cluster_id, min(dead) AS dead
    FROM (SELECT *, max(published) OVER (PARTITION BY cluster_id) AS newest FROM stories)
    WHERE published IS NOT DISTINCT FROM newest
    GROUP BY cluster_id)"""


def _fit(r: str) -> str:
    """SQL for how well the parties of one role (a: actor, r: recipient) of x and y agree."""
    return (f"CASE WHEN x.{r}_id = y.{r}_id OR (x.{r}_cc = y.{r}_cc AND x.{r}_sec = y.{r}_sec) "
            f"THEN 2 WHEN x.{r}_cc IS NULL AND x.{r}_sec IS NULL "
            f"OR y.{r}_cc IS NULL AND y.{r}_sec IS NULL "
            f"OR x.{r}_cc = y.{r}_cc AND (x.{r}_sec IS NULL OR y.{r}_sec IS NULL "
            f"OR x.{r}_sec IN {ARMED} AND y.{r}_sec IN {ARMED}) THEN 1 ELSE 0 END")


def _pairs_sql(source: str) -> str:
    return PAIRS_SQL.format(source=source, near_km=NEAR_KM, actor_fit=_fit("a"),
                            recipient_fit=_fit("r"))


def _components(pairs: list[tuple[Any, ...]]) -> dict[str, str]:
    """Event id -> the smallest id of its cluster. Pairs come best first (both parties
    matched before one missing); a report that names only one party joins a cluster only
    when it does not bridge two clusters whose named parties differ (an untargeted "troops
    attacked" must not merge an attack on rebels with one on the government). Parties are
    compared here by country: two clusters whose named parties of one role share no country
    stay apart."""
    parent: dict[str, str] = {}
    named: dict[str, tuple[set[str], set[str]]] = {}  # root -> actor, recipient countries

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def keys(x: str, actor: str | None, recipient: str | None) -> None:
        sides = named.setdefault(root(x), (set(), set()))
        sides[0].update([actor] if actor else [])
        sides[1].update([recipient] if recipient else [])

    for a, b, _fit, a_actor, a_recipient, b_actor, b_recipient in pairs:
        keys(a, a_actor, a_recipient)
        keys(b, b_actor, b_recipient)
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        left, right = named[ra], named[rb]
        if any(mine and theirs and not mine & theirs
               for mine, theirs in zip(left, right, strict=True)):
            continue  # the two clusters name different parties: not one happening
        low, high = min(ra, rb), max(ra, rb)
        parent[high] = low
        merged = named.pop(high)
        named[low][0].update(merged[0])
        named[low][1].update(merged[1])
    roots = {x: root(x) for x in parent}
    sizes = Counter(roots.values())
    return {x: r for x, r in roots.items() if sizes[r] > 1}  # a refused pair leaves singles


def build_clusters(con: duckdb.DuckDBPyConnection, *, source: str = "main",
                   target: str = "main", name: str = "event_clusters") -> int:
    """(Re)create `{target}.{name}` (event_clusters) from the events in catalog `source`.

    Returns how many events belong to a cluster of two or more.
    """
    pairs = con.execute(_pairs_sql(source)).fetchall()
    members = _components(pairs)
    import pyarrow as pa

    links = pa.table({"event_id": list(members), "cluster_id": list(members.values())},
                     schema=pa.schema([("event_id", pa.string()), ("cluster_id", pa.string())]))
    con.register("khaldun_links", links)
    try:
        con.execute(f"""
            CREATE OR REPLACE TABLE {target}.{name} AS
            WITH c AS (
                SELECT l.cluster_id, count(*)::INTEGER AS n_events,
                       count(DISTINCT e.story_id)::INTEGER AS n_stories,
                       count(DISTINCT e.source)::INTEGER AS n_sources,
                       min(e.date) AS first_date
                FROM khaldun_links l JOIN {source}.events e ON e.id = l.event_id
                GROUP BY l.cluster_id),
            {FIGURES_SQL.format(source=source)}
            SELECT l.event_id, l.cluster_id, c.n_events, c.n_stories, c.n_sources,
                   c.first_date, f.dead
            FROM khaldun_links l JOIN c USING (cluster_id) LEFT JOIN f USING (cluster_id)""")
    finally:
        con.unregister("khaldun_links")
    return len(members)

