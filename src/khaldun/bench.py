"""`khaldun bench`: Khaldun's end-to-end speed against a bare spaCy pass, in one run.

The corpus is the bundled benchmark corpus (40 full-length news articles we wrote, where many
sentences carry no event, as in real news) repeated under fresh ids up to the asked size. Both
passes use the same loaded pipeline, n_process and batch size; the ratio of their throughputs
is the figure that holds on a noisy shared machine (DESIGN.md section 6).
"""

from __future__ import annotations

import json
import resource
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from itertools import cycle, islice
from pathlib import Path

from khaldun.demo import bench_path
from khaldun.ingest.readers import read_paths
from khaldun.pipeline import Coder, run
from khaldun.records import Story
from khaldun.store.db import Store


@dataclass(frozen=True, slots=True)
class BenchResult:
    stories: int
    sentences: int
    events: int
    words: int
    n_process: int
    khaldun_seconds: float
    bare_seconds: float
    stories_per_s: float
    sentences_per_s: float
    bare_stories_per_s: float
    ratio: float  # Khaldun's throughput over the bare pass's: above 1 is faster than bare spaCy
    peak_rss_mb: float

    def to_json(self) -> str:
        return json.dumps(asdict(self))


def corpus(size: int) -> list[Story]:
    """`size` stories: the benchmark corpus repeated, each copy under its own id."""
    demo = [s for s in read_paths([str(bench_path())]) if isinstance(s, Story)]
    return [replace(s, id=f"{s.id}#{n // len(demo)}")
            for n, s in enumerate(islice(cycle(demo), size))]


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)  # ru_maxrss is in KiB on Linux


def bench(coder: Coder, *, size: int) -> BenchResult:
    stories = corpus(size)
    texts = [s.text for s in stories]
    nlp = coder.parser.nlp
    list(nlp.pipe(texts[:8]))  # warm up both passes alike

    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=coder.parser.n_process,
                      batch_size=coder.parser.batch_size):
        pass
    bare = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.duckdb") as store:
        summary = run(stories, coder, store=store, command="bench")
    ours = summary.seconds
    words = sum(len(t.split()) for t in texts)
    return BenchResult(
        stories=len(stories), sentences=summary.counts.sentences, events=summary.counts.events,
        words=words, n_process=coder.parser.n_process, khaldun_seconds=round(ours, 3),
        bare_seconds=round(bare, 3), stories_per_s=round(len(stories) / ours, 1),
        sentences_per_s=round(summary.counts.sentences / ours, 1),
        bare_stories_per_s=round(len(stories) / bare, 1), ratio=round(bare / ours, 3),
        peak_rss_mb=peak_rss_mb())
