"""Train the actor/recipient ranker (src/khaldun/events/ranker.py) on our real-news dev gold.

    python scripts/train_ranker.py [--gold tests/gold/real/real_dev.jsonl] [--folds 5]
                                   [--out src/khaldun/events/data/ranker.json]

1. Codes the dev stories with the parse rules alone, recording for every trigger the noun
   phrases of its sentence with their features (ranker.record_with).
2. Labels each phrase from the gold events of the same type whose spans are in that sentence:
   an actor when its content words meet a gold actor span, a recipient likewise (for
   reciprocal gold events, any party may be either). Triggers with no such gold event are
   left out: nobody annotated who their parties are.
3. Fits two L2-regularised logistic models (plain gradient descent with numpy).
4. Chooses the fill threshold by cross-validation over stories: each fold is coded with a
   model trained on the other folds, and the threshold with the best pooled triple F1 wins.
5. Writes the weights (rounded, tiny ones dropped) and the threshold as JSON.

Reads ../shared/data through the gold file's references; the test split is never read.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from khaldun.evaluate.gold import GoldSet, GoldStory, read_gold
from khaldun.evaluate.run import code_gold
from khaldun.evaluate.score import content_words, score
from khaldun.events import ranker
from khaldun.pipeline import Coder
from khaldun.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
L2 = 1.0
STEPS = 400
FILLS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def collect(gold: GoldSet, coder: Coder) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    ranker.record_with(rows.append)
    try:
        code_gold(gold, coder)
    finally:
        ranker.record_with(None)
    return rows


def labelled(rows: list[dict[str, Any]], stories: dict[str, GoldStory]
             ) -> list[tuple[str, list[str], int, int]]:
    """(story id, features, is actor, is recipient) for each candidate of a trigger whose
    sentence holds a gold event of its type."""
    out = []
    for row in rows:
        story = stories.get(row["story"])
        if story is None:
            continue
        golds = [g for g in story.events if (g.type == row["type"] or row["type"] in g.alt)
                 and any(s in row["text"] for s in (*g.actor, *(g.recipient or ())))]
        if not golds:
            continue
        for cand in row["candidates"]:
            words = content_words([cand["text"]])
            actor = any(words & content_words(g.actor) for g in golds)
            recipient = any(words & content_words(g.recipient or ()) for g in golds) or any(
                g.symmetric and words & content_words(g.actor) for g in golds)
            out.append((row["story"], cand["features"], int(actor), int(recipient)))
    return out


def fit(data: list[tuple[list[str], int]]) -> dict[str, float]:
    """Logistic regression over binary string features: weights by feature."""
    index: dict[str, int] = {}
    rows = [[index.setdefault(f, len(index)) for f in set(feats)] for feats, _ in data]
    y = np.array([label for _, label in data], dtype=float)
    flat = np.array([i for r in rows for i in r], dtype=np.int64)
    owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    w = np.zeros(len(index))
    grad_sq = np.zeros(len(index))
    for _ in range(STEPS):  # Adagrad on the mean log loss plus L2 / n
        z = np.bincount(owner, weights=w[flat], minlength=len(rows))
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(flat, weights=(p - y)[owner], minlength=len(index)) / len(rows)
        grad += L2 * w / len(rows)
        grad_sq += grad * grad
        w -= 0.5 * grad / (np.sqrt(grad_sq) + 1e-8)
    return {f: float(w[i]) for f, i in index.items()}


def train(examples: list[tuple[str, list[str], int, int]]) -> tuple[dict[str, float],
                                                                    dict[str, float]]:
    return (fit([(f, a) for _, f, a, _ in examples]),
            fit([(f, r) for _, f, _, r in examples]))


def subset(gold: GoldSet, ids: set[str]) -> GoldSet:
    return replace(gold, stories=tuple(s for s in gold.stories if s.id in ids))


def main(argv: list[str]) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--gold", default=str(ROOT / "tests/gold/real/real_dev.jsonl"))
    args.add_argument("--folds", type=int, default=5)
    args.add_argument("--out", default=str(ROOT / "src/khaldun/events/data/ranker.json"))
    opts = args.parse_args(argv)
    gold = read_gold(Path(opts.gold))
    if not gold.stories:
        print(f"{opts.gold}: no stories (is ../shared/data beside the project?)")
        return 2
    coder = replace(Coder.load(Settings(ranker=False)), ranker=None)
    rows = collect(gold, coder)
    stories = {s.id: s for s in gold.stories}
    examples = labelled(rows, stories)
    print(f"{len(rows)} triggers, {len(examples)} labelled candidates, "
          f"{sum(e[2] for e in examples)} actors, {sum(e[3] for e in examples)} recipients")

    ids = sorted(stories)
    random.Random(7).shuffle(ids)
    folds = [set(ids[k::opts.folds]) for k in range(opts.folds)]
    outputs: dict[float, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for k, fold in enumerate(folds):
        actor_w, recipient_w = train([e for e in examples if e[0] not in fold])
        for fill in FILLS:
            model = ranker.Model(actor_w, recipient_w, fill)
            outputs[fill].update(
                code_gold(subset(gold, fold), replace(coder, ranker=model)))
        print(f"fold {k + 1}/{len(folds)} coded", file=sys.stderr)
    baseline = score(gold, code_gold(gold, coder)).triple.f1
    results = sorted(((score(gold, out).triple.f1, combo) for combo, out in outputs.items()),
                     reverse=True)
    best_f1, fill = results[0]
    print(f"rules alone: triple F1 {baseline:.4f}; cross-validated with the ranker: "
          f"{best_f1:.4f} at fill {fill}")
    for f1, combo in results[:5]:
        print(f"  {f1:.4f} {combo}")

    actor_w, recipient_w = train(examples)

    def small(w: dict[str, float]) -> dict[str, float]:
        return {f: round(v, 3) for f, v in sorted(w.items()) if abs(v) >= 0.02}

    Path(opts.out).write_text(json.dumps({
        "trained_on": Path(opts.gold).name, "labelled_candidates": len(examples),
        "cross_validated_triple_f1": round(best_f1, 4), "rules_alone_triple_f1": round(baseline, 4),
        "fill": fill,
        "actor": small(actor_w), "recipient": small(recipient_w)}, indent=0) + "\n",
        encoding="utf-8")
    print(f"wrote {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
