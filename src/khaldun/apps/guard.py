"""What the server checks before it reads a request: the Host header (a page on another site
that re-points a DNS name at 127.0.0.1 must not read a local API), the token of a write (an
unauthorised 100 MB POST is refused before its body is read) and the body's size (413 before
parsing). A plain ASGI middleware, so nothing downstream runs for a refused request."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
# Requests that write: their token is checked before their body is read.
WRITES = {("POST", "/api/stories")}


class Guard:
    def __init__(self, app: App, *, hosts: tuple[str, ...] | None, max_bytes: int,
                 token: str | None) -> None:
        self.app = app
        self.hosts = None if hosts is None or "*" in hosts else {h.lower() for h in hosts}
        self.max_bytes = max_bytes
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _error(send, *refusal)
            return
        if "content-length" in headers or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        # A body of unknown length (chunked) is read here first, up to the limit, and then
        # handed on whole: the limit holds without trusting the sender.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await _error(send, 413, "payload_too_large", self._too_large())
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str, str] | None:
        if self.hosts is not None:
            host = headers.get("host", "")
            name = host[1:host.index("]")] if host.startswith("[") and "]" in host \
                else host.rsplit(":", 1)[0] if host.count(":") == 1 else host
            if name.lower() not in self.hosts:
                return 400, "bad_host", (f"this server does not answer to the host {host!r}; "
                                         f"add it to the allowed_hosts setting")
        if (scope.get("method"), scope.get("path")) in WRITES and self.token is not None:
            given = headers.get("authorization", "")
            scheme, _, value = given.partition(" ")
            if not given:
                return 401, "unauthorized", ("this endpoint needs the header "
                                             "'Authorization: Bearer <token>'")
            if scheme.lower() != "bearer" or not hmac.compare_digest(value.encode(),
                                                                     self.token.encode()):
                return 403, "forbidden", "the token is wrong"
        length = headers.get("content-length", "")
        if length.isascii() and length.isdigit() and int(length) > self.max_bytes:
            return 413, "payload_too_large", self._too_large()
        return None

    def _too_large(self) -> str:
        return (f"the request body is over {self.max_bytes:,} bytes (the max_request_bytes "
                f"setting); send fewer stories per request")


class SecurityHeaders:
    """Adds the Content-Security-Policy and the other protective headers to every answer."""

    def __init__(self, app: App, *, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k for k, _ in self.headers}
                message["headers"] = [*(h for h in message.get("headers", [])
                                        if h[0].lower() not in names), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"status": status, "code": code, "message": message,
                                 "details": []}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
