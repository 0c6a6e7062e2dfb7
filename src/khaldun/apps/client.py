"""Hand stories to a running Khaldun server (`khaldun code FILE --server URL --token T`).

While `khaldun serve` holds the database nobody else can write it; the server codes what it is
sent instead (POST /api/stories, a job queue), and analysts keep browsing meanwhile. Stories go
in requests of at most 200 stories and about 4 MB (under the server's default body limit);
then every job is followed until it is stored or failed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from khaldun.apps.jobs import counts_of
from khaldun.errors import KhaldunError
from khaldun.records import Rejection, Story
from khaldun.store.db import Counts

MAX_STORIES = 200  # the API's cap per request
MAX_BYTES = 4 * 1024 * 1024


@dataclass
class Sent:
    counts: Counts = field(default_factory=Counts)
    rejections: list[Rejection] = field(default_factory=list)
    failed_jobs: list[str] = field(default_factory=list)  # why each failed job failed


def _story(s: Story) -> dict[str, Any]:
    return {k: v for k, v in (("id", s.id), ("text", s.text), ("published", s.published),
                              ("title", s.title), ("source", s.source), ("url", s.url))
            if v is not None}


def _requests(items: Iterable[Story | Rejection], sent: Sent) -> Iterable[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    size = 0
    for item in items:
        if isinstance(item, Rejection):
            sent.rejections.append(item)
            sent.counts.rejections += 1
            continue
        body = _story(item)
        length = len(json.dumps(body, ensure_ascii=False).encode())
        if batch and (len(batch) >= MAX_STORIES or size + length > MAX_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(body)
        size += length
    if batch:
        yield batch


def send(items: Iterable[Story | Rejection], server: str, token: str, *,
         on_job: Callable[[dict[str, Any]], None] | None = None,
         poll_seconds: float = 1.0) -> Sent:
    """Post the stories to `server` and wait until every job is done; raises KhaldunError
    with one clear line when the server cannot be reached or refuses."""
    import httpx

    sent = Sent()
    base = server.rstrip("/")
    headers = {"Authorization": f"Bearer {token}"}
    jobs: list[str] = []
    try:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            for stories in _requests(items, sent):
                jobs.append(_post(client, base, stories))
            for url in jobs:
                job = _wait(client, url, poll_seconds)
                if on_job is not None:
                    on_job(job)
                _add(sent, job)
    except httpx.HTTPError as exc:
        raise KhaldunError(f"cannot reach the Khaldun server at {base}: {exc}; is "
                           f"`khaldun serve` running there?") from exc
    return sent


def _post(client: Any, base: str, stories: list[dict[str, Any]]) -> str:
    while True:
        response = client.post("/api/stories", json={"stories": stories})
        if response.status_code == 503:  # the queue is full: wait for room
            time.sleep(2)
            continue
        break
    if response.status_code in (404, 405):
        raise KhaldunError(f"the server at {base} does not accept stories; start it with "
                           f"the api_token setting (KHALDUN_API_TOKEN)")
    if response.status_code in (401, 403):
        raise KhaldunError(f"the server at {base} refused the token (HTTP "
                           f"{response.status_code}); give the token it was started with")
    if response.status_code not in (200, 202):
        raise KhaldunError(f"the server at {base} answered HTTP {response.status_code}: "
                           f"{_message(response)}")
    return str(response.json()["url"])


def _message(response: Any) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return str(response.text[:200])


def _wait(client: Any, url: str, poll_seconds: float) -> dict[str, Any]:
    while True:
        job: dict[str, Any] = client.get(url).json()
        if job.get("status") in ("done", "failed"):
            return job
        time.sleep(poll_seconds)


def _add(sent: Sent, job: dict[str, Any]) -> None:
    if job["status"] == "failed":
        sent.failed_jobs.append(str(job.get("error")))
        return
    result = job["result"]
    sent.counts.add(counts_of(result))
    sent.rejections.extend(Rejection(r["story_id"], r["stage"], r["reason"])
                           for r in result["rejections"])
