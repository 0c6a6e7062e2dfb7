"""Issue 15 item 2: the same events reported by several wire services in different words
(stories we wrote: tests/gold/clusters.jsonl, six happenings told three ways each, and four
look-alikes: the same type on the same day elsewhere, or a week later) are clustered
together, and the look-alikes are not. Scored over pairs of events of each story's main type
from different stories."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import pytest

from khaldun.pipeline import Coder, run
from khaldun.records import Story
from khaldun.store import dedup
from khaldun.store.db import Store

GOLD = Path(__file__).parent / "gold" / "clusters.jsonl"


def clustering_scores(coder: Coder, db: Path) -> tuple[float, float, int]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    happening = {r["id"]: (r["happening"], r["type"]) for r in rows}
    stories = [Story(r["id"], r["text"], r["published"], None, r["source"]) for r in rows]
    with Store.open(db) as store:
        run(stories, coder, store=store)
        dedup.build_clusters(store.con)
        events = store.con.execute(
            "SELECT e.id, e.story_id, e.event, c.cluster_id FROM events e "
            "LEFT JOIN event_clusters c ON c.event_id = e.id").fetchall()
    main = [(eid, story, cluster or eid) for eid, story, kind, cluster in events
            if kind == happening[story][1]]
    tp = fp = fn = 0
    for (_, s1, c1), (_, s2, c2) in combinations(main, 2):
        if s1 == s2:
            continue
        same = happening[s1][0] == happening[s2][0]
        linked = c1 == c2
        tp += same and linked
        fp += linked and not same
        fn += same and not linked
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, tp + fn


@pytest.mark.slow
def test_clusters_of_wire_reports_precision_and_recall(coder: Coder, tmp_path: Path) -> None:
    precision, recall, gold_pairs = clustering_scores(coder, tmp_path / "c.duckdb")
    print(f"clustering on {GOLD.name}: precision {precision:.3f}, recall {recall:.3f} "
          f"({gold_pairs} gold pairs)")
    assert gold_pairs >= 12  # the coder found most of the reports' events
    assert precision >= 0.90
    assert recall >= 0.80
