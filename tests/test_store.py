from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.pipeline import Coder, run
from khaldun.records import Rejection, Story
from khaldun.store.db import Store

pytestmark = pytest.mark.slow

STORIES = [
    Story("a", "Kenyan police arrested twelve protesters in Nairobi.", published="2021-03-01",
          title="Arrests", source="Wire"),
    Story("b", "Iraqi troops attacked Mahdi Army fighters in Basra.", published="2008-03-25"),
]


def counts(store: Store) -> dict[str, int]:
    c = store.table_counts()
    c.pop("runs")
    return c


def test_store_coding_twice_changes_nothing(coder: Coder, tmp_path: Path) -> None:
    with Store.open(tmp_path / "k.duckdb") as store:
        first = run([*STORIES, Rejection("x", "ingest", "empty file", "x.txt")], coder,
                    store=store)
        before = counts(store)
        second = run([*STORIES, Rejection("x", "ingest", "empty file", "x.txt")], coder,
                     store=store)
        assert counts(store) == before
    assert (first.counts.stories, first.counts.unchanged) == (2, 0)
    assert (second.counts.stories, second.counts.unchanged) == (0, 2)
    assert before["stories"] == 2 and before["events"] >= 2 and before["rejections"] == 1


def test_store_changed_story_is_replaced_whole(coder: Coder, tmp_path: Path) -> None:
    with Store.open(tmp_path / "k.duckdb") as store:
        run(STORIES, coder, store=store)
        changed = Story("a", "Kenyan police released twelve protesters in Nairobi.",
                        published="2021-03-02")
        run([changed], coder, store=store)
        rows = store.con.execute("SELECT event FROM events WHERE story_id = 'a'").fetchall()
        assert rows == [("RETREAT",)]
        orphans = store.con.execute("SELECT count(*) FROM event_actors WHERE event_id NOT IN "
                                    "(SELECT id FROM events)").fetchone()
        assert orphans == (0,)


def test_store_rows_carry_the_story_fields(coder: Coder, tmp_path: Path) -> None:
    with Store.open(tmp_path / "k.duckdb") as store:
        run(STORIES, coder, store=store)
        (record,) = store.query_events(actor="Kenyan police")
        assert (record["title"], record["source"], record["published"]) == (
            "Arrests", "Wire", "2021-03-01")
        assert store.query_events(event="assault", since="2008-01-01")[0]["story_id"] == "b"
        assert store.query_events(since="2030-01-01") == []
        run_row = store.con.execute("SELECT stories, events, finished IS NOT NULL FROM runs"
                                    ).fetchone()
        assert run_row is not None and run_row[0] == 2 and run_row[2]


def test_store_batch_is_one_transaction(coder: Coder, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch that fails half-way leaves nothing of itself behind."""
    results = coder.code_batch(STORIES)
    with Store.open(tmp_path / "k.duckdb") as store:
        real_insert = store._insert

        def failing_insert(table: str, columns: dict) -> None:  # type: ignore[type-arg]
            if table == "events":
                raise RuntimeError("disk full")
            real_insert(table, columns)

        monkeypatch.setattr(store, "_insert", failing_insert)
        with pytest.raises(RuntimeError):
            store.write_batch(results, run_id="r")
        assert counts(store)["stories"] == 0 and counts(store)["sentences"] == 0
