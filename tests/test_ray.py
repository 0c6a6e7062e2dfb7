"""The Ray engine on a local 2-CPU Ray: same event ids as the local engine, resumable."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from khaldun.bench import corpus
from khaldun.pipeline import Coder, run
from khaldun.settings import Settings
from khaldun.store.db import Store

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    stories = corpus(90)
    for k in range(3):
        rows = [json.dumps({"id": s.id, "text": s.text, "published": s.published,
                            "title": s.title, "source": s.source})
                for s in stories[k * 30:(k + 1) * 30]]
        if k == 2:
            rows.append('{"id": "broken", "text": ')
        (folder / f"shard{k}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def ids(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    return {r[0] for r in con.execute("SELECT id FROM events").fetchall()}


def records(db: Path, wanted: set[str]) -> list[str]:
    """The records of some events, to show how two runs differ."""
    con = duckdb.connect(str(db), read_only=True)
    return [r[0] for r in con.execute("SELECT record FROM events WHERE id IN (SELECT unnest(?))",
                                      [sorted(wanted)]).fetchall()]


def test_ray_engine_gives_the_local_event_ids(local_ray: None, shards: Path, tmp_path: Path,
                                              coder: Coder) -> None:
    from khaldun.scale.ray import load, run_ray

    settings = Settings(batch_size=16)
    summary = run_ray([str(shards)], tmp_path / "out", settings=settings, workers=2)
    assert (summary.shards, summary.counts.stories, summary.counts.rejections) == (3, 90, 1)
    with Store.open(tmp_path / "ray.duckdb") as store:
        added = load(tmp_path / "out", store)
    assert added["stories"] == 90 and added["rejections"] == 1
    from khaldun.ingest.readers import read_paths

    with Store.open(tmp_path / "local.duckdb") as store:
        run(read_paths([str(shards)]), coder, store=store)
    ray_ids, local_ids = ids(tmp_path / "ray.duckdb"), ids(tmp_path / "local.duckdb")
    assert ray_ids == local_ids, (records(tmp_path / "ray.duckdb", ray_ids - local_ids),
                                  records(tmp_path / "local.duckdb", local_ids - ray_ids))
    assert len(ids(tmp_path / "ray.duckdb")) > 100
    partitions = {p.name for p in (tmp_path / "out" / "events").iterdir()}
    assert all(p.startswith("month=") for p in partitions) and len(partitions) > 5


def test_ray_engine_resumes_without_duplicates(local_ray: None, shards: Path,
                                               tmp_path: Path) -> None:
    from khaldun.scale.ray import DONE, load, run_ray, shard_key

    out = tmp_path / "out"
    settings = Settings(batch_size=16)
    run_ray([str(shards)], out, settings=settings, workers=2)
    files = sorted(p.relative_to(out) for p in out.rglob("*.parquet"))
    # As if the run had been killed while writing shard1: its marker is missing and a stray
    # file of it lies in the output.
    key = shard_key(shards / "shard1.jsonl")
    (out / DONE / key).unlink()
    stray = out / "stories" / f"{key}-09999.parquet"
    stray.write_bytes((out / "stories").glob(f"{key}-*.parquet").__next__().read_bytes())
    again = run_ray([str(shards)], out, settings=settings, workers=2)
    assert (again.shards, again.skipped, again.counts.stories) == (3, 2, 30)
    assert sorted(p.relative_to(out) for p in out.rglob("*.parquet")) == files
    with Store.open(tmp_path / "k.duckdb") as store:
        first = load(out, store)
        second = load(out, store)
    assert first["stories"] == 90 and set(second.values()) == {0}
