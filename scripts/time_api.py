"""Time filtered API queries over loopback HTTP and print p50/p95 per query (bounded run).

    .venv/bin/python scripts/make_big_db.py --events 1000000 --db /tmp/khaldun-big.duckdb
    .venv/bin/python scripts/time_api.py --db /tmp/khaldun-big.duckdb --rounds 20

It starts uvicorn on 127.0.0.1 (a free port) in this process, sends each query `rounds` times
(one at a time, after one warm-up), and stops. Only loopback traffic; at most
rounds x queries requests.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time

import httpx
import uvicorn

from khaldun.apps.api import create_app

QUERIES = [
    "/api/events",
    "/api/events?offset=5000",
    "/api/events?event=ASSAULT",
    "/api/events?event=ASSAULT,COERCE&country=SYR&since=2005-01-01&min_confidence=0.7",
    "/api/events?since=2010-01-01&until=2010-06-30",
    "/api/events?actor=syn-5",
    "/api/events?actor=Actor%20Ab",
    "/api/events?country=IRQ",
    "/api/events?bbox=30,20,50,40",
    "/api/events?q=attacked",
    "/api/events?q=kharkiv&negated=include",
    "/api/events?mode=arrest",
    "/api/stats",
    "/api/stats?event=PROTEST&since=2015-01-01",
    "/api/points?event=ASSAULT",
    "/api/network?event=ASSAULT",
    "/api/network",
    "/api/actors?q=Ab",
    "/api/actors/syn-0",
    "/api/actors/syn-1500",
    "/api/actors/syn-0/mentions",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/khaldun-big.duckdb")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    app = create_app(args.db)
    print(f"opened {args.db} (derived tables built) in {time.perf_counter() - started:.1f} s")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    all_times: list[float] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        print(f"{'query':86s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")
        for url in QUERIES:
            client.get(url).raise_for_status()
            times = []
            for _ in range(args.rounds):
                t = time.perf_counter()
                client.get(url).raise_for_status()
                times.append((time.perf_counter() - t) * 1000)
            all_times += times
            times.sort()
            p95 = times[max(0, round(0.95 * len(times)) - 1)]
            print(f"{url:86s} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")
    all_times.sort()
    print(f"all {len(all_times)} requests: p50 {statistics.median(all_times):.1f} ms, "
          f"p95 {all_times[round(0.95 * len(all_times)) - 1]:.1f} ms")
    server.should_exit = True
    thread.join(timeout=10)


if __name__ == "__main__":
    main()
