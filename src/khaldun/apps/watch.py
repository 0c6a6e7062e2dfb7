"""`khaldun watch`: code what is new in folders and feeds, cycle after cycle.

Each cycle reads every watched source, keeps only what the database does not already hold (a
story whose id and content hash are stored is skipped before coding; an id with new content
replaces its story; a rejection already stored is not stored again), codes that, and logs one
line. All state is the database itself, so a watcher killed at any moment (even kill -9) and
started again loses nothing and duplicates nothing: what was stored is skipped, what was not is
coded.

Two sinks: `StoreSink` opens the database file for each cycle only (`khaldun watch`), and
`ServerSink` hands new stories to a running server's coding queue (`khaldun serve --watch`), so
analysts browse while stories arrive.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from khaldun.errors import KhaldunError
from khaldun.records import Rejection, Story
from khaldun.store.db import Counts

Item = Story | Rejection
# Reads one feed URL into items (the feed reader of khaldun.ingest, with fetching on).
FeedReader = Callable[[str], Iterable[Item]]


def parse_every(text: str) -> float:
    """'15m', '30s', '2h' or a number of seconds, as seconds (at least 1)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", text or "")
    if not match:
        raise KhaldunError(f"--every {text!r} is not a duration; give e.g. 30s, 15m or 2h")
    seconds = float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]
    if seconds < 1:
        raise KhaldunError("--every must be at least one second")
    return seconds


@dataclass(frozen=True, slots=True)
class WatchPlan:
    """What `khaldun serve --watch` watches, and how often."""

    paths: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    every: float = 900.0


def read_feeds_file(path: str | None) -> list[str]:
    """The feed URLs of a text file, one per line (blank lines and # comments skipped)."""
    if not path:
        return []
    try:
        text = open(path, encoding="utf-8").read()  # noqa: SIM115 (read at once)
    except OSError as exc:
        raise KhaldunError(f"cannot read the feed list {path}: {exc.strerror}") from None
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def feed_reader(fetcher: Any = None) -> FeedReader:
    """Reads a feed URL into stories with khaldun.ingest's polite fetcher (kept across cycles,
    so robots.txt and the per-host delay carry over); an item's linked page gives its text."""
    from khaldun.ingest.fetch import Fetcher
    from khaldun.ingest.urls import read_url

    polite = fetcher or Fetcher()
    return lambda url: list(read_url(url, origin=url, fetcher=polite))


def start_in_server(plan: WatchPlan, reader: Any, jobs: Any,
                    log: Callable[[str], None]) -> threading.Event:
    """Run a watcher feeding the server's coding queue in a background thread; set the
    returned event to stop it."""
    stop = threading.Event()
    watcher = Watcher(plan.paths, plan.feeds, ServerSink(reader, jobs),
                      read_feed=feed_reader() if plan.feeds else None)
    threading.Thread(target=watcher.run, args=(plan.every, stop, log), name="khaldun-watch",
                     daemon=True).start()
    return stop


class Sink(Protocol):
    def stored_hashes(self, ids: list[str]) -> dict[str, str]: ...
    def stored_rejections(self, ids: list[str]) -> set[tuple[str, str]]: ...
    def code(self, items: list[Item]) -> Counts: ...


@dataclass(frozen=True, slots=True)
class Cycle:
    number: int
    read: int  # stories and rejections read from the sources
    skipped: int  # already stored unchanged (not coded again)
    counts: Counts  # what coding the rest stored
    seconds: float

    def line(self) -> str:
        c = self.counts
        return (f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} cycle {self.number}: "
                f"{self.read} read, {self.skipped} already stored, {c.stories} stored "
                f"({c.replaced} replaced), {c.events} events, {c.rejections} rejected, "
                f"{self.seconds:.1f} s")


class Watcher:
    def __init__(self, paths: Sequence[str], feeds: Sequence[str], sink: Sink, *,
                 read_feed: FeedReader | None = None) -> None:
        if feeds and read_feed is None:
            raise KhaldunError("feeds need the feed reader; this install has none")
        self.paths = list(paths)
        self.feeds = list(feeds)
        self.sink = sink
        self.read_feed = read_feed
        self.cycles = 0

    def _read(self) -> list[Item]:
        from khaldun.ingest.readers import read_paths

        items: list[Item] = list(read_paths(self.paths)) if self.paths else []
        for url in self.feeds:
            assert self.read_feed is not None
            try:
                items.extend(self.read_feed(url))
            except KhaldunError as exc:  # one unreachable feed never stops the others
                items.append(Rejection(url, "ingest", str(exc), url))
        return items

    def cycle(self) -> Cycle:
        """Read every source, code what is new, and say what happened."""
        started = time.perf_counter()
        self.cycles += 1
        items = self._read()
        stories = [i for i in items if isinstance(i, Story)]
        rejections = [i for i in items if isinstance(i, Rejection)]
        stored = self.sink.stored_hashes([s.id for s in stories])
        new: list[Item] = [s for s in stories if stored.get(s.id) != s.content_hash]
        known = self.sink.stored_rejections([r.story_id for r in rejections])
        new.extend(r for r in rejections if (r.story_id, r.reason) not in known)
        counts = self.sink.code(new) if new else Counts()
        return Cycle(self.cycles, len(items), len(items) - len(new), counts,
                     time.perf_counter() - started)

    def run(self, every: float, stop: threading.Event, log: Callable[[str], None],
            *, once: bool = False) -> None:
        """Cycle every `every` seconds until `stop` is set (or once)."""
        while not stop.is_set():
            try:
                log(self.cycle().line())
            except KhaldunError as exc:  # e.g. the database is busy: try again next cycle
                log(f"cycle {self.cycles} failed: {exc}")
            if once:
                return
            stop.wait(every)


class StoreSink:
    """Codes with `coder` into the database file, opened for each call only."""

    def __init__(self, db: str, coder: Any) -> None:
        self.db = db
        self.coder = coder

    def stored_hashes(self, ids: list[str]) -> dict[str, str]:
        from khaldun.store.db import Store

        with Store.open(self.db) as store:
            return _hashes(store.con, ids, schema="")

    def stored_rejections(self, ids: list[str]) -> set[tuple[str, str]]:
        from khaldun.store.db import Store

        with Store.open(self.db) as store:
            return _rejections(store.con, ids, schema="")

    def code(self, items: list[Item]) -> Counts:
        from khaldun.pipeline import run
        from khaldun.store.db import Store

        with Store.open(self.db) as store:
            summary = run(items, self.coder, store=store, command="watch")
        return summary.counts


class ServerSink:
    """Hands new stories to a server's coding queue and waits for each job."""

    def __init__(self, reader: Any, jobs: Any) -> None:
        self.reader = reader
        self.jobs = jobs

    def stored_hashes(self, ids: list[str]) -> dict[str, str]:
        with self.reader.cursor() as cur:
            return _hashes(cur, ids, schema="src.")

    def stored_rejections(self, ids: list[str]) -> set[tuple[str, str]]:
        with self.reader.cursor() as cur:
            return _rejections(cur, ids, schema="src.")

    def code(self, items: list[Item]) -> Counts:
        from khaldun.apps.jobs import counts_of

        counts = Counts()
        for start in range(0, len(items), 200):
            job = self.jobs.submit(items[start:start + 200])
            job.done.wait()
            if job.status == "failed":
                raise KhaldunError(f"a coding job failed: {job.error}")
            counts.add(counts_of(job.result))
        return counts


def _hashes(con: Any, ids: list[str], *, schema: str) -> dict[str, str]:
    if not ids:
        return {}
    rows = con.execute(f"SELECT story_id, content_hash FROM {schema}stories "
                       "WHERE story_id IN (SELECT unnest(?))", [ids]).fetchall()
    return {r[0]: r[1] for r in rows}


def _rejections(con: Any, ids: list[str], *, schema: str) -> set[tuple[str, str]]:
    if not ids:
        return set()
    rows = con.execute(f"SELECT story_id, reason FROM {schema}rejections "
                       "WHERE story_id IN (SELECT unnest(?))", [ids]).fetchall()
    return {(r[0], r[1]) for r in rows}
