"""The REST API, the pages' escaping and the event clusters, on a small synthetic database."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from khaldun.apps.api import create_app
from khaldun.pipeline import Result
from khaldun.records import ActorRef, CodedStory, Event, Place, Rejection, Sentence, Story
from khaldun.store import dedup
from khaldun.store.db import Store

SADR_CITY = Place("Sadr City", "Sadr City", 7802746, 33.39, 44.46, None, "IRQ", "city")
BASRA = Place("Basra", "Basra", 99072, 30.51, 47.78, None, "IRQ", "city")
PARIS = Place("Paris", "Paris", 2988507, 48.86, 2.35, None, "FRA", "city")
EVIL = '<script>alert("x")</script>'


def ref(text: str, actor_id: str, name: str, country: str | None) -> ActorRef:
    return ActorRef(text, actor_id, name, country, None, "organization", country, "test")


TROOPS = ("Iraqi troops", "irq-mil", "Iraq military", "IRQ")
FORCES = ("Government forces", "irq-mil", "Iraq military", "IRQ")
MAHDI = ("Mahdi Army fighters", "mahdi-army", "Mahdi Army", "IRQ")
SADR1 = ("Moqtada al-Sadr", "x-sadr", "Muqtada al-Sadr", "IRQ")
SADR2 = ("Muqtada al-Sadr", "x-sadr", "Muqtada al-Sadr", "IRQ")
GOV = ("the government", "irq-gov", "Iraq government", "IRQ")
FRANCE = ("France", "fra", "France", "FRA")
UN = ("the United Nations", "igo-un", "United Nations", None)


@dataclass(frozen=True)
class Spec:
    key: str
    story: str
    source: str
    published: str
    text: str
    event: str
    trigger: str
    quad: int
    actor: tuple[str, str, str, str | None]
    recipient: tuple[str, str, str, str | None] | None
    date: str
    place: Place | None = None
    negated: bool = False
    mode: str | None = None
    confidence: float = 0.9
    title: str | None = None
    modality: str | None = None


SPECS = [
    Spec("assault1", "s1", "Tigris Post", "2008-04-06",
         "Iraqi troops attacked Mahdi Army fighters in Sadr City on Saturday.",
         "ASSAULT", "attacked", 4, TROOPS, MAHDI, "2008-04-05", SADR_CITY),
    Spec("assault2", "s2", "Gulf Ledger", "2008-04-06",
         "Government forces attacked Mahdi Army fighters in Sadr City.",
         "ASSAULT", "attacked", 4, FORCES, MAHDI, "2008-04-06", SADR_CITY),
    Spec("request", "s3", "Tigris Post", "2008-04-20",
         "Moqtada al-Sadr urged the government to stop the raids.",
         "REQUEST", "urged", 3, SADR1, GOV, "2008-04-20", None, confidence=0.6),
    Spec("accuse", "s4", "Levant Herald", "2008-05-10",
         "Muqtada al-Sadr accused the government of betrayal.",
         "ACCUSE", "accused", 3, SADR2, GOV, "2008-05-10", BASRA),
    Spec("protest", "s5", "Evil Times", "2008-05-12",
         f"{EVIL} Protesters rallied against the government in Basra.",
         "PROTEST", "rallied", 3, ("Protesters", "xxx-cvl", "unidentified protester", None),
         GOV, "2008-05-12", BASRA, mode="demo", title=f"{EVIL} headline"),
    Spec("negated", "s6", "Tigris Post", "2008-05-13",
         "Police did not arrest the protesters.", "COERCE", "arrest", 4,
         ("Police", "irq-cop", "Iraq police", "IRQ"), None, "2008-05-13", negated=True,
         mode="arrest"),
    Spec("consult", "s7", "Seine Dispatch", "2010-03-01",
         "France met the United Nations in Paris.", "CONSULT", "met", 1, FRANCE, UN,
         "2010-03-01", PARIS),
    Spec("aid", "s8", "Seine Dispatch", "2010-03-02",
         "France sent aid to Mahdi Army fighters.", "AID", "sent aid", 2, FRANCE, MAHDI,
         "2010-03", None),
]


def _event(spec: Spec, start: int) -> Event:
    actor = (ref(*spec.actor),)
    recipient = (ref(*spec.recipient),) if spec.recipient else ()
    return Event(
        id=f"ev-{spec.key}", story_id=spec.story, sentence=0, text=spec.text, char_start=start,
        char_end=start + len(spec.text), trigger=spec.trigger, event=spec.event, mode=spec.mode,
        context=(), cameo="190", quad_code=spec.quad, intensity=-5.0, actor=actor,
        recipient=recipient, location=spec.place, date=spec.date,
        date_granularity="month" if len(spec.date) == 7 else "day", date_text=None,
        negated=spec.negated, modality=spec.modality, attribution=None,
        confidence=spec.confidence,
        reasons={"event": "test"}, coder="test", published=spec.published,
        title=spec.title or f"Story {spec.story}", source=spec.source, url=None)


def coded(spec: Spec) -> CodedStory:
    lead = "Correspondents reported. "
    text = lead + spec.text
    story = Story(spec.story, text, spec.published, spec.title or f"Story {spec.story}",
                  spec.source, "javascript:alert(1)" if spec.key == "protest" else None)
    sentences = (Sentence(spec.story, 0, lead.strip(), 0, len(lead) - 1, "text"),
                 Sentence(spec.story, 1, spec.text, len(lead), len(text), "text"))
    return CodedStory(story, sentences, (_event(spec, len(lead)),))


def make_db(path: Path, specs: list[Spec] = SPECS) -> Path:
    with Store.open(path) as store:
        run_id = store.start_run(command="test", coder="test", model="none")
        store.write_batch([coded(s) for s in specs], run_id=run_id)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_db(tmp_path_factory.mktemp("api") / "events.duckdb")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db))) as c:
        yield c


def keys(body: dict[str, Any]) -> set[str]:
    return {item["id"].removeprefix("ev-") for item in body["items"]}


def test_api_events_newest_first_with_total(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 7  # the negated event is left out by default
    dates = [i["date"] for i in body["items"]]
    assert dates[0] == "2010-03-02" or dates[0] == "2010-03"
    assert body["items"][-1]["id"] == "ev-assault1"
    page = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert [i["id"] for i in page["items"]] == [i["id"] for i in body["items"][2:4]]
    assert page["total"] == 7 and page["limit"] == 2 and page["offset"] == 2


@pytest.mark.parametrize(("params", "expected"), [
    ({"event": "ASSAULT"}, {"assault1", "assault2"}),
    ({"event": "assault,consult"}, {"assault1", "assault2", "consult"}),
    ({"mode": "demo"}, {"protest"}),
    ({"actor": "x-sadr"}, {"request", "accuse"}),
    ({"actor": "sadr"}, {"request", "accuse"}),  # every spelling, case-insensitive
    ({"actor": "Mahdi"}, {"assault1", "assault2", "aid"}),
    # Issue 15 item 4: country is the event's place; the parties' countries are their own
    # filters; an actor matches by id, name or spelling in any case.
    ({"country": "FRA"}, {"consult"}),
    ({"country": "irq"}, {"assault1", "assault2", "accuse", "protest"}),
    ({"actor_country": "FRA"}, {"consult", "aid"}),
    ({"recipient_country": "IRQ"}, {"assault1", "assault2", "request", "accuse", "protest",
                                    "aid"}),
    ({"actor_country": "IRQ", "recipient_country": "IRQ"}, {"assault1", "assault2",
                                                             "request", "accuse"}),
    ({"actor": "IRQ-MIL"}, {"assault1", "assault2"}),
    ({"actor": "mahdi army"}, {"assault1", "assault2", "aid"}),
    ({"bbox": "44,33,45,34"}, {"assault1", "assault2"}),
    ({"q": "BETRAYAL"}, {"accuse"}),
    ({"q": "100%"}, set()),
    ({"min_confidence": 0.7}, {"assault1", "assault2", "accuse", "protest", "consult", "aid"}),
    ({"negated": "only"}, {"negated"}),
    ({"negated": "include", "event": "COERCE"}, {"negated"}),
    ({"since": "2008-05-01", "until": "2008-12-31"}, {"accuse", "protest"}),
    ({"since": "2010-03-15"}, {"aid"}),  # dated only to the month: the period overlaps
    ({"until": "2008-04-05"}, {"assault1"}),
])
def test_api_events_filters(client: TestClient, params: dict[str, Any],
                            expected: set[str]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert keys(body) == expected
    assert body["total"] == len(expected)


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    return dict(body["error"])


@pytest.mark.parametrize(("params", "param"), [
    ({"since": "yesterday"}, "since"),
    ({"since": "2024-02-30"}, "since"),
    ({"event": "FIGHTING"}, "event"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "0,95,10,40"}, "bbox"),
    ({"bbox": "0,1e1,10,40"}, "bbox"),
    ({"country": "IR"}, "country"),
    ({"country": "I1Q"}, "country"),
    ({"mode": "Bad Mode!"}, "mode"),
    ({"min_confidence": 2}, "min_confidence"),
    ({"negated": "maybe"}, "negated"),
    ({"limit": 0}, "limit"),
    ({"limit": 501}, "limit"),
    ({"offset": -1}, "offset"),
    ({"q": "x" * 201}, "q"),
])
def test_api_rejects_bad_parameters(client: TestClient, params: dict[str, Any],
                                    param: str) -> None:
    error = assert_error(client.get("/api/events", params=params), 422, "invalid_parameter")
    assert any(d["loc"][-1] == param for d in error["details"]), error
    assert "should match pattern" not in error["message"]  # said in words, not as a regex


# Issue 17 (schemathesis --checks all): what the OpenAPI schema allows is accepted, so an
# empty period and a box given by its corners in either order are answers, not errors.
def test_filters_country_names_map_to_codes_or_are_refused() -> None:
    from khaldun.store.filters import EventFilter, FilterError

    assert EventFilter.from_query({"country": "Iraq"}).country == "IRQ"
    assert EventFilter.from_query({"actor_country": "united states"}).actor_country == "USA"
    with pytest.raises(FilterError, match="is no country"):
        EventFilter.from_query({"country": "Mesopotamia"})


def test_api_accepts_every_schema_valid_filter(client: TestClient) -> None:
    empty = client.get("/api/events", params={"since": "2008-05-01", "until": "2008-04-01"})
    assert empty.status_code == 200 and empty.json()["total"] == 0
    box = client.get("/api/events", params={"bbox": "40,35,50,30"}).json()
    assert box == client.get("/api/events", params={"bbox": "40,30,50,35"}).json()
    assert client.get("/api/events", params={"event": "assault, Coerce"}).status_code == 200


def test_api_error_shape_is_the_same_everywhere(db: Path) -> None:
    with TestClient(create_app(str(db), token="s3cret"), raise_server_exceptions=False) as c:
        assert_error(c.get("/api/nowhere"), 404, "not_found")
        assert_error(c.get("/api/events/missing"), 404, "not_found")
        assert_error(c.get("/api/actors/missing"), 404, "not_found")
        assert_error(c.get("/api/stories/missing"), 404, "not_found")
        assert_error(c.delete("/api/events"), 405, "method_not_allowed")
        assert_error(c.get("/api/export", params={"format": "xls"}), 422, "invalid_parameter")
        assert_error(c.post("/api/stories", json={"stories": []}), 401, "unauthorized")
        assert_error(c.post("/api/stories", json={"stories": []},
                            headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
        assert_error(c.post("/api/stories", json={"stories": []},
                            headers={"Authorization": "Bearer s3cret"}),
                     422, "invalid_parameter")


def test_api_event_has_evidence_story_and_cluster(client: TestClient) -> None:
    body = client.get("/api/events/ev-assault1").json()
    event = body["event"]
    text = event["text"]
    marks = {h["role"]: text[h["start"]:h["end"]] for h in event["highlights"]}
    assert marks == {"actor": "Iraqi troops", "trigger": "attacked",
                     "recipient": "Mahdi Army fighters"}
    assert body["story"]["id"] == "s1"
    story = body["story"]["text"]
    assert story[event["char_start"]:event["char_end"]] == text
    assert event["cluster"] == {"id": "ev-assault1", "events": 2, "stories": 2, "sources": 2,
                                "first_date": "2008-04-05", "dead": None}
    assert [r["id"] for r in body["reports"]] == ["ev-assault2"]


def test_api_cluster_filter_lists_every_report(client: TestClient) -> None:
    body = client.get("/api/events", params={"cluster": "ev-assault1"}).json()
    assert keys(body) == {"assault1", "assault2"}
    lone = client.get("/api/events/ev-consult").json()["event"]
    assert lone["cluster"] is None


def test_dedup_links_reports_within_a_day_only(tmp_path: Path) -> None:
    far = Spec("assault3", "s9", "Nile Courier", "2008-04-09",
               "Iraqi troops attacked Mahdi Army fighters in Sadr City again.",
               "ASSAULT", "attacked", 4, TROOPS, MAHDI, "2008-04-09", SADR_CITY)
    chained = Spec("assault4", "s10", "Tigris Post", "2008-04-07",
                   "Iraqi troops attacked Mahdi Army fighters in Sadr City, officials said.",
                   "ASSAULT", "attacked", 4, TROOPS, MAHDI, "2008-04-07", SADR_CITY)
    path = make_db(tmp_path / "d.duckdb", [*SPECS, far, chained])
    with Store.open(path) as store:
        assert dedup.build_clusters(store.con) == 3
        rows = dict(store.con.execute("SELECT event_id, cluster_id FROM event_clusters")
                    .fetchall())
        counts = store.con.execute("SELECT DISTINCT n_events, n_stories, n_sources "
                                   "FROM event_clusters").fetchall()
    # 5th, 6th and 7th chain into one cluster; the 9th is two days after the 7th.
    assert rows == {"ev-assault1": "ev-assault1", "ev-assault2": "ev-assault1",
                    "ev-assault4": "ev-assault1"}
    assert counts == [(3, 3, 2)]


def test_api_actor_page_has_every_spelling_partners_and_timeline(client: TestClient) -> None:
    actor = client.get("/api/actors/x-sadr").json()
    assert {s["text"] for s in actor["spellings_seen"]} == {"Moqtada al-Sadr",
                                                            "Muqtada al-Sadr"}
    assert actor["events"] == 2 and actor["as_actor"] == 2
    assert actor["partners"][0]["actor_id"] == "irq-gov"
    assert actor["partners"][0]["events"] == 2
    assert actor["partners"][0]["quads"] == [0, 0, 2, 0]
    assert actor["timeline"] == [{"month": "2008-04", "count": 1},
                                 {"month": "2008-05", "count": 1}]
    mentions = client.get("/api/actors/x-sadr/mentions").json()
    assert mentions["total"] == 2
    assert {m["mentions"][0]["text"] for m in mentions["items"]} == {"Moqtada al-Sadr",
                                                                     "Muqtada al-Sadr"}
    listed = client.get("/api/actors", params={"q": "moqtada"}).json()
    assert [a["actor_id"] for a in listed["items"]] == ["x-sadr"]


def test_api_story_stats_and_network(client: TestClient) -> None:
    story = client.get("/api/stories/s4").json()
    assert [e["id"] for e in story["events"]] == ["ev-accuse"]
    assert [s["index"] for s in story["sentences"]] == [0, 1]
    stats = client.get("/api/stats").json()
    assert stats["total"] == 7 and stats["located"] == 5 and stats["without_location"] == 2
    assert {r["event"]: r["count"] for r in stats["by_type"]}["ASSAULT"] == 2
    assert {r["country"]: r["count"] for r in stats["by_country"]} == {"IRQ": 4, "FRA": 1}
    assert stats["by_day"][0] == {"day": "2008-04-05", "count": 1}
    assert stats["without_day"] == 1  # the month-dated event has no day
    net = client.get("/api/network").json()
    edge = next(e for e in net["edges"] if e["source"] == "irq-mil")
    assert edge == {"source": "irq-mil", "target": "mahdi-army", "events": 2,
                    "quads": [0, 0, 0, 2], "quad": 4}
    assert {"irq-mil", "mahdi-army", "x-sadr"} <= {n["id"] for n in net["nodes"]}
    points = client.get("/api/points", params={"event": "ASSAULT"}).json()
    assert points["located"] == 2 and points["without_location"] == 0
    assert points["items"][0][1:5] == [33.39, 44.46, 4, "ASSAULT"]


def test_api_export_formats_carry_filters_and_clusters(client: TestClient,
                                                       tmp_path: Path) -> None:
    response = client.get("/api/export", params={"format": "csv", "event": "ASSAULT"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == ["ev-assault1", "ev-assault2"]
    assert rows[0]["cluster_stories"] == "2" and rows[0]["actor"] == "Iraqi troops"
    lines = client.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == 7 and json.loads(lines[0])["id"] == "ev-assault1"
    geo = client.get("/api/export", params={"format": "geojson"}).json()
    assert len(geo["features"]) == 5
    assert geo["features"][0]["geometry"]["coordinates"] == [44.46, 33.39]
    parquet = tmp_path / "out.parquet"
    parquet.write_bytes(client.get("/api/export", params={"format": "parquet",
                                                          "actor_country": "FRA"}).content)
    table = pq.read_table(parquet)
    assert sorted(table.column("id").to_pylist()) == ["ev-aid", "ev-consult"]
    assert "cluster_id" in table.column_names and table.column("actor").to_pylist()[0] == [
        "France"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet"])
def test_api_export_streams_batch_by_batch_the_same_rows(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str) -> None:
    from khaldun.apps import downloads

    whole = client.get("/api/export", params={"format": fmt}).content
    monkeypatch.setattr(downloads, "BATCH", 2)  # seven events: four batches
    monkeypatch.setattr(downloads, "PARQUET_BATCH", 2)
    with client.stream("GET", "/api/export", params={"format": fmt}) as response:
        parts = [p for p in response.iter_bytes() if p]
    assert b"".join(parts) == whole or fmt == "parquet"
    if fmt == "parquet":
        out = tmp_path / "streamed.parquet"
        out.write_bytes(b"".join(parts))
        assert pq.read_table(out).num_rows == 7
        assert pq.ParquetFile(out).metadata.num_row_groups == 4


# Issue 17 item 5: the API export was unbounded and ran on after the client left.
def test_api_export_is_capped_by_the_setting(db: Path) -> None:
    with TestClient(create_app(str(db), export_max_rows=3)) as c:
        assert len(c.get("/api/export", params={"format": "jsonl"}).text.splitlines()) == 3
        assert_error(c.get("/api/export", params={"limit": 4}), 422, "invalid_parameter")
        spec = c.get("/api/openapi.json").json()["paths"]["/api/export"]["get"]
        (limit,) = [p for p in spec["parameters"] if p["name"] == "limit"]
        assert "api_export_max_rows" in limit["description"]


def test_api_export_stops_when_the_client_leaves(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from khaldun.apps import downloads
    from khaldun.store import query

    monkeypatch.setattr(downloads, "BATCH", 1)
    read: list[int] = []
    batches = query.export_batches

    def counted(*args: Any, **kwargs: Any) -> Iterator[list[dict[str, Any]]]:
        for batch in batches(*args, **kwargs):
            read.append(len(batch))
            yield batch

    monkeypatch.setattr(query, "export_batches", counted)
    app = create_app(str(make_db(tmp_path / "leave.duckdb")))
    reader = app.state.reader
    sent: list[bytes] = []
    gone = asyncio.Event()

    async def receive() -> dict[str, Any]:
        await gone.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            sent.append(message["body"])
            gone.set()  # the client leaves after the first rows

    async def download() -> None:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "GET", "scheme": "http", "path": "/api/export",
                 "raw_path": b"/api/export", "query_string": b"format=jsonl",
                 "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1),
                 "server": ("127.0.0.1", 80), "root_path": ""}
        await asyncio.wait_for(app(scope, receive, send), 10)

    asyncio.run(download())
    assert sent and sum(read) < 7  # the query stopped: not every event was even read
    # The query's cursor was closed: a write is not kept waiting by the abandoned export.
    done = threading.Event()

    def write() -> None:
        with reader.writing():
            done.set()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert done.wait(10)
    writer.join(10)
    reader.close()


def test_api_pages_escape_untrusted_story_text(client: TestClient) -> None:
    for url in ("/", "/events/ev-protest", "/stories/s5", "/fragments/events?q=rallied",
                "/actors/xxx-cvl"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert EVIL not in response.text, url
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in response.text, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert 'href="javascript:' not in client.get("/events/ev-protest").text


def test_api_pages_render_and_unknown_pages_are_html_404(client: TestClient) -> None:
    page = client.get("/events/ev-assault1").text
    assert '<mark class="actor" title="actor">Iraqi troops</mark>' in page
    assert '<mark class="trigger" title="trigger">attacked</mark>' in page
    assert '<mark class="recipient" title="recipient">Mahdi Army fighters</mark>' in page
    actor = client.get("/actors/x-sadr").text
    assert "Moqtada al-Sadr" in actor and "Muqtada al-Sadr" in actor
    assert client.get("/network").status_code == 200
    missing = client.get("/events/nope")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    bad = client.get("/", params={"since": "soon"})
    assert bad.status_code == 422 and "Filter ignored" in bad.text


def test_api_is_read_only_without_a_token(client: TestClient, db: Path) -> None:
    before = sha256(db.read_bytes()).hexdigest()
    response = client.post("/api/stories", json={"stories": [{"id": "x", "text": "y"}]})
    assert response.status_code in (404, 405)
    assert_error(response, response.status_code, response.json()["error"]["code"])
    client.get("/api/events", params={"q": "attacked"})
    assert sha256(db.read_bytes()).hexdigest() == before


def test_api_openapi_describes_every_route_and_parameter(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["paths"]
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            assert op.get("description"), f"{method} {path} has no description"
            for param in op.get("parameters", []):
                assert param.get("description"), f"{path} {param['name']} undescribed"


class _Parser:
    model_name = "fake"


class _Settings:
    batch_size = 8
    n_process = 1


class FakeCoder:
    """Codes every story into one ASSAULT event (the pipeline is tested elsewhere); passes
    rejections on, as the real coder does."""

    parser = _Parser()
    settings = _Settings()
    coder_name = "fake"

    def code_batch(self, items: list[Story | Rejection]) -> list[Result]:
        out: list[Result] = []
        for s in items:
            if isinstance(s, Rejection):
                out.append(s)
                continue
            spec = Spec(s.id, s.id, s.source or "", s.published or "2020-01-01", s.text,
                        "ASSAULT", s.text.split()[1], 4, TROOPS, MAHDI,
                        s.published or "2020-01-01")
            out.append(CodedStory(s, (Sentence(s.id, 0, s.text, 0, len(s.text), "text"),),
                                  (_event(spec, 0),)))
        return out


def test_api_post_stories_codes_into_the_database_with_the_token(tmp_path: Path) -> None:
    path = make_db(tmp_path / "w.duckdb")
    app = create_app(str(path), token="s3cret", coder=FakeCoder)
    story = {"id": "new1", "text": "Rebels attacked the base.", "published": "2021-06-01"}
    auth = {"Authorization": "Bearer s3cret"}
    with TestClient(app) as c:
        response = c.post("/api/stories", params={"wait": 30}, json={"stories": [story]},
                          headers=auth)
        assert response.status_code == 200, response.text
        job = response.json()
        assert job["status"] == "done" and job["stories_submitted"] == 1
        assert job["result"]["stories"] == 1 and job["result"]["events"] == 1
        assert c.get(job["url"]).json()["result"] == job["result"]
        assert c.get("/api/events", params={"since": "2021-01-01"}).json()["total"] == 1
        again = c.post("/api/stories", params={"wait": 30}, json={"stories": [story]},
                       headers=auth).json()["result"]
        assert again["unchanged"] == 1 and again["stories"] == 0
        assert_error(c.get("/api/jobs/nope"), 404, "not_found")
    with Store.open(path, read_only=True) as store:
        assert store.table_counts()["stories"] == len(SPECS) + 1


class BlockingCoder(FakeCoder):
    """Codes only when the test lets it: a POST's job stays 'coding' as long as needed."""

    release = threading.Event()
    started = threading.Event()

    def code_batch(self, items: Iterable[Story | Rejection]) -> list[Result]:
        BlockingCoder.started.set()
        assert BlockingCoder.release.wait(30)
        return super().code_batch(items)


# Issue 17 item 7: a POST of stories blocked every read for as long as it coded.
def test_api_reads_do_not_wait_for_a_post_being_coded(tmp_path: Path) -> None:
    path = make_db(tmp_path / "q.duckdb")
    app = create_app(str(path), token="s3cret", coder=BlockingCoder)
    auth = {"Authorization": "Bearer s3cret"}
    story = {"id": "slow1", "text": "Rebels attacked the base.", "published": "2021-06-01"}
    with TestClient(app) as c:
        before = c.get("/api/events").json()["total"]
        accepted = c.post("/api/stories", json={"stories": [story]}, headers=auth)
        assert accepted.status_code == 202 and accepted.json()["status"] in ("queued", "coding")
        assert BlockingCoder.started.wait(30)
        # While the job codes, every read answers, and from the data as it was.
        assert c.get(accepted.json()["url"]).json()["status"] == "coding"
        assert c.get("/api/events").json()["total"] == before
        assert c.get("/api/stats").status_code == 200
        assert c.get("/").status_code == 200
        BlockingCoder.release.set()
        for _ in range(300):
            job = c.get(accepted.json()["url"]).json()
            if job["status"] == "done":
                break
            time.sleep(0.05)
        assert job["status"] == "done" and job["result"]["stories"] == 1
        # The write started a new generation: no cached answer from before it is served.
        assert c.get("/api/events").json()["total"] == before + 1


def test_api_a_failing_job_is_reported_and_the_queue_goes_on(tmp_path: Path) -> None:
    calls: list[int] = []

    class Flaky(FakeCoder):
        def code_batch(self, items: Iterable[Story | Rejection]) -> list[Result]:
            calls.append(1)
            if len(calls) == 1:
                raise MemoryError("pretend")
            return super().code_batch(items)

    app = create_app(str(make_db(tmp_path / "f.duckdb")), token="t", coder=Flaky)
    auth = {"Authorization": "Bearer t"}
    with TestClient(app) as c:
        first = c.post("/api/stories", params={"wait": 30}, headers=auth, json={
            "stories": [{"id": "a", "text": "Rebels attacked the base."}]}).json()
        assert first["status"] == "failed" and "not stored" in first["error"]
        second = c.post("/api/stories", params={"wait": 30}, headers=auth, json={
            "stories": [{"id": "b", "text": "Rebels attacked the base."}]}).json()
        assert second["status"] == "done" and second["result"]["stories"] == 1


@pytest.mark.slow
def test_api_post_stories_with_the_real_coder(tmp_path: Path, coder: Any) -> None:
    path = make_db(tmp_path / "r.duckdb")
    app = create_app(str(path), token="t", coder=lambda: coder)
    text = "Iraqi troops attacked Mahdi Army fighters in Sadr City on Saturday."
    with TestClient(app) as c:
        body = c.post("/api/stories", headers={"Authorization": "Bearer t"},
                      params={"wait": 60},
                      json={"stories": [{"id": "real", "text": text,
                                         "published": "2008-04-06"}]}).json()["result"]
        assert body["events"] >= 1
        event = c.get(f"/api/events/{body['event_ids'][0]}").json()["event"]
        assert event["event"] == "ASSAULT"
        assert {h["role"] for h in event["highlights"]} >= {"actor", "trigger"}


def test_api_historical_events_are_left_out_unless_asked(tmp_path: Path) -> None:
    background = Spec("historical", "s9", "Tigris Post", "2018-04-06",
                      "Iraqi troops attacked Mahdi Army fighters in 2008.", "ASSAULT",
                      "attacked", 4, TROOPS, MAHDI, "2008", None, modality="historical")
    with TestClient(create_app(str(make_db(tmp_path / "h.duckdb", [*SPECS, background])))) as c:
        default = c.get("/api/events").json()
        assert "historical" not in keys(default) and default["total"] == 7
        assert "historical" in keys(c.get("/api/events", params={"historical": "include"}).json())
        assert keys(c.get("/api/events", params={"historical": "only"}).json()) == {"historical"}
        assert c.get("/api/events", params={"historical": "maybe"}).status_code == 422
        assert 'data-total="8"' in c.get("/", params={"historical": "include"}).text
        assert 'data-total="7"' in c.get("/").text


def test_api_csv_export_neutralises_formula_cells(tmp_path: Path) -> None:
    from dataclasses import replace

    spec = replace(SPECS[0], title="=HYPERLINK(\"http://example.invalid\",\"x\")")
    with TestClient(create_app(str(make_db(tmp_path / "f.duckdb", [spec])))) as c:
        body = c.get("/api/export", params={"format": "csv"}).text
    assert "'=HYPERLINK(" in body
    assert ",=HYPERLINK(" not in body and "\n=HYPERLINK(" not in body


def test_api_story_ids_with_slashes_have_working_links(tmp_path: Path) -> None:
    # Stories read from sub-folders are named by their path ("sub/a.txt"): the event list's
    # link and the story routes must reach them.
    from dataclasses import replace

    spec = replace(SPECS[0], story="sub/dir/a.txt")
    with TestClient(create_app(str(make_db(tmp_path / "s.duckdb", [spec])))) as c:
        page = c.get("/").text
        assert 'href="/stories/sub/dir/a.txt"' in page
        assert c.get("/stories/sub/dir/a.txt").status_code == 200
        body = c.get("/api/stories/sub/dir/a.txt").json()
        assert body["id"] == "sub/dir/a.txt" and len(body["events"]) == 1
        assert c.get("/api/stories/sub/none.txt").status_code == 404


# Issue 17 item 11: odd parameters are clear 4xx answers, never a 500 or a silent guess.
@pytest.mark.parametrize(("url", "status"), [
    ("/?offset=²", 200), ("/actors?offset=²", 200),  # a non-ASCII digit is no offset
    ("/api/events?until=0", 422), ("/api/events?since=0", 422),  # 0 is no date (not 1970)
    ("/api/events?since=2024-02-30", 422),
])
def test_api_odd_parameters_are_clear(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    if status == 422 and url.startswith("/api"):
        assert response.json()["error"]["code"] == "invalid_parameter"


def test_api_405_says_which_methods_are_allowed(client: TestClient) -> None:
    response = client.delete("/api/events")
    assert response.status_code == 405 and response.headers["allow"] == "GET"
    assert response.json()["error"]["status"] == 405


def test_api_openapi_names_the_event_types(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    (param,) = [p for p in spec["paths"]["/api/events"]["get"]["parameters"]
                if p["name"] == "event"]
    for kind in ("AGREE", "ASSAULT", "MOBILIZE", "SANCTION"):
        assert kind in param["description"]


# Issue 17 item 5: refused before anything is read -- other Host names, oversized bodies, and
# writes without the token (checked before the body's size or content).
def test_api_guard_refuses_before_reading(tmp_path: Path) -> None:
    app = create_app(str(make_db(tmp_path / "g.duckdb")), token="s3cret",
                     allowed_hosts=("127.0.0.1", "localhost"), max_request_bytes=1_000,
                     coder=lambda: None)
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/events").status_code == 200
        assert c.get("/api/events", headers={"host": "localhost:8000"}).status_code == 200
        rebound = c.get("/api/events", headers={"host": "evil.example.invalid"})
        assert rebound.status_code == 400 and rebound.json()["error"]["code"] == "bad_host"
        big = b'{"stories": [' + b" " * 5_000 + b"]}"
        assert c.post("/api/stories", content=big).status_code == 401  # token first
        assert c.post("/api/stories", content=big,
                      headers={"authorization": "Bearer nope"}).status_code == 403
        large = c.post("/api/stories", content=big, headers={"authorization": "Bearer s3cret"})
        assert large.status_code == 413
        assert large.json()["error"]["code"] == "payload_too_large"

        def chunks():  # no Content-Length: counted while read
            for _ in range(10):
                yield b" " * 500

        streamed = c.post("/api/stories", content=chunks(),
                          headers={"authorization": "Bearer s3cret"})
        assert streamed.status_code == 413


def test_api_serve_settings_have_safe_defaults() -> None:
    from khaldun.settings import Settings

    assert Settings().allowed_hosts == "127.0.0.1,localhost,::1"
    assert Settings().max_request_bytes == 8 * 1024 * 1024


# Issue 17 item 12: repeated reads are answered from memory until the next write.
def test_api_cache_answers_a_repeated_read_until_the_data_changes() -> None:
    import asyncio

    from khaldun.apps.cache import ResponseCache

    calls: list[str] = []
    generation = [0]

    async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        status = 200 if scope["path"] != "/missing" else 404
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": f"{len(calls)}".encode()})

    cache = ResponseCache(inner, generation=lambda: generation[0])

    def get(path: str, method: str = "GET", query: bytes = b"") -> bytes:
        out: list[bytes] = []

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body":
                out.append(message["body"])

        scope = {"type": "http", "method": method, "path": path, "query_string": query,
                 "headers": [(b"host", b"127.0.0.1")]}
        asyncio.run(cache(scope, None, send))  # type: ignore[arg-type]
        return b"".join(out)

    assert get("/api/events") == get("/api/events") == b"1"
    assert get("/api/events", query=b"limit=5") == b"2"  # another query is another answer
    assert get("/missing") != get("/missing")  # errors are not kept
    assert get("/api/export") != get("/api/export")  # downloads never are
    generation[0] += 1  # a write
    assert get("/api/events") == b"7"


def test_api_cache_runs_a_burst_of_the_same_read_once() -> None:
    import asyncio

    from khaldun.apps.cache import ResponseCache

    calls: list[str] = []

    async def slow(scope: dict[str, Any], receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"page"})

    cache = ResponseCache(slow, generation=lambda: 0)

    async def burst() -> list[bytes]:
        async def get() -> bytes:
            out: list[bytes] = []

            async def send(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.body":
                    out.append(message["body"])

            await cache({"type": "http", "method": "GET", "path": "/", "query_string": b"",
                         "headers": []}, None, send)
            return b"".join(out)
        return await asyncio.gather(*(get() for _ in range(20)))

    assert asyncio.run(burst()) == [b"page"] * 20
    assert calls == ["/"]


def test_api_post_refuses_a_published_day_that_is_no_day(tmp_path: Path) -> None:
    app = create_app(str(make_db(tmp_path / "p.duckdb")), token="t", coder=FakeCoder)
    with TestClient(app) as c:
        for published in (0, "2024-02-30", "yesterday"):
            response = c.post("/api/stories", headers={"Authorization": "Bearer t"}, json={
                "stories": [{"id": "a", "text": "Rebels attacked.", "published": published}]})
            assert_error(response, 422, "invalid_parameter")


# Issue 15 item 2: wire reports worded differently are one happening: a nearby place under
# another name, a report that leaves the target out; a different target, or a town 450 km
# away, is another happening.
def test_dedup_links_reports_across_wordings_and_places(tmp_path: Path) -> None:
    baghdad = Place("Baghdad", "Baghdad", 98182, 33.34, 44.40, None, "IRQ", "city")
    nearby = Spec("near", "s11", "Wire B", "2008-04-06",
                  "Government forces attacked Mahdi Army fighters in Baghdad.",
                  "ASSAULT", "attacked", 4, FORCES, MAHDI, "2008-04-05", baghdad)
    untargeted = Spec("untargeted", "s12", "Wire C", "2008-04-06",
                      "Iraqi troops attacked in Sadr City.", "ASSAULT", "attacked", 4, TROOPS,
                      None, "2008-04-05", SADR_CITY)
    other_target = Spec("other", "s13", "Wire D", "2008-04-06",
                        "Iraqi troops attacked Iranian guards in Sadr City.", "ASSAULT",
                        "attacked", 4, TROOPS, ("Iranian guards", "irn-mil", "Iran military",
                                                "IRN"), "2008-04-05", SADR_CITY)
    far = Spec("far", "s14", "Wire E", "2008-04-06",
               "Iraqi troops attacked Mahdi Army fighters in Basra.", "ASSAULT", "attacked", 4,
               TROOPS, MAHDI, "2008-04-05", BASRA)
    path = make_db(tmp_path / "w.duckdb", [*SPECS, nearby, untargeted, other_target, far])
    with Store.open(path) as store:
        dedup.build_clusters(store.con)
        rows = dict(store.con.execute("SELECT event_id, cluster_id FROM event_clusters")
                    .fetchall())
        first = store.con.execute("SELECT DISTINCT n_sources, first_date FROM event_clusters"
                                  ).fetchall()
    assert rows == {f"ev-{k}": "ev-assault1" for k in ("assault1", "assault2", "near",
                                                      "untargeted")}
    assert first == [(4, "2008-04-05")]


# Issue 17: a server over a large database stays near its memory setting (DuckDB spills the
# rest to a temporary folder, removed when the server stops).
def test_reader_memory_cap_spills_to_a_folder_removed_on_close(tmp_path: Path) -> None:
    from khaldun.store.reader import Reader

    reader = Reader.open(make_db(tmp_path / "m.duckdb"), memory_mb=64)
    with reader.cursor() as cur:
        limit = cur.execute("SELECT current_setting('memory_limit')").fetchone()
        spill = Path(str(cur.execute("SELECT current_setting('temp_directory')").fetchone()[0]))
    assert limit == ("61.0 MiB",)  # 64 MB as DuckDB shows it
    assert spill.is_dir()
    reader.close()
    assert not spill.exists()
