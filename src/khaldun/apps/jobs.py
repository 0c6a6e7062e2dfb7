"""Coding through the API, off the request path.

POST /api/stories puts a job on a queue and answers at once; one background thread takes the
jobs in order, has their stories coded, and stores each job under the reader's write lock, held
only for the store itself (not for the minutes of parsing). So reads never wait for coding.

The default coder runs in a worker process (started by spawn: forking a threaded server is
unsafe), so parsing does not take the server's interpreter away from the reads either; the
worker dies with the server. A given coder factory (tests, embedding) codes in the queue's
thread instead. Jobs live in memory: a job not yet stored when the server stops is lost, and
sending its stories again is safe (stories already stored unchanged are left alone).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from khaldun.errors import KhaldunError
from khaldun.records import CodedStory, Rejection, Story
from khaldun.settings import Settings
from khaldun.store.db import Counts
from khaldun.store.reader import Reader

# A coding function: stories in, (results, coder name, model name) out.
Code = Callable[[list[Story | Rejection]], tuple[list[CodedStory | Rejection], str, str]]
KEEP_FINISHED = 1000  # finished jobs remembered for GET /api/jobs/{id}


@dataclass
class Job:
    id: str
    items: list[Story | Rejection]
    submitted: float = field(default_factory=time.time)
    status: str = "queued"  # queued -> coding -> done | failed
    finished: float | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def as_dict(self) -> dict[str, Any]:
        return {"job_id": self.id, "status": self.status, "url": f"/api/jobs/{self.id}",
                "stories_submitted": sum(isinstance(i, Story) for i in self.items),
                "submitted": _iso(self.submitted),
                "finished": _iso(self.finished) if self.finished else None,
                "result": self.result, "error": self.error}


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class QueueFull(KhaldunError):
    """More jobs are waiting than the queue holds."""


class CodingQueue:
    """Jobs in, one at a time, coded by `code` and stored through `reader`."""

    def __init__(self, reader: Reader, code: Code, *, max_waiting: int = 100) -> None:
        self.reader = reader
        self.code = code
        self.max_waiting = max_waiting
        self._waiting: queue.Queue[Job | None] = queue.Queue()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="khaldun-coding",
                                        daemon=True)
        self._thread.start()

    def submit(self, items: list[Story | Rejection]) -> Job:
        if self._waiting.qsize() >= self.max_waiting:
            raise QueueFull(f"{self.max_waiting} coding jobs are already waiting; try again "
                            f"when some have finished")
        job = Job(uuid.uuid4().hex, items)
        with self._lock:
            self._jobs[job.id] = job
        self._waiting.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def position(self, job: Job) -> int:
        """How many jobs are ahead of this one (0: it is being coded or next)."""
        with self._lock:
            ahead = [j for j in self._jobs.values() if j.status in ("queued", "coding")]
        return ahead.index(job) if job in ahead else 0

    def close(self) -> None:
        self._waiting.put(None)
        self._thread.join(timeout=30)

    def _work(self) -> None:
        while (job := self._waiting.get()) is not None:
            job.status = "coding"
            try:
                job.result = self._code_and_store(job)
                job.status = "done"
            except Exception as exc:  # the job fails, the queue goes on
                job.status, job.error = "failed", _reason(exc)
            job.finished = time.time()
            job.done.set()
            self._forget_old()

    def _code_and_store(self, job: Job) -> dict[str, Any]:
        from khaldun.pipeline import unique_ids

        items = list(unique_ids(job.items))
        results, coder_name, model_name = self.code(items)
        counts = Counts()
        with self.reader.writing() as store:
            run_id = store.start_run(command="api", coder=coder_name, model=model_name)
            counts.add(store.write_batch(results, run_id=run_id))
            store.finish_run(run_id, counts, time.time() - job.submitted)
            ids = [r.story.id for r in results if isinstance(r, CodedStory)]
            events = [row[0] for row in store.con.execute(
                "SELECT id FROM events WHERE story_id IN (SELECT unnest(?)) "
                "ORDER BY story_id, sentence, id", [ids]).fetchall()]
        return {"stories": counts.stories, "unchanged": counts.unchanged,
                "replaced": counts.replaced, "events": counts.events, "event_ids": events,
                "rejections": [{"story_id": r.story_id, "stage": r.stage, "reason": r.reason}
                               for r in results if isinstance(r, Rejection)]}

    def _forget_old(self) -> None:
        with self._lock:
            finished = [k for k, j in self._jobs.items() if j.done.is_set()]
            for key in finished[:max(0, len(finished) - KEEP_FINISHED)]:
                del self._jobs[key]


def counts_of(result: dict[str, Any]) -> Counts:
    """The counts of a done job's result (as GET /api/jobs/{id} gives it)."""
    return Counts(stories=result["stories"], unchanged=result["unchanged"],
                  replaced=result["replaced"], events=result["events"],
                  rejections=len(result["rejections"]))


def _reason(exc: Exception) -> str:
    if isinstance(exc, BrokenProcessPool):
        return ("the coding worker died (out of memory?); the job was not stored, send its "
                "stories again")
    if isinstance(exc, KhaldunError):
        return str(exc)
    return f"internal error while coding ({type(exc).__name__}); the job was not stored"


def code_in_thread(factory: Callable[[], Any]) -> Code:
    """A coding function over the coder `factory()` returns (loaded on first use)."""
    coders: list[Any] = []

    def code(items: list[Story | Rejection]) -> tuple[list[CodedStory | Rejection], str, str]:
        from khaldun.pipeline import code_stream

        if not coders:
            coders.append(factory())
        coder = coders[0]
        results = [r for batch in code_stream(items, coder) for r in batch]
        return results, coder.coder_name, coder.parser.model_name
    return code


class WorkerProcess:
    """A coding function run in one worker process that loads the coder once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.with_overrides(n_process=1)
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, items: list[Story | Rejection]
                 ) -> tuple[list[CodedStory | Rejection], str, str]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker, initargs=(self.settings, os.getpid()))
        try:
            return self._pool.submit(_code_in_worker, items).result()
        except BrokenProcessPool:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None  # the next job starts a new worker
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


_WORKER: Any = None


def _start_worker(settings: Settings, parent: int) -> None:
    global _WORKER
    from khaldun.pipeline import Coder, _die_with_parent

    _die_with_parent(parent)  # the same rule as the CLI's workers

    _WORKER = Coder.load(settings)


def _code_in_worker(items: Iterable[Story | Rejection]
                    ) -> tuple[list[CodedStory | Rejection], str, str]:
    from khaldun.pipeline import code_stream

    results = [r for batch in code_stream(items, _WORKER) for r in batch]
    return results, _WORKER.coder_name, _WORKER.parser.model_name
