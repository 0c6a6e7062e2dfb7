"""Worker processes (`n_process` > 1) code what one process codes, stored in input order;
a worker that dies is a clear error."""

from __future__ import annotations

import os
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
