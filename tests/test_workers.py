"""Worker processes (`n_process` > 1) code what one process codes, stored in input order;
a worker that dies is a clear error."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest

from khaldun.bench import corpus
from khaldun.errors import WorkerError
from khaldun.pipeline import Coder, Result, code_stream, run
from khaldun.records import CodedStory, Rejection, Story
from khaldun.store.db import Store


def _coded(coder: Coder, items: list[Story | Rejection], db: Path) -> tuple[list[str], list[str]]:
    """Story ids in the order batches came back, and every event id (one item is empty)."""
    order: list[str] = []

    def seen(results: list[Result]) -> None:
        order.extend(r.story.id if isinstance(r, CodedStory) else r.story_id for r in results)

    with Store.open(db) as store:
        summary = run(items, coder, store=store, on_batch=seen)
        assert (summary.counts.stories, summary.counts.rejections) == (len(items) - 1, 1)
        events = [row[0] for row in store.con.execute(
            "SELECT id FROM events ORDER BY id").fetchall()]
    return order, events


def test_workers_code_what_one_process_codes(coder: Coder, tmp_path: Path) -> None:
    items: list[Story | Rejection] = [*corpus(14), Story("empty", "   ")]
    one = replace(coder, settings=coder.settings.with_overrides(batch_size=3))
    two = replace(coder, settings=coder.settings.with_overrides(batch_size=3, n_process=2))
    order_one, events_one = _coded(one, items, tmp_path / "one.duckdb")
    order_two, events_two = _coded(two, items, tmp_path / "two.duckdb")
    assert order_two == order_one == [i.id for i in items if isinstance(i, Story)]
    assert events_two == events_one and len(events_one) > 100


class _Settings:
    n_process = 2
    batch_size = 1


class _DyingCoder:
    """Codes nothing; its worker process dies on the story "die" (as the OOM killer would)."""

    settings = _Settings()

    def code_batch(self, items: list[Story | Rejection]) -> list[Result]:
        if any(isinstance(i, Story) and i.id == "die" for i in items):
            os._exit(1)
        return [Rejection(i.id if isinstance(i, Story) else i.story_id, "test", "fake")
                for i in items]


def test_workers_a_dead_worker_is_a_clear_error() -> None:
    items: list[Story | Rejection] = [Story(str(n), "text") for n in range(3)]
    items.append(Story("die", "text"))
    with pytest.raises(WorkerError, match="worker process died"):
        for _ in code_stream(items, cast(Coder, _DyingCoder())):
            pass


# 6. Workers die with their parent: killed (SIGKILL) or terminated (SIGTERM), the parent
# leaves no worker process behind.
_PARENT = """
import os, sys, time
sys.path.insert(0, {src!r})
from khaldun.pipeline import code_stream
from khaldun.records import Rejection, Story

class Settings:
    n_process = 2
    batch_size = 1

class SlowCoder:
    settings = Settings()
    def code_batch(self, items):
        with open({pids!r}, "a") as f:
            f.write(f"{{os.getpid()}}\\n")
        time.sleep(60)
        return [Rejection(i.id, "test", "fake") for i in items]

for _ in code_stream([Story(str(n), "text") for n in range(8)], SlowCoder()):
    pass
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split()[2] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux parent-death signal")
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_their_parent(tmp_path: Path, signal_number: int) -> None:
    pids = tmp_path / "pids.txt"
    script = tmp_path / "parent.py"
    script.write_text(_PARENT.format(src=str(Path(__file__).parents[1] / "src"),
                                     pids=str(pids)), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
                not pids.exists() or len(pids.read_text().split()) < 2):
            time.sleep(0.2)
        workers = [int(p) for p in pids.read_text().split()]
        assert len(workers) >= 2 and all(map(_alive, workers))
        parent.send_signal(signal_number)
        parent.wait(timeout=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(map(_alive, workers)):
            time.sleep(0.2)
        assert not [p for p in workers if _alive(p)]
    finally:
        parent.kill()
        for p in (int(x) for x in (pids.read_text().split() if pids.exists() else [])):
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


# Issue 17 items 6 and 7: the server codes a POST in its own worker process (spawned, the
# real coder), answers reads meanwhile, and leaves no worker behind when it is killed.
@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux parent-death signal")
def test_workers_the_servers_coding_worker_codes_and_dies_with_it(tmp_path: Path) -> None:
    import httpx

    from khaldun.store.db import Store as _Store

    db = tmp_path / "served.duckdb"
    with _Store.open(db):
        pass
    with contextlib.closing(__import__("socket").socket()) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "khaldun.apps.cli", "serve", "--db", str(db), "--port",
         str(port)], env={**os.environ, "KHALDUN_API_TOKEN": "tok"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/api/stats", timeout=2).status_code == 200:
                    break
            time.sleep(0.3)
        text = "Iraqi troops attacked Mahdi Army fighters in Sadr City on Saturday."
        job = httpx.post(f"{base}/api/stories", headers={"Authorization": "Bearer tok"},
                         json={"stories": [{"id": "w1", "text": text,
                                            "published": "2008-04-06"}]}, timeout=10).json()
        while job["status"] in ("queued", "coding") and time.monotonic() < deadline + 120:
            assert httpx.get(f"{base}/api/events", timeout=10).status_code == 200
            time.sleep(0.5)
            job = httpx.get(f"{base}{job['url']}", timeout=10).json()
        assert job["status"] == "done", job
        assert job["result"]["stories"] == 1 and job["result"]["events"] >= 1
        events = httpx.get(f"{base}/api/events", timeout=10).json()
        assert events["items"][0]["event"] == "ASSAULT"
        workers = [p for p in _children(server.pid) if _alive(p)]
        assert workers, "the coding worker is a child of the server"
        server.kill()
        server.wait(timeout=30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(map(_alive, workers)):
            time.sleep(0.2)
        assert not [p for p in workers if _alive(p)]
    finally:
        server.kill()
        for p in _children(server.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, signal.SIGKILL)
