"""Issue 15 item 1: dead, injured and size read from the event's sentence, with the span and
a reason; null when no number is given; one figure, one event. Sentences written for these
tests; real spaCy parses."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from khaldun.apps.api import create_app
from khaldun.errors import AbsentSet
from khaldun.evaluate.gold import GoldEvent, GoldSet, GoldStory, read_gold
from khaldun.evaluate.score import score
from khaldun.events.counts import number_value, words
from khaldun.pipeline import Coder
from khaldun.records import CodedStory, Event, Story
from khaldun.store.db import Store
from khaldun.store.export import export
from khaldun.store.shapes import fatalities


def code(coder: Coder, text: str) -> list[Event]:
    (result,) = coder.code_batch([Story("t", text, published="2024-03-10")])
    assert isinstance(result, CodedStory)
    return list(result.events)


def figures(coder: Coder, text: str, trigger: str) -> tuple[int | None, int | None, int | None]:
    (event,) = [e for e in code(coder, text) if e.trigger.split()[0] == trigger]
    return event.dead, event.injured, event.size


@pytest.mark.parametrize(("words_", "value"), [
    (["1,600"], 1600), (["twenty", "-", "five"], 25), (["1.2", "million"], 1_200_000),
    (["two", "hundred", "and", "fifty"], 250), (["a", "dozen"], 12), (["two", "dozen"], 24),
    (["dozens"], 12), (["hundreds"], 100), (["Tens", "of", "thousands"], 10_000),
    (["hundreds", "of", "thousands"], 100_000), (["several", "hundred"], 100),
    (["scores"], 20), (["many"], None), (["years"], None),
])
def test_casualties_number_words(words_: list[str], value: int | None) -> None:
    assert number_value(words_, words()) == value


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # killed, wounded, lower bounds, number words
    ("Gunmen stormed a bus station in Maiduguri on Friday, killing at least 20 civilians.",
     "stormed", (20, None, None)),
    ("Jihadists overran an army base near Gao, killing more than 1,600 soldiers over two days.",
     "overran", (1600, None, None)),
    ("Rebels ambushed a supply convoy outside Beni, killing two soldiers and wounding five.",
     "ambushed", (2, 5, None)),
    ("A drone strike on a house in Saada killed a man and four children, relatives said.",
     "killed", (5, None, None)),
    ("The militia shelled a camp for displaced families, killing dozens.",
     "shelled", (12, None, None)),
    ("Troops opened fire on the marchers, killing hundreds and possibly thousands.",
     "opened", (100, None, None)),
    ("Police fired rubber bullets at striking miners, wounding a dozen of them.",
     "fired", (None, 12, None)),
    ("About forty villagers were wounded when militiamen raided the settlement.",
     "wounded", (None, 40, None)),
    ("A suicide bomber blew himself up at a funeral, leaving 31 people dead and 50 wounded.",
     "blew", (31, 50, None)),
    ("Police attacked the sit-in, but no one was hurt, organisers said.",
     "attacked", (None, 0, None)),
    ("Bandits killed or injured 14 travellers on the road to Sokoto.",
     "killed", (None, None, 14)),
    # sizes: crowds, forces, people arrested or taken
    ("Tens of thousands of teachers marched through Buenos Aires on Thursday.",
     "marched", (None, None, 10_000)),
    ("Some 3,000 farmers blocked the motorway to Lyon with tractors.",
     "blocked", (None, None, 3000)),
    ("The army deployed 3,000 troops and forty armoured vehicles to the northern border.",
     "deployed", (None, None, 3000)),
    ("Riot police detained hundreds of students outside the parliament in Tbilisi.",
     "detained", (None, None, 100)),
    ("Gunmen kidnapped 27 pupils from a boarding school in Kagara.",
     "kidnapped", (None, None, 27)),
])
def test_casualties_patterns(coder: Coder, text: str, trigger: str,
                             expected: tuple[int | None, int | None, int | None]) -> None:
    assert figures(coder, text, trigger) == expected


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger"), [
    ("A 56-year-old farmer was shot dead at a checkpoint near Nablus in 2019.", "shot"),
    ("The rebels announced a 10-point plan and staged a two-day strike in Juba.", "strike"),
    ("Militants attacked the mine two years ago and seized $40,000 from its safe.", "attacked"),
    ("Militants attacked the mine two years ago and seized $40,000 from its safe.", "seized"),
    ("Soldiers opened fire on the protesters on 12 March, the commission said.", "opened"),
    ("Police fired tear gas at demonstrators in Dakar, injuring several.", "fired"),
])
def test_casualties_other_numbers_are_never_taken(coder: Coder, text: str, trigger: str) -> None:
    dead, injured, size = figures(coder, text, trigger)
    # Only the one person shot: not 56, 2019, 10, two, 40,000 or 12.
    assert (dead, injured) in ((None, None), (1, None)) and size in (None, 1)
    assert dead == (1 if "shot dead" in text else None)


@pytest.mark.slow
def test_casualties_carry_their_span_and_reason(coder: Coder) -> None:
    (event,) = [e for e in code(coder, "Gunmen stormed a bus station in Maiduguri on Friday, "
                                       "killing at least 20 civilians.")
                if e.event == "ASSAULT"]
    assert event.dead == 20
    assert "'killing at least 20 civilians'" in event.reasons["dead"]
    assert "lower bound" in event.reasons["dead"]
    assert event.as_dict()["dead"] == 20 and event.as_dict()["injured"] is None


@pytest.mark.slow
def test_casualties_are_never_counted_twice(coder: Coder) -> None:
    # "wounding" is coded as an event of its own; its figure belongs to the ambush whose
    # outcome it tells, and the wounding event says so.
    events = [e for e in code(coder, "Insurgents ambushed a police patrol near Kunduz, killing "
                                     "three officers and wounding seven others.")
              if e.event == "ASSAULT"]
    assert sum(e.dead or 0 for e in events) == 3
    assert sum(e.injured or 0 for e in events) == 7
    others = [e for e in events if e.trigger != "ambushed"]
    assert all("one figure, one event" in e.reasons.get("injured", "one figure, one event")
               for e in others)
    # Two events in one sentence, each with its own clause's number.
    events = code(coder, "Police arrested 40 students in Dhaka, and soldiers killed two "
                         "farmers in Rangpur.")
    by_type = {e.event: e for e in events}
    assert (by_type["COERCE"].size, by_type["COERCE"].dead) == (40, None)
    assert (by_type["ASSAULT"].dead, by_type["ASSAULT"].size) == (2, None)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "dead", "injured"), [
    # an assault told by a noun and by its killing verb: both are events, one holds the toll
    ("Clashes between rival clans killed 16 herders near Baidoa on Sunday.", 16, 0),
    ("A drone attack by militiamen on a market in Omdurman killed 15 shoppers and wounded "
     "dozens.", 15, 12),
    # a killing told in the attack it happened in: the extractor keeps one telling
    ("Government troops killed 30 rebels in an offensive near Goma on Monday.", 30, 0),
    # two clauses with their own doers keep their own tolls
    ("Ten soldiers were killed when their convoy hit a mine, and militants then ambushed the "
     "survivors, killing four more.", 14, 0),
])
def test_casualties_a_sentences_events_add_up_to_its_toll(coder: Coder, text: str, dead: int,
                                                          injured: int) -> None:
    events = code(coder, text)
    assert sum(e.dead or 0 for e in events) == dead
    assert sum(e.injured or 0 for e in events) == injured


@pytest.mark.slow
def test_casualties_only_for_the_four_types(coder: Coder) -> None:
    events = code(coder, "The minister met 200 delegates in Geneva on Monday.")
    assert events and all(e.dead is None and e.size is None for e in events)


# --- store, API and exports ---------------------------------------------------------------

def _reports() -> list[CodedStory]:
    """Three wire reports of one attack (a cluster) with the tolls as they rose, and a
    protest with its crowd."""
    from tests.test_api import MAHDI, SADR_CITY, TROOPS, Spec, coded

    def told(key: str, story: str, source: str, published: str, **figures: int) -> CodedStory:
        spec = Spec(key, story, source, published,
                    "Iraqi troops attacked Mahdi Army fighters in Sadr City.", "ASSAULT",
                    "attacked", 4, TROOPS, MAHDI, "2008-04-05", SADR_CITY)
        c = coded(spec)
        return replace(c, events=tuple(replace(e, **figures) for e in c.events))

    protest = Spec("march", "w4", "Wire D", "2008-05-01",
                   "Thousands of students marched in Basra.", "PROTEST", "marched", 3,
                   ("Thousands of students", "x-students", "students", "IRQ"), None,
                   "2008-05-01", None, mode="demo")
    return [told("r1", "w1", "Wire A", "2008-04-05", dead=12, injured=30),
            told("r2", "w2", "Wire B", "2008-04-06", dead=15),
            told("r3", "w3", "Wire C", "2008-04-06", dead=14),
            replace(coded(protest), events=tuple(replace(e, size=1000)
                                                 for e in coded(protest).events))]


@pytest.fixture(scope="module")
def reports_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("casualties") / "events.duckdb"
    with Store.open(path) as store:
        store.write_batch(_reports(), run_id="test")
    return path


def test_casualties_are_stored_in_their_columns_and_records(reports_db: Path) -> None:
    with Store.open(reports_db, read_only=True) as store:
        rows = store.con.execute("SELECT id, dead, injured, size FROM events "
                                 "ORDER BY id").fetchall()
        records = {r["id"]: r for r in store.query_events()}
    assert rows == [("ev-march", None, None, 1000), ("ev-r1", 12, 30, None),
                    ("ev-r2", 15, None, None), ("ev-r3", 14, None, None)]
    assert (records["ev-r1"]["dead"], records["ev-r1"]["injured"]) == (12, 30)


def test_casualties_columns_are_added_to_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:  # a database from before the columns, as it was
        store.con.execute("ALTER TABLE events DROP COLUMN dead; ALTER TABLE events DROP "
                          "COLUMN injured; ALTER TABLE events DROP COLUMN size")
    with Store.open(path) as store:
        store.write_batch(_reports()[:1], run_id="test")
        assert store.con.execute("SELECT dead, injured FROM events").fetchall() == [(12, 30)]


def test_casualties_in_the_api_and_its_exports(reports_db: Path) -> None:
    with TestClient(create_app(str(reports_db))) as c:
        event = c.get("/api/events/ev-r2").json()["event"]
        assert (event["dead"], event["injured"], event["size"]) == (15, None, None)
        # The cluster's figure: the latest day's reports (15 and 14), the lower one.
        assert event["cluster"]["dead"] == 14 and event["cluster"]["stories"] == 3
        acled = pd.read_csv(io.StringIO(c.get("/api/export", params={"format": "acled"}).text))
        # The march gives no toll: empty, not 0.
        assert sorted(acled.fatalities.dropna().tolist()) == [14, 14, 14]
        assert acled.fatalities.isna().sum() == 1
        flat = pd.read_csv(io.StringIO(c.get("/api/export", params={"format": "csv"}).text))
        by_id = flat.set_index("id")
        assert by_id.loc["ev-r1", "dead"] == 12 and by_id.loc["ev-r1", "injured"] == 30
        assert by_id.loc["ev-march", "size"] == 1000 and by_id.loc["ev-r1", "cluster_dead"] == 14
        table = pq.read_table(io.BytesIO(c.get("/api/export",
                                               params={"format": "parquet"}).content))
        assert {"dead", "injured", "size", "cluster_dead"} <= set(table.column_names)
        assert pa.types.is_integer(table.schema.field("dead").type)
    schema = c.app.openapi()
    assert "`dead`, `injured` and `size`" in schema["paths"]["/api/events"]["get"]["description"]


def test_casualties_in_the_cli_exports(reports_db: Path, tmp_path: Path) -> None:
    with Store.open(reports_db, read_only=True) as store:
        export(store, "csv", tmp_path / "events.csv")
        export(store, "parquet", tmp_path / "events.parquet")
        export(store, "acled", tmp_path / "acled.csv")
    flat = pd.read_csv(tmp_path / "events.csv").set_index("id")
    assert list(flat.columns[flat.columns.get_loc("dead"):][:3]) == ["dead", "injured", "size"]
    assert flat.loc["ev-r3", "dead"] == 14 and flat.loc["ev-march", "size"] == 1000
    parquet = duckdb.sql(f"SELECT id, dead FROM '{tmp_path / 'events.parquet'}' "
                         "WHERE dead IS NOT NULL ORDER BY id").fetchall()
    assert parquet == [("ev-r1", 12), ("ev-r2", 15), ("ev-r3", 14)]
    # Without the server's clusters, each event's own figure.
    acled = pd.read_csv(tmp_path / "acled.csv")
    assert sorted(acled.fatalities.dropna().tolist()) == [12, 14, 15]


@pytest.mark.parametrize(("record", "expected"), [
    ({"dead": 7, "cluster": None}, 7),
    ({"dead": 7, "cluster": {"id": "x", "dead": 9}}, 9),
    ({"dead": 7, "cluster": {"id": "x", "dead": None}}, 7),
    ({"dead": 0}, 0),  # "no one was killed": ACLED's 0
    ({"dead": None}, None),  # no figure given: empty, never 0
])
def test_casualties_acled_fatalities(record: dict[str, object], expected: int | None) -> None:
    assert fatalities(record) == expected


# --- scoring and gold ---------------------------------------------------------------------

def _told(dead: int | None, injured: int | None = None, recipient: str = "villagers"
          ) -> dict[str, object]:
    return {"event": "ASSAULT", "actor": [{"text": "gunmen"}], "recipient": [{"text": recipient}],
            "negated": False, "trigger": "x", "cameo": "190", "dead": dead, "injured": injured}


def test_casualties_scoring_is_exact_on_the_matched_event() -> None:
    stories = (GoldStory("a", "t", None, (GoldEvent("ASSAULT", ("gunmen",), ("villagers",),
                                                    dead=5),)),
               GoldStory("b", "t", None, (GoldEvent("ASSAULT", ("gunmen",), ("villagers",),
                                                    dead=20, injured=3),)),
               GoldStory("c", "t", None, (GoldEvent("ASSAULT", ("gunmen",), ("villagers",)),)))
    system = {"a": [_told(5)], "b": [_told(24, 3)], "c": [_told(None, 2)]}
    summary = score(GoldSet("g", "native", stories), system).summary()
    assert (summary["dead_accuracy"], summary["dead_events"]) == (0.5, 2)
    assert (summary["injured_accuracy"], summary["injured_events"]) == (1.0, 1)
    assert summary["injured_unasked"] == 1  # a figure where the gold gives none
    assert summary["size_accuracy"] is None and summary["size_events"] == 0
    assert summary["size_unasked"] is None  # a set with no size figures does not annotate size


def test_casualties_scoring_reads_every_telling_of_the_gold_event() -> None:
    # The lead tells the attack, a later sentence its toll: the story's figure is the highest.
    story = GoldStory("a", "t", None, (GoldEvent("ASSAULT", ("gunmen",), ("villagers",),
                                                 dead=7),))
    system = {"a": [_told(None), _told(7, recipient="the villagers")]}
    assert score(GoldSet("g", "native", (story,)), system).summary()["dead_accuracy"] == 1.0


@pytest.mark.parametrize(("value", "expected"), [
    ("156", 156), ("Tens of thousands", 10_000), ("Thousands", 1000), ("scores", 20),
    ("group", None), ("", None), (None, None)])
def test_casualties_plover_figures_are_read_by_the_same_rules(value: object,
                                                              expected: int | None) -> None:
    from khaldun.evaluate.gold import _plover_figure

    assert _plover_figure(value) == expected


def test_casualties_gold_has_enough_figures() -> None:
    gold = Path(__file__).parent / "gold"
    own = read_gold(gold / "own.jsonl")
    with_figures = [e for s in own.stories for e in s.events
                    if e.dead is not None or e.injured is not None]
    assert len(with_figures) >= 95
    real = [gold / "real" / "real_dev.jsonl", gold / "real" / "real_test.jsonl"]
    try:
        stories = [s for path in real for s in read_gold(path).stories]
    except AbsentSet:
        pytest.skip("the real-news texts in ../shared/data are not present")
    with_figures += [e for s in stories for e in s.events
                     if e.dead is not None or e.injured is not None]
    assert len(with_figures) >= 120  # issue 15: at least 120 gold events with dead or injured
