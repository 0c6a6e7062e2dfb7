"""`khaldun eval`: code every gold story, score it, compare with the pinned floors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from khaldun.errors import AbsentSet
from khaldun.evaluate.gold import GoldSet, read_gold
from khaldun.evaluate.score import Record, Score, score
from khaldun.pipeline import Coder, batched
from khaldun.records import CodedStory, Story

# What `khaldun eval` reads when given no files: our own gold, then the public sets that lie
# beside the repository (never copied into it).
DEFAULT_GOLD = (
    "tests/gold/own.jsonl",
    "tests/gold/real/real_dev.jsonl",
    "tests/gold/real/real_test.jsonl",
    "../shared/data/plover-gsr/PLOVER_GSR_CAMEO.json",
    "../shared/data/petrarch-validation/PETR2_GSR_validation.xml",
)
# Names of the floors in floors.json, by gold file name.
FLOOR_KEYS = {"own.jsonl": "own", "real_dev.jsonl": "real_dev", "real_test.jsonl": "real_test",
              "PLOVER_GSR_CAMEO.json": "plover",
              "PETR2_GSR_validation.xml": "petrarch"}


def code_gold(gold: GoldSet, coder: Coder) -> dict[str, list[Record]]:
    stories = [Story(s.id, s.text, published=s.published) for s in gold.stories]
    out: dict[str, list[Record]] = {s.id: [] for s in stories}
    for batch in batched(stories, coder.settings.batch_size):
        for result in coder.code_batch(batch):
            if isinstance(result, CodedStory):
                out[result.story.id] = [e.as_dict() for e in result.events]
    return out


def evaluate(paths: Sequence[Path], coder: Coder, *, notes: list[str] | None = None
             ) -> list[Score]:
    """Score each gold file; one whose public texts are absent is skipped with a note."""
    scores = []
    for path in paths:
        try:
            gold = read_gold(path)
        except AbsentSet as exc:
            if notes is not None:
                notes.append(f"skipped {path}: {exc}")
            continue
        scores.append(score(gold, code_gold(gold, coder)))
    return scores


def default_paths() -> tuple[list[Path], list[str]]:
    """The default gold files that exist, and notes on those that do not."""
    found, notes = [], []
    for raw in DEFAULT_GOLD:
        path = Path(raw)
        if path.is_file():
            found.append(path)
        else:
            notes.append(f"skipped {raw}: not present")
    return found, notes


def place_scores(coder: Coder) -> dict[str, dict[str, float]]:
    """Place resolution on the public sets present in ../shared/data (GeoWebNews toponyms
    within 161 km, set beside Mordecai3's published figure; event-location agreement)."""
    from khaldun.evaluate.geo import (
        MORDECAI3_GWN_ACC161,
        score_event_location,
        score_geowebnews,
    )

    if coder.gazetteer is None:
        return {}
    out: dict[str, dict[str, float]] = {}
    geo = score_geowebnews(coder.gazetteer)
    if geo is not None:
        out["geowebnews"] = {**geo.summary(), "mordecai3_accuracy_161km": MORDECAI3_GWN_ACC161}
    located = score_event_location(coder.gazetteer, coder.parser)
    if located is not None:
        out["event_location"] = located.summary()
    return out


def below_floors(scores: Sequence[Score], floors: dict[str, dict[str, float]], *,
                 extra: dict[str, dict[str, float]] | None = None) -> list[str]:
    """Every metric that fell below its pinned floor, as a sentence."""
    problems = []
    for name, summary in (extra or {}).items():
        wanted = floors.get(name, {})
        for metric, floor in (wanted if isinstance(wanted, dict) else {}).items():
            value = summary.get(metric)
            if value is None or value < floor:
                problems.append(f"{name}: {metric} {value} is below the floor {floor}")
    for s in scores:
        key = FLOOR_KEYS.get(s.name)
        summary = s.summary()
        wanted = floors.get(key, {}) if key else {}
        for metric, floor in (wanted if isinstance(wanted, dict) else {}).items():
            value = summary.get(metric)
            if value is None or value < floor:
                problems.append(f"{s.name}: {metric} {value} is below the floor {floor}")
    return problems


def write_report(scores: Sequence[Score], path: Path, *,
                 extra: dict[str, dict[str, float]] | None = None) -> None:
    report: dict[str, Any] = {s.name: {**s.summary(), "errors": s.errors} for s in scores}
    report.update(extra or {})
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
