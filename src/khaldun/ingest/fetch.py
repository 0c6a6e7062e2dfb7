"""Polite HTTP GET for `khaldun code --fetch` (standard library only; fetching is opt-in).

- One request at a time: a `Fetcher` is used by one reader, in order, so no host ever has two
  requests from us in flight; between two requests to one host it waits `delay` seconds, or
  the host's robots.txt Crawl-delay when that is longer (up to `MAX_CRAWL_DELAY`).
- Every request names us: User-Agent `Khaldun/<version>`; every request has a timeout.
- robots.txt (urllib.robotparser) is read once per host and obeyed for every URL, and for
  every hop of a redirect, which is followed by hand for that reason (at most `MAX_REDIRECTS`).
  A robots.txt that answers 401/403 forbids the host; a missing one (other 4xx) allows it; one
  that cannot be read at all (5xx, no connection) forbids the host for this run, because we
  cannot tell what its owner allows.
- Only http and https; a body over `MAX_BYTES` is refused.

A failure is a value (`Failure`, one line that says what happened), never an exception: the
readers turn it into a rejection of that URL and go on.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from khaldun import __version__

USER_AGENT = f"Khaldun/{__version__} (political event coder; fetches only with --fetch)"
TIMEOUT = 20.0
DELAY = 1.0
MAX_CRAWL_DELAY = 30.0
MAX_REDIRECTS = 5
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched document: `url` is where it came from after redirects."""

    url: str
    content_type: str
    body: bytes

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a URL was not fetched, in one line."""

    reason: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as responses, so each hop is checked against robots.txt."""

    def redirect_request(self, req: Any, fp: Any, code: Any, msg: Any, headers: Any,
                         newurl: Any) -> None:
        return None


Opener = Callable[[urllib.request.Request, float], IO[bytes]]


def _default_opener() -> Opener:
    opener = urllib.request.build_opener(_NoRedirect())
    return lambda request, timeout: opener.open(request, timeout=timeout)


class Fetcher:
    """Fetches URLs one at a time, politely (see the module docstring). `opener`, `clock` and
    `sleep` are injected so tests run without waiting; no I/O happens before `get`."""

    def __init__(self, *, user_agent: str = USER_AGENT, timeout: float = TIMEOUT,
                 delay: float = DELAY, opener: Opener | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self.delay = delay
        self._open = opener or _default_opener()
        self._clock = clock
        self._sleep = sleep
        self._robots: dict[str, RobotFileParser | Failure] = {}
        self._last: dict[str, float] = {}  # host -> when its last request ended
        self._crawl_delay: dict[str, float] = {}  # host -> its robots.txt Crawl-delay

    def get(self, url: str) -> Page | Failure:
        """The document at `url`, following redirects, or why it could not be had."""
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return Failure(f"not an http(s) URL: {url}")
            robots = self._robots_for(f"{parts.scheme}://{parts.netloc}")
            if isinstance(robots, Failure):
                return robots
            if not robots.can_fetch(self.user_agent, url):
                return Failure(f"robots.txt of {parts.netloc} disallows {url}; not fetched")
            answer = self._request(url, host=parts.netloc)
            if isinstance(answer, Failure):
                return answer
            status, headers, body = answer
            if status in (301, 302, 303, 307, 308) and headers.get("Location"):
                url = urljoin(url, headers["Location"])
                continue
            if not 200 <= status < 300:
                return Failure(f"HTTP {status} from {url}")
            if len(body) > MAX_BYTES:
                return Failure(f"{url} is over {MAX_BYTES:,} bytes; not read")
            return Page(url, headers.get("Content-Type", ""), body)
        return Failure(f"more than {MAX_REDIRECTS} redirects from {url}")

    def _robots_for(self, site: str) -> RobotFileParser | Failure:
        if site not in self._robots:
            self._robots[site] = self._read_robots(site)
        return self._robots[site]

    def _read_robots(self, site: str) -> RobotFileParser | Failure:
        parser = RobotFileParser(f"{site}/robots.txt")
        answer = self._request(f"{site}/robots.txt", host=urlsplit(site).netloc)
        if isinstance(answer, Failure):
            return Failure(f"robots.txt of {urlsplit(site).netloc} cannot be read "
                           f"({answer.reason}); nothing fetched from it")
        status, _, body = answer
        if status in (401, 403):
            parser.parse(["User-agent: *", "Disallow: /"])  # the owner keeps us out
        elif status >= 500:
            return Failure(f"robots.txt of {urlsplit(site).netloc} answers HTTP {status}; "
                           f"nothing fetched from it")
        elif not 200 <= status < 300:
            parser.parse([])  # no robots.txt: nothing is disallowed
        else:
            parser.parse(body.decode("utf-8", errors="replace").splitlines())
            crawl_delay = parser.crawl_delay(self.user_agent)
            if crawl_delay is not None:
                host = urlsplit(site).netloc
                self._crawl_delay[host] = min(float(crawl_delay), MAX_CRAWL_DELAY)
        return parser

    def _wait_for(self, host: str) -> None:
        delay = max(self.delay, self._crawl_delay.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)

    def _request(self, url: str, *, host: str) -> tuple[int, Message, bytes] | Failure:
        """One GET; any answer with a status is returned, redirects and errors included."""
        self._wait_for(host)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            try:
                with self._open(request, self.timeout) as response:
                    status = getattr(response, "status", 200)
                    headers = response.headers  # type: ignore[attr-defined]
                    body = response.read(MAX_BYTES + 1)
            except urllib.error.HTTPError as exc:  # 3xx (not followed), 4xx, 5xx
                status, headers, body = exc.code, exc.headers, b""
                exc.close()
            return status, headers, body
        except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            return Failure(f"cannot fetch {url}: {' '.join(str(reason).split())}")
        finally:
            self._last[host] = self._clock()
