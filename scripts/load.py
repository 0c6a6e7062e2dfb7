"""Fixed-rate load on a local Khaldun server: p50/p99 latency, errors, achieved rate.

    .venv/bin/khaldun demo --no-serve --db /tmp/demo.duckdb
    .venv/bin/python scripts/load.py --db /tmp/demo.duckdb --rate 200 --seconds 60 \
        --path "/api/events?limit=50"
    # reads while a 3 MB POST of stories is being coded:
    .venv/bin/python scripts/load.py --db /tmp/demo.duckdb --rate 200 --seconds 60 --post-mb 3

It starts `khaldun serve` on 127.0.0.1 (a free port) in its own process, waits for it, then
sends requests at a fixed rate (open loop: a slow answer does not slow the sending, as real
clients do not wait for each other) for the given seconds, and stops the server. Only loopback
traffic, at most rate x seconds requests. A request that fails, times out (5 s) or answers
other than 200 counts as an error. Latency is from the scheduled send time, so a server that
falls behind shows it.

The client speaks HTTP/1.1 over plain asyncio streams with kept-alive connections (a pool that
grows when every connection is busy): a general-purpose client costs more CPU per request than
the server does, and on a 2-core machine the load generator must not be what is measured.

With --post-mb N the server gets a token and, as the load starts, one POST /api/stories of
about N MB (the benchmark corpus under fresh ids); the report adds how long the coding job took
and the read latencies measured while it was coding.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

import httpx

TIMEOUT = 5.0
TOKEN = "load-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: str, port: int, token: str | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KHALDUN_API_TOKEN": token or ""}
    server = subprocess.Popen([sys.executable, "-m", "khaldun.apps.cli", "serve", "--db", db,
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


class Connection:
    """One kept-alive HTTP/1.1 connection that sends a GET and reads the whole answer."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def get(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:] if line)}
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        return status

    def close(self) -> None:
        self.writer.close()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    during_post: list[float] = field(default_factory=list)
    errors: int = 0
    kinds: dict[str, int] = field(default_factory=dict)  # error kind -> how many


async def _load(port: int, path: str, rate: float, seconds: float,
                coding: asyncio.Event) -> Tally:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               "Connection: keep-alive\r\n\r\n").encode()
    idle: list[Connection] = []
    tally = Tally()

    async def one(scheduled: float) -> None:
        connection = idle.pop() if idle else None
        try:
            if connection is not None:
                try:
                    status = await asyncio.wait_for(connection.get(request), TIMEOUT)
                except asyncio.IncompleteReadError as exc:
                    if exc.partial:
                        raise
                    # The server closed this idle connection (its keep-alive timeout): send
                    # again on a new one, as browsers do.
                    connection.close()
                    connection = None
            if connection is None:
                connection = await Connection.open(port)
                status = await asyncio.wait_for(connection.get(request), TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError,
                IndexError) as exc:
            tally.errors += 1
            tally.kinds[type(exc).__name__] = tally.kinds.get(type(exc).__name__, 0) + 1
            if connection is not None:
                connection.close()
            return
        idle.append(connection)
        if status != 200:
            tally.errors += 1
            tally.kinds[f"HTTP {status}"] = tally.kinds.get(f"HTTP {status}", 0) + 1
            return
        latency = time.perf_counter() - scheduled
        tally.latencies.append(latency)
        if coding.is_set():
            tally.during_post.append(latency)

    start = time.perf_counter()
    tasks = []
    for n in range(int(rate * seconds)):
        scheduled = start + n / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    for connection in idle:
        connection.close()
    return tally


def _stories(megabytes: float) -> list[dict[str, str]]:
    corpus = Path(__file__).resolve().parents[1] / "src/khaldun/demo/bench.jsonl"
    base = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    out: list[dict[str, str]] = []
    size = 0
    for n, story in enumerate(cycle(base)):
        if size >= megabytes * 1_000_000:
            break
        out.append({"id": f"load-{n}", "text": story["text"],
                    "published": story.get("published") or "2024-01-01"})
        size += len(story["text"].encode())
    return out


async def _post(port: int, megabytes: float, coding: asyncio.Event) -> dict[str, float]:
    """POST about `megabytes` of stories in requests of at most 200 stories (the API's cap),
    then wait for every job; `coding` is set while any is unfinished."""
    stories = _stories(megabytes)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    started = time.perf_counter()
    jobs = []
    coding.set()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        for i in range(0, len(stories), 200):
            response = await client.post("/api/stories", headers=headers,
                                         json={"stories": stories[i:i + 200]})
            response.raise_for_status()
            jobs.append(response.json()["url"])
        stored = 0
        for url in jobs:
            while True:
                job = (await client.get(url)).json()
                if job["status"] in ("done", "failed"):
                    stored += (job.get("result") or {}).get("stories", 0)
                    break
                await asyncio.sleep(0.5)
    coding.clear()
    return {"post_stories": len(stories), "post_stored": stored,
            "post_seconds": round(time.perf_counter() - started, 1)}


async def _run(port: int, args: argparse.Namespace) -> dict[str, object]:
    coding = asyncio.Event()
    load = asyncio.create_task(_load(port, args.path, args.rate, args.seconds, coding))
    post = await _post(port, args.post_mb, coding) if args.post_mb else {}
    tally = await load
    elapsed = args.seconds

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) \
            if ordered else float("nan")

    result: dict[str, object] = {
        "requests": int(args.rate * args.seconds), "ok": len(tally.latencies),
        "errors": tally.errors, "error_kinds": tally.kinds,
        "achieved_rate": round(len(tally.latencies) / elapsed, 1),
        "p50_ms": pct(tally.latencies, 0.5), "p99_ms": pct(tally.latencies, 0.99),
        "mean_ms": round(1000 * statistics.fmean(tally.latencies), 1)
        if tally.latencies else float("nan")}
    if args.post_mb:
        result.update(post, reads_while_coding=len(tally.during_post),
                      p50_ms_while_coding=pct(tally.during_post, 0.5),
                      p99_ms_while_coding=pct(tally.during_post, 0.99))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="DuckDB file to serve")
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send")
    parser.add_argument("--path", default="/api/events?limit=50", help="path to request")
    parser.add_argument("--post-mb", type=float, default=0.0,
                        help="also POST this many MB of stories at the start (a copy of --db "
                             "is served, so the file itself is left unchanged)")
    args = parser.parse_args()
    if not Path(args.db).is_file():
        raise SystemExit(f"no database at {args.db}; make one with khaldun demo --no-serve")
    if args.rate * args.seconds > 100_000:
        raise SystemExit("at most 100,000 requests per run")
    db = args.db
    if args.post_mb:
        import shutil
        import tempfile

        db = str(Path(tempfile.mkdtemp(prefix="khaldun-load-")) / "load.duckdb")
        shutil.copyfile(args.db, db)
    port = _free_port()
    server = _start(db, port, TOKEN if args.post_mb else None)
    try:
        result = asyncio.run(_run(port, args))
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(json.dumps({"path": args.path, "rate": args.rate, "seconds": args.seconds, **result}))


if __name__ == "__main__":
    main()
