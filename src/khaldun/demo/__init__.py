"""The bundled demo corpus: short news stories written by the Khaldun team (see README.md)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def corpus_path() -> Path:
    return Path(str(resources.files("khaldun.demo").joinpath("stories.jsonl")))


def bench_path() -> Path:
    """Full-length fictional news articles for `khaldun bench` (see BENCH.md)."""
    return Path(str(resources.files("khaldun.demo").joinpath("bench.jsonl")))
