"""Answers repeated reads from memory: the same GET, while the database has not changed, gets
the bytes the first one got. Analysts reload the same page and the same filtered list over and
over; a query and its JSON or HTML rendering cost tens of milliseconds, a copy costs nothing.

A plain ASGI middleware. The key is the method, path, query string and Host; an entry is valid
for one generation of the reader (every write starts a new one), so nothing stale is served.
Only complete 200 answers of bounded size are kept, least recently used first out. Requests
that arrive while the same one is being answered wait for its copy instead of all running the
query at once (a burst after a write). Streaming routes (exports) and job status are never
cached.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable

from khaldun.apps.guard import App, Message, Receive, Scope, Send

# Never cached: downloads stream and can be huge; a job's status changes without a write.
UNCACHED = ("/api/export", "/api/jobs")


class ResponseCache:
    def __init__(self, app: App, *, generation: Callable[[], int], max_entries: int = 512,
                 max_body: int = 2 * 1024 * 1024) -> None:
        self.app = app
        self.generation = generation
        self.max_entries = max_entries
        self.max_body = max_body
        self._entries: OrderedDict[tuple[object, ...], tuple[int, list[tuple[bytes, bytes]],
                                                             bytes]] = OrderedDict()
        self._generation = generation()
        self._running: dict[tuple[object, ...], asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" \
                or str(scope.get("path", "")).startswith(UNCACHED):
            await self.app(scope, receive, send)
            return
        host = next((v for k, v in scope.get("headers", []) if k == b"host"), b"")
        generation = self.generation()
        if generation != self._generation:  # a write: every entry is stale
            self._entries.clear()
            self._generation = generation
        key = (scope["path"], scope.get("query_string", b""), host, generation)
        if await self._answer(key, send):
            return
        running = self._running.get(key)
        if running is not None:  # the same request is being answered: wait for its copy
            await running.wait()
            if await self._answer(key, send):
                return
        done = self._running.setdefault(key, asyncio.Event())
        try:
            await self._compute(key, scope, receive, send)
        finally:
            if self._running.get(key) is done:
                del self._running[key]
            done.set()

    async def _answer(self, key: tuple[object, ...], send: Send) -> bool:
        hit = self._entries.get(key)
        if hit is None:
            return False
        self._entries.move_to_end(key)
        status, headers, body = hit
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True

    async def _compute(self, key: tuple[object, ...], scope: Scope, receive: Receive,
                       send: Send) -> None:
        start: Message = {}
        parts: list[bytes] = []
        size = 0
        keep = True

        async def record(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message.get("status") == 200
            elif message["type"] == "http.response.body" and keep:
                size += len(message.get("body", b""))
                keep = size <= self.max_body
                if keep:
                    parts.append(message.get("body", b""))
                if keep and not message.get("more_body", False):
                    self._store(key, start, b"".join(parts))
            await send(message)

        await self.app(scope, receive, record)

    def _store(self, key: tuple[object, ...], start: Message, body: bytes) -> None:
        if key[-1] != self.generation():  # a write landed while this answer was computed
            return
        self._entries[key] = (200, list(start.get("headers", [])), body)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
