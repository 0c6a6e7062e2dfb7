"""Issue 16: watching folders (and feeds) codes only what is new, survives kill -9, and codes
while the server serves; stories can be handed to a running server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from khaldun.apps.api import create_app
from khaldun.apps.watch import StoreSink, Watcher, WatchPlan, parse_every
from khaldun.errors import KhaldunError
from khaldun.store.db import Store
from tests.test_api import FakeCoder, make_db


def _write(folder: Path, name: str, stories: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(json.dumps(s) + "\n" for s in stories),
                               encoding="utf-8")


def _stories(db: Path) -> dict[str, str]:
    with Store.open(db, read_only=True) as store:
        return dict(store.con.execute("SELECT story_id, content_hash FROM stories").fetchall())


def test_watch_codes_only_what_is_new_or_changed(tmp_path: Path) -> None:
    news, db = tmp_path / "news", tmp_path / "w.duckdb"
    _write(news, "a.jsonl", [{"id": "a1", "text": "Rebels attacked the base."},
                             {"id": "a2", "text": "Police arrested protesters."}])
    (news / "broken.jsonl").write_text("{not json\n", encoding="utf-8")
    watcher = Watcher([str(news)], [], StoreSink(str(db), FakeCoder()))
    first = watcher.cycle()
    assert (first.read, first.counts.stories, first.counts.rejections) == (3, 2, 1)
    again = watcher.cycle()  # nothing new: nothing coded, the rejection not stored twice
    assert (again.skipped, again.counts.stories, again.counts.rejections) == (3, 0, 0)
    _write(news, "a.jsonl", [{"id": "a1", "text": "Rebels attacked the base."},
                             {"id": "a2", "text": "Police arrested many protesters."}])
    _write(news, "b.jsonl", [{"id": "b1", "text": "Troops shelled the town."}])
    changed = watcher.cycle()
    assert (changed.counts.stories, changed.counts.replaced, changed.skipped) == (2, 1, 2)
    assert sorted(_stories(db)) == ["a1", "a2", "b1"]
    with Store.open(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM rejections").fetchone() == (1,)
    assert "cycle 3: 4 read, 2 already stored, 2 stored (1 replaced)" in changed.line()


def test_watch_every_is_a_duration() -> None:
    assert parse_every("15m") == 900 and parse_every("30s") == 30 and parse_every("2") == 2
    for bad in ("soon", "0s", "-5m"):
        with pytest.raises(KhaldunError):
            parse_every(bad)


def test_watch_inside_the_server_shows_new_events_without_a_restart(tmp_path: Path) -> None:
    news = tmp_path / "news"
    db = make_db(tmp_path / "served.duckdb")
    app = create_app(str(db), coder=FakeCoder, watch=WatchPlan((str(news),), (), 0.2))
    with TestClient(app) as c:
        before = c.get("/api/events").json()["total"]
        _write(news, "live.jsonl", [{"id": "live1", "text": "Rebels attacked the base.",
                                     "published": "2021-06-01"}])
        for _ in range(100):
            if c.get("/api/events").json()["total"] > before:
                break
            time.sleep(0.1)
        assert c.get("/api/events").json()["total"] == before + 1
        assert c.get("/api/stories/live1").status_code == 200
        assert c.post("/api/stories", json={}).status_code in (404, 405)  # no token: no POST


def _run_khaldun(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "khaldun.apps.cli", *args],
                          capture_output=True, text=True, timeout=600, **kwargs)


# kill -9 at any moment of a cycle, then a restart: every story stored once, no event lost.
@pytest.mark.slow
def test_watch_killed_mid_cycle_and_restarted_loses_and_duplicates_nothing(
        tmp_path: Path) -> None:
    from khaldun.bench import corpus

    news, db, clean = tmp_path / "news", tmp_path / "k.duckdb", tmp_path / "clean.duckdb"
    stories = [{"id": s.id, "text": s.text, "published": s.published or "2024-01-01"}
               for s in corpus(24)]
    _write(news, "many.jsonl", stories)
    env = {**os.environ, "KHALDUN_BATCH_SIZE": "2"}
    watcher = subprocess.Popen([sys.executable, "-m", "khaldun.apps.cli", "watch", str(news),
                                "--db", str(db), "--every", "1h"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert watcher.stderr is not None
    assert "watching" in watcher.stderr.readline()
    time.sleep(4)  # some batches stored, the cycle not finished
    watcher.send_signal(signal.SIGKILL)
    watcher.wait(timeout=30)
    again = _run_khaldun("watch", str(news), "--db", str(db), "--once", env=env)
    assert again.returncode == 0, again.stderr
    assert _run_khaldun("code", str(news), "--db", str(clean), env=env).returncode == 0
    assert _stories(db) == _stories(clean) and len(_stories(db)) == len(stories)
    with Store.open(db, read_only=True) as a, Store.open(clean, read_only=True) as b:
        query = "SELECT id FROM events ORDER BY id"
        assert a.con.execute(query).fetchall() == b.con.execute(query).fetchall()


@pytest.mark.slow
def test_watch_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    news = tmp_path / "news"
    _write(news, "a.jsonl", [{"id": "a1", "text": "Rebels attacked the base."}])
    watcher = subprocess.Popen([sys.executable, "-m", "khaldun.apps.cli", "watch", str(news),
                                "--db", str(tmp_path / "t.duckdb"), "--every", "1h"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert watcher.stderr is not None
    lines = [watcher.stderr.readline(), watcher.stderr.readline()]
    assert "cycle 1" in lines[1]
    watcher.send_signal(signal.SIGTERM)
    assert watcher.wait(timeout=30) == 0
    assert "stopped" in watcher.stderr.read() and "Traceback" not in "".join(lines)


# Stories handed to a running server with `khaldun code --server`, while it serves.
@pytest.mark.slow
def test_code_through_a_running_server(tmp_path: Path) -> None:
    import socket

    import httpx

    db = make_db(tmp_path / "s.duckdb")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "KHALDUN_API_TOKEN": "tok"}
    server = subprocess.Popen([sys.executable, "-m", "khaldun.apps.cli", "serve", "--db",
                               str(db), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        story = tmp_path / "one.jsonl"
        story.write_text(json.dumps({"id": "sent1", "published": "2008-04-06", "text":
                                     "Iraqi troops attacked Mahdi Army fighters in Sadr City "
                                     "on Saturday."}) + "\n", encoding="utf-8")
        locked = _run_khaldun("code", str(story), "--db", str(db))
        assert locked.returncode != 0 and "--server" in locked.stderr
        assert "Traceback" not in locked.stderr
        wrong = _run_khaldun("code", str(story), "--server", base, "--token", "nope")
        assert wrong.returncode != 0 and "refused the token" in wrong.stderr
        sent = _run_khaldun("code", str(story), "--server", base, env=env)
        assert sent.returncode == 0, sent.stderr
        coded = httpx.get(f"{base}/api/stories/sent1", timeout=10).json()
        assert [e["event"] for e in coded["events"]] == ["ASSAULT"]
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_watch_needs_something_to_watch(tmp_path: Path) -> None:
    result = _run_khaldun("watch", "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode != 0 and "nothing to watch" in result.stderr
    assert "Traceback" not in result.stderr



def test_watch_a_feed_codes_only_new_and_changed_items(tmp_path: Path) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from khaldun.apps.watch import feed_reader
    from khaldun.ingest.fetch import Fetcher

    def rss(items: list[tuple[str, str]]) -> bytes:
        body = "".join(f"<item><guid>{guid}</guid><title>{guid}</title>"
                       f"<pubDate>Tue, 10 Mar 2025 14:05:00 GMT</pubDate>"
                       f"<description>{text}</description></item>" for guid, text in items)
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>'
                f"{body}</channel></rss>").encode()

    feed = {"body": rss([("w1", "Rebels attacked the base."),
                         ("w2", "Police arrested protesters.")])}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ok = self.path == "/feed.rss"
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(feed["body"] if ok else b"")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.rss"
    db = tmp_path / "f.duckdb"
    try:
        watcher = Watcher([], [url], StoreSink(str(db), FakeCoder()),
                          read_feed=feed_reader(Fetcher(delay=0)))
        first = watcher.cycle()
        assert (first.read, first.counts.stories) == (2, 2)
        feed["body"] = rss([("w1", "Rebels attacked the base."),
                            ("w2", "Police arrested forty protesters."),
                            ("w3", "Troops shelled the town.")])
        second = watcher.cycle()
        assert (second.skipped, second.counts.stories, second.counts.replaced) == (1, 2, 1)
        with Store.open(db, read_only=True) as store:
            assert store.con.execute("SELECT DISTINCT source FROM stories").fetchall() == [
                ("Local Wire",)]
    finally:
        server.shutdown()
