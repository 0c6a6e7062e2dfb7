"""Fixed-rate load on a local Khaldun server: p50/p99 latency, errors, achieved rate.

    .venv/bin/khaldun demo --no-serve --db /tmp/demo.duckdb
    .venv/bin/python scripts/load.py --db /tmp/demo.duckdb --rate 200 --seconds 60 \
        --path "/api/events?limit=50"

It starts `khaldun serve` on 127.0.0.1 (a free port) in its own process, waits for it, then
sends requests at a fixed rate (open loop: a slow answer does not slow the sending, as real
clients do not wait for each other) for the given seconds, and stops the server. Only loopback
traffic, at most rate x seconds requests. A request that fails, times out (5 s) or answers
other than 200 counts as an error. Latency is from the scheduled send time, so a server that
falls behind shows it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: str, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "khaldun.apps.cli", "serve", "--db", db,
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start within 60 s")


async def _load(url: str, rate: float, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(timeout=5.0, limits=limits) as client:
        async def one(scheduled: float) -> None:
            nonlocal errors
            try:
                response = await client.get(url)
                if response.status_code != 200:
                    errors += 1
                    return
            except httpx.HTTPError:
                errors += 1
                return
            latencies.append(time.perf_counter() - scheduled)

        start = time.perf_counter()
        tasks = []
        total = int(rate * seconds)
        for n in range(total):
            scheduled = start + n / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(scheduled)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) \
            if ordered else float("nan")

    return {"requests": total, "ok": len(ordered), "errors": errors,
            "achieved_rate": round(len(ordered) / elapsed, 1), "p50_ms": pct(0.50),
            "p99_ms": pct(0.99),
            "mean_ms": round(1000 * statistics.fmean(ordered), 1) if ordered else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="DuckDB file to serve")
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to send")
    parser.add_argument("--path", default="/api/events?limit=50", help="path to request")
    args = parser.parse_args()
    if not Path(args.db).is_file():
        raise SystemExit(f"no database at {args.db}; make one with khaldun demo --no-serve")
    if args.rate * args.seconds > 100_000:
        raise SystemExit("at most 100,000 requests per run")
    port = _free_port()
    server = _start(args.db, port)
    try:
        result = asyncio.run(_load(f"http://127.0.0.1:{port}{args.path}", args.rate,
                                   args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps({"path": args.path, "rate": args.rate, "seconds": args.seconds, **result}))


if __name__ == "__main__":
    main()
