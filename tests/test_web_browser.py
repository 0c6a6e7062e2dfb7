"""The web UI in a real browser: Playwright driving Debian's chromium against uvicorn.

Screenshots go to test-artifacts/. Chromium runs with no network beyond the loopback server.
"""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_api import make_db

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright_sync = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from khaldun.apps.api import create_app

    db = make_db(tmp_path_factory.mktemp("web") / "web.duckdb")
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                            log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (make test installs it: apt-get install chromium)")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not outside, f"requests left the server: {outside}"


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_web_browser_map_shows_located_events(page: Any, server: str) -> None:
    page.goto(server + "/")
    expect = playwright_sync.expect
    expect(page.locator("#map-note")).to_contain_text("2 events without a location")
    expect(page.locator("#map-note")).to_contain_text("5 located events")
    expect(page.locator("path.leaflet-interactive, .cl").first).to_be_visible()
    assert page.locator("#map svg path").count() > 100
    shot(page, "events-map")


def test_web_browser_filter_by_type(page: Any, server: str) -> None:
    page.goto(server + "/")
    expect = playwright_sync.expect
    expect(page.locator("#list-head")).to_contain_text("7 events")
    page.select_option("#f-event", "ASSAULT")
    expect(page.locator("#list-head")).to_contain_text("2 events")
    expect(page.locator("#map-note")).to_contain_text("2 located events")
    assert "event=ASSAULT" in page.url
    badges = page.locator("li.event .badge").all_inner_texts()
    assert badges == ["ASSAULT", "ASSAULT"]
    shot(page, "filter-assault")


def test_web_browser_brush_timeline_filters_list(page: Any, server: str) -> None:
    page.goto(server + "/")
    expect = playwright_sync.expect
    expect(page.locator("#timeline rect.tbar").first).to_be_attached()
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    # Events run from 2008-04-05 to 2010-03-01: the first tenth holds only April-May 2008.
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.1, y, steps=5)
    page.mouse.up()
    expect(page.locator("#list-head")).to_contain_text("5 events")
    since = page.input_value("input[name=since]")
    until = page.input_value("input[name=until]")
    assert since <= "2008-04-05" and "2008-05-12" <= until < "2010-03-01"
    expect(page.locator("#timeline .brush")).to_be_attached()
    expect(page.locator("#map-note")).to_contain_text("4 located events")
    shot(page, "timeline-brushed")
    page.click("#clear-brush")
    expect(page.locator("#list-head")).to_contain_text("7 events")


def test_web_browser_event_page_highlights_evidence(page: Any, server: str) -> None:
    page.goto(server + "/?event=ASSAULT")
    page.locator("li.event a.open").last.click()
    expect = playwright_sync.expect
    expect(page.locator("blockquote mark.actor")).to_have_text("Iraqi troops")
    expect(page.locator("blockquote mark.trigger")).to_have_text("attacked")
    expect(page.locator("blockquote mark.recipient")).to_have_text("Mahdi Army fighters")
    expect(page.locator("#evidence")).to_contain_text("Iraqi troops attacked")
    expect(page.locator("a.cluster")).to_contain_text("reported by 2 stories")
    shot(page, "event-page")


def test_web_browser_untrusted_text_stays_text(page: Any, server: str) -> None:
    dialogs: list[str] = []
    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(server + "/events/ev-protest")
    playwright_sync.expect(page.locator("blockquote")).to_contain_text(
        '<script>alert("x")</script>')
    page.goto(server + "/?q=rallied")
    playwright_sync.expect(page.locator("#list-head")).to_contain_text("1 event")
    assert not dialogs


def test_web_browser_actor_page(page: Any, server: str) -> None:
    page.goto(server + "/events/ev-request")
    page.get_by_role("link", name="Muqtada al-Sadr").first.click()
    expect = playwright_sync.expect
    expect(page.locator("h1")).to_contain_text("Muqtada al-Sadr")
    spellings = page.locator("table.spellings td:first-child").all_inner_texts()
    assert sorted(spellings) == ["Moqtada al-Sadr", "Muqtada al-Sadr"]
    expect(page.locator("table.partners")).to_contain_text("Iraq government")
    expect(page.locator("ol.mentions li")).to_have_count(2)
    assert page.locator("#actor-timeline .bar").count() == 2
    shot(page, "actor-page")


def test_web_browser_network_click_filters(page: Any, server: str) -> None:
    page.goto(server + "/network")
    expect = playwright_sync.expect
    expect(page.locator("#net-note")).to_contain_text("actors")
    edges = page.locator("#network line.edge")
    assert edges.count() >= 5
    assert page.locator("#network line.edge.q4").count() >= 1
    page.locator("#network g.node[data-id='x-sadr'] circle").click()
    expect(page.locator("#net-name")).to_have_text("Muqtada al-Sadr")
    expect(page.locator("#net-partners li")).to_have_count(1)
    assert page.locator("#network g.node.dim").count() >= 3
    shot(page, "network")
    page.click("#net-events")
    expect(page.locator("#list-head")).to_contain_text("2 events")


def test_web_browser_download_csv(page: Any, server: str) -> None:
    page.goto(server + "/?event=ASSAULT")
    with page.expect_download() as info:
        page.click("a.download[data-format=csv]")
    target = ARTIFACTS / "download.csv"
    info.value.save_as(str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["event"] for r in rows] == ["ASSAULT", "ASSAULT"]
    assert rows[0]["cluster_events"] == "2"


# Issue 16: stories arriving while the UI serves (a watched folder) show in the browser on the
# next load, without a restart.
def test_web_browser_shows_events_coded_while_it_serves(browser: Any,
                                                        tmp_path: Path) -> None:
    import json

    from khaldun.apps.api import create_app
    from khaldun.apps.watch import WatchPlan
    from tests.test_api import FakeCoder

    news = tmp_path / "news"
    news.mkdir()
    db = make_db(tmp_path / "live.duckdb")
    port = _free_port()
    app = create_app(str(db), coder=FakeCoder, watch=WatchPlan((str(news),), (), 0.3))
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                             log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    while not instance.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(base + "/?q=Kismayo")
        expect = playwright_sync.expect
        expect(page.locator("body")).not_to_contain_text("Clan militia stormed Kismayo")
        (news / "live.jsonl").write_text(json.dumps({
            "id": "live-1", "published": "2021-06-01",
            "text": "Clan militia stormed Kismayo port."}) + "\n", encoding="utf-8")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            page.goto(base + "/?q=Kismayo")
            if "Clan militia stormed Kismayo" in page.inner_text("body"):
                break
            time.sleep(0.5)
        expect(page.locator("body")).to_contain_text("Clan militia stormed Kismayo")
        shot(page, "events-coded-while-serving")
    finally:
        context.close()
        instance.should_exit = True
        thread.join(timeout=10)
