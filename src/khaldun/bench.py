"""`khaldun bench`: Khaldun's end-to-end speed against a bare spaCy pass, in one run.

The corpus is the bundled benchmark corpus (40 full-length news articles we wrote, where many
sentences carry no event, as in real news) repeated under fresh ids up to the asked size. Both
passes use the same loaded pipeline and batch size and the same number of processes (spaCy's
`n_process` workers for the bare pass, Khaldun's story workers for Khaldun), are warmed up
alike, and take turns chunk by chunk; the ratio of their throughputs is the figure that holds
on a noisy shared machine (DESIGN.md section 6).
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
from khaldun.pipeline import Coder, batched, run
from khaldun.records import Story
from khaldun.store.db import Counts, Store


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
    parser = coder.parser
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "warm.duckdb") as store:
        # Warm up both passes alike on the first 8 stories: imports, caches, the store and
        # Khaldun's memo, coded in this process so that worker processes start from it.
        list(nlp.pipe(texts[:8]))
        warm = coder.code_batch([replace(s, id=f"warm-up:{s.id}") for s in stories[:8]])
        store.write_batch(warm, run_id=store.start_run(
            command="bench", coder=coder.coder_name, model=parser.model_name))

    # The two passes take turns chunk by chunk, so a shared machine's changing speed weighs
    # on both alike; the order flips every chunk.
    bare = ours = 0.0
    counts = Counts()
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.duckdb") as store:
        for n, chunk in enumerate(batched(stories, 4 * coder.settings.batch_size)):
            for turn in ((0, 1) if n % 2 == 0 else (1, 0)):
                started = time.perf_counter()
                if turn == 0:
                    chunk_texts = [s.text for s in chunk if isinstance(s, Story)]
                    for _ in nlp.pipe(chunk_texts, n_process=coder.settings.n_process,
                                      batch_size=parser.batch_size):
                        pass
                    bare += time.perf_counter() - started
                else:
                    counts.add(run(chunk, coder, store=store, command="bench").counts)
                    ours += time.perf_counter() - started
    words = sum(len(t.split()) for t in texts)
    return BenchResult(
        stories=len(stories), sentences=counts.sentences, events=counts.events,
        words=words, n_process=coder.settings.n_process, khaldun_seconds=round(ours, 3),
        bare_seconds=round(bare, 3), stories_per_s=round(len(stories) / ours, 1),
        sentences_per_s=round(counts.sentences / ours, 1),
        bare_stories_per_s=round(len(stories) / bare, 1), ratio=round(bare / ours, 3),
        peak_rss_mb=peak_rss_mb())
