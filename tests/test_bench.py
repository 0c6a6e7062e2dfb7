from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khaldun.apps.cli import app
from khaldun.bench import corpus

pytestmark = pytest.mark.slow


def test_bench_corpus_repeats_the_articles_under_fresh_ids() -> None:
    stories = corpus(120)
    assert len(stories) == 120
    assert len({s.id for s in stories}) == 120


def test_bench_json_last_line_has_the_figures() -> None:
    result = CliRunner().invoke(app, ["bench", "--stories", "12", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"stories_per_s", "sentences_per_s", "peak_rss_mb", "ratio"} <= set(figures)
    assert figures["stories"] == 12 and figures["ratio"] > 0
