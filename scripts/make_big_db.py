"""Make a large synthetic Khaldun database for load tests of the API (never commit its output).

    .venv/bin/python scripts/make_big_db.py --events 1000000 --db /tmp/khaldun-big.duckdb

Everything is bulk-inserted with DuckDB SQL over `range(n)`, so a million events take well
under a minute. The rows follow the store's schema (khaldun.store.db.SCHEMA) and the event
record contract: 2,000 actors with several spellings each, 16 PLOVER types, 60 places in
30 countries (85% of events located), dates over 2000-2024, one story per four events, and
about one event in ten repeated by a second story of another source (so clusters form).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from khaldun.store.db import SCHEMA

TYPES = [("AGREE", "agreed with", 1, "030"), ("CONSULT", "met", 1, "040"),
         ("SUPPORT", "praised", 1, "051"), ("CONCEDE", "eased sanctions on", 2, "081"),
         ("COOPERATE", "cooperated with", 2, "060"), ("AID", "sent aid to", 2, "070"),
         ("RETREAT", "withdrew from", 2, "087"), ("REQUEST", "urged", 3, "100"),
         ("ACCUSE", "accused", 3, "112"), ("REJECT", "rejected", 3, "120"),
         ("THREATEN", "threatened", 3, "130"), ("PROTEST", "protested against", 3, "140"),
         ("SANCTION", "sanctioned", 4, "160"), ("MOBILIZE", "deployed troops against", 4, "150"),
         ("COERCE", "arrested", 4, "173"), ("ASSAULT", "attacked", 4, "190")]

PLACES = [("Baghdad", 33.34, 44.40, "IRQ"), ("Basra", 30.51, 47.78, "IRQ"),
          ("Sadr City", 33.39, 44.46, "IRQ"), ("Mosul", 36.34, 43.13, "IRQ"),
          ("Damascus", 33.51, 36.29, "SYR"), ("Aleppo", 36.20, 37.16, "SYR"),
          ("Beirut", 33.89, 35.50, "LBN"), ("Kabul", 34.53, 69.17, "AFG"),
          ("Kandahar", 31.61, 65.71, "AFG"), ("Islamabad", 33.69, 73.06, "PAK"),
          ("Lahore", 31.55, 74.34, "PAK"), ("Tehran", 35.69, 51.39, "IRN"),
          ("Cairo", 30.04, 31.24, "EGY"), ("Tripoli", 32.89, 13.19, "LBY"),
          ("Khartoum", 15.50, 32.56, "SDN"), ("Mogadishu", 2.05, 45.32, "SOM"),
          ("Nairobi", -1.29, 36.82, "KEN"), ("Goma", -1.68, 29.22, "COD"),
          ("Kinshasa", -4.32, 15.31, "COD"), ("Lagos", 6.52, 3.38, "NGA"),
          ("Abuja", 9.06, 7.50, "NGA"), ("Bamako", 12.64, -8.00, "MLI"),
          ("Kyiv", 50.45, 30.52, "UKR"), ("Kharkiv", 49.99, 36.23, "UKR"),
          ("Moscow", 55.76, 37.62, "RUS"), ("Caracas", 10.49, -66.88, "VEN"),
          ("Bogota", 4.71, -74.07, "COL"), ("Mexico City", 19.43, -99.13, "MEX"),
          ("Yangon", 16.87, 96.20, "MMR"), ("Manila", 14.60, 120.98, "PHL"),
          ("Jerusalem", 31.77, 35.21, "ISR"), ("Gaza", 31.50, 34.47, "PSE"),
          ("Sanaa", 15.37, 44.19, "YEM"), ("Aden", 12.79, 45.03, "YEM"),
          ("Riyadh", 24.71, 46.68, "SAU"), ("Ankara", 39.93, 32.86, "TUR"),
          ("Istanbul", 41.01, 28.98, "TUR"), ("Addis Ababa", 9.03, 38.74, "ETH"),
          ("Juba", 4.85, 31.58, "SSD"), ("Dhaka", 23.81, 90.41, "BGD"),
          ("Delhi", 28.61, 77.21, "IND"), ("Srinagar", 34.08, 74.80, "IND"),
          ("Beijing", 39.90, 116.40, "CHN"), ("Washington", 38.90, -77.04, "USA"),
          ("New York", 40.71, -74.01, "USA"), ("London", 51.51, -0.13, "GBR"),
          ("Paris", 48.86, 2.35, "FRA"), ("Brussels", 50.85, 4.35, "BEL"),
          ("Geneva", 46.20, 6.14, "CHE"), ("Port-au-Prince", 18.59, -72.31, "HTI"),
          ("Harare", -17.83, 31.05, "ZWE"), ("Maputo", -25.97, 32.57, "MOZ"),
          ("Tunis", 36.81, 10.18, "TUN"), ("Algiers", 36.75, 3.06, "DZA"),
          ("Benghazi", 32.12, 20.07, "LBY"), ("Homs", 34.73, 36.71, "SYR"),
          ("Herat", 34.35, 62.20, "AFG"), ("Peshawar", 34.01, 71.58, "PAK"),
          ("Quetta", 30.18, 66.98, "PAK"), ("Donetsk", 48.02, 37.80, "UKR")]

SECTORS = ["GOV", "MIL", "COP", "REB", "OPP", "CVL", "MED", "BUS", "REL", "PTY"]
SPELLINGS = ["{n}", "{n}'s forces", "the {n}", "{n} officials", "Mr {n}"]


def build(con: duckdb.DuckDBPyConnection, n: int) -> None:
    con.execute(SCHEMA)
    con.execute("CREATE TEMP TABLE types AS SELECT * FROM (VALUES "
                + ",".join(f"({i}, '{t}', '{v}', {q}, '{c}')"
                           for i, (t, v, q, c) in enumerate(TYPES))
                + ") t(i, event, verb, quad, cameo)")
    con.execute("CREATE TEMP TABLE places AS SELECT * FROM (VALUES "
                + ",".join(f"({i}, '{p}', {la}, {lo}, '{c}')"
                           for i, (p, la, lo, c) in enumerate(PLACES))
                + ") t(i, name, lat, lon, cc)")
    sectors = "[" + ",".join(f"'{s}'" for s in SECTORS) + "]"
    countries = sorted({c for *_, c in PLACES})
    clist = "[" + ",".join(f"'{c}'" for c in countries) + "]"
    con.execute(f"""CREATE TEMP TABLE actors AS
        SELECT i, 'syn-' || i AS actor_id,
               'Actor ' || chr((65 + i % 26)::INT) || chr((97 + (i // 26) % 26)::INT)
                 || ' ' || i AS name,
               {clist}[1 + (hash(i) % {len(countries)})::INT] AS country,
               {sectors}[1 + (hash(i * 7) % {len(SECTORS)})::INT] AS sector
        FROM range(2000) r(i)""")
    spell = "[" + ",".join("'" + s.replace("'", "''") + "'" for s in SPELLINGS) + "]"
    # Actor popularity is skewed: low ids appear far more often (a few big actors).
    con.execute(f"""CREATE TEMP TABLE base AS
        SELECT i,
               (i // 4) AS story_n,
               (floor(pow(random(), 3) * 2000))::INT AS a,
               (floor(pow(random(), 3) * 2000))::INT AS b,
               (hash(i * 3) % 16)::INT AS t,
               (hash(i * 5) % {len(PLACES)})::INT AS p,
               (hash(i * 11) % 100) < 85 AS located,
               (hash(i * 13) % 100) < 4 AS neg,
               DATE '2000-01-01' + (hash(i * 17) % 9131)::INT AS day,
               (hash(i * 19) % {len(SPELLINGS)})::INT AS sa,
               (hash(i * 23) % {len(SPELLINGS)})::INT AS sb,
               0.5 + (hash(i * 29) % 50) / 100.0 AS conf
        FROM range({n}) r(i)""")
    # One event in ten is a second report (another story and source) of the previous event.
    con.execute("""CREATE TEMP TABLE ev AS
        SELECT b.i, b.story_n,
               CASE WHEN b.i % 10 = 9 THEN prev.a ELSE b.a END AS a,
               CASE WHEN b.i % 10 = 9 THEN prev.b ELSE b.b END AS b,
               CASE WHEN b.i % 10 = 9 THEN prev.t ELSE b.t END AS t,
               CASE WHEN b.i % 10 = 9 THEN prev.p ELSE b.p END AS p,
               CASE WHEN b.i % 10 = 9 THEN prev.located ELSE b.located END AS located,
               b.neg, CASE WHEN b.i % 10 = 9 THEN prev.day + 1 ELSE b.day END AS day,
               b.sa, b.sb, b.conf
        FROM base b LEFT JOIN base prev ON prev.i = b.i - 1""")
    con.execute(f"""CREATE TEMP TABLE ev2 AS
        SELECT ev.*, ty.event, ty.verb, ty.quad, ty.cameo, pl.name AS place, pl.cc,
               pl.lat + ((hash(ev.i * 31) % 100)::INT - 50) / 200.0 AS lat,
               pl.lon + ((hash(ev.i * 37) % 100)::INT - 50) / 200.0 AS lon,
               aa.actor_id AS a_id, aa.name AS a_name, aa.country AS a_cc, aa.sector AS a_sec,
               replace({spell}[ev.sa + 1], '{{n}}', aa.name) AS a_text,
               bb.actor_id AS b_id, bb.name AS b_name, bb.country AS b_cc, bb.sector AS b_sec,
               replace({spell}[ev.sb + 1], '{{n}}', bb.name) AS b_text,
               'syn-' || lpad(ev.story_n::VARCHAR, 8, '0') AS story_id,
               'Source ' || (hash(ev.story_n) % 300)::VARCHAR AS source
        FROM ev JOIN types ty ON ty.i = ev.t JOIN places pl ON pl.i = ev.p
        JOIN actors aa ON aa.i = ev.a JOIN actors bb ON bb.i = ev.b""")
    con.execute("""CREATE TEMP TABLE ev3 AS
        SELECT *, a_text || (CASE WHEN neg THEN ' did not ' ELSE ' ' END) || verb || ' '
                  || b_text || ' in ' || place || '.' AS text,
                  md5(i::VARCHAR)[:20] AS id, (i % 4)::INT AS sentence
        FROM ev2""")
    con.execute("""INSERT INTO events SELECT
        id, story_id, sentence, text, 0, length(text), verb, event, NULL, cameo, quad,
        CASE WHEN quad = 4 THEN -7.0 WHEN quad = 3 THEN -4.0 ELSE 3.0 END,
        CASE WHEN located THEN place END, CASE WHEN located THEN lat END,
        CASE WHEN located THEN lon END, CASE WHEN located THEN cc END,
        strftime(day, '%Y-%m-%d'), 'day', NULL, neg, NULL, NULL, conf, 'khaldun synthetic',
        day, 'Synthetic story ' || story_n, source, NULL,
        json_object('id', id, 'story_id', story_id, 'sentence', sentence, 'text', text,
          'char_start', 0, 'char_end', length(text), 'trigger', verb, 'event', event,
          'mode', NULL, 'context', [], 'cameo', cameo, 'quad_code', quad,
          'intensity', CASE WHEN quad = 4 THEN -7.0 WHEN quad = 3 THEN -4.0 ELSE 3.0 END,
          'actor', [json_object('text', a_text, 'actor_id', a_id, 'name', a_name,
                    'country', a_cc, 'sector', a_sec, 'kind', 'organization',
                    'code', a_cc || a_sec, 'reason', 'synthetic')],
          'recipient', [json_object('text', b_text, 'actor_id', b_id, 'name', b_name,
                    'country', b_cc, 'sector', b_sec, 'kind', 'organization',
                    'code', b_cc || b_sec, 'reason', 'synthetic')],
          'location', CASE WHEN located THEN json_object('text', place, 'name', place,
                    'geonameid', NULL, 'lat', lat, 'lon', lon, 'admin1', NULL,
                    'country_code', cc, 'resolution', 'city') END,
          'date', strftime(day, '%Y-%m-%d'), 'date_granularity', 'day', 'date_text', NULL,
          'negated', neg, 'modality', NULL, 'attribution', NULL, 'confidence', conf,
          'reasons', json_object(), 'coder', 'khaldun synthetic',
          'published', strftime(day, '%Y-%m-%d'), 'title', 'Synthetic story ' || story_n,
          'source', source, 'url', NULL)
        FROM ev3""")
    con.execute("""INSERT INTO event_actors
        SELECT id, 'actor', 0, a_text, a_id, a_name, a_cc, a_sec, 'organization',
               a_cc || a_sec, 'synthetic' FROM ev3
        UNION ALL
        SELECT id, 'recipient', 0, b_text, b_id, b_name, b_cc, b_sec, 'organization',
               b_cc || b_sec, 'synthetic' FROM ev3""")
    con.execute("""INSERT INTO sentences
        SELECT story_id, sentence, any_value(text), 0, length(any_value(text)), 'text',
               NULL, NULL FROM ev3 GROUP BY ALL""")
    con.execute("""INSERT INTO stories
        SELECT story_id, md5(story_id), 'Synthetic story ' || any_value(story_n),
               any_value(source), NULL, min(day),
               string_agg(text, ' ' ORDER BY sentence), 'synthetic', 'synthetic',
               now()::TIMESTAMP
        FROM (SELECT DISTINCT ON (story_id, sentence) * FROM ev3) GROUP BY story_id""")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/khaldun-big.duckdb"))
    args = parser.parse_args()
    if args.db.exists():
        args.db.unlink()
    started = time.perf_counter()
    con = duckdb.connect(str(args.db))
    build(con, args.events)
    con.close()
    print(f"wrote {args.events} events to {args.db} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
