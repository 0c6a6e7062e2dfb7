"""Write a large JSONL corpus of our own stories, for memory and throughput runs at scale.

    .venv/bin/python scripts/make_corpus.py --stories 100000 --out /tmp/wire-100k.jsonl
    /usr/bin/time -v .venv/bin/khaldun code /tmp/wire-100k.jsonl --db /tmp/wire-100k.duckdb

The stories are the bundled demo stories (short wire items, `--kind wire`) or benchmark
articles (`--kind articles`), repeated in order under fresh ids, each round published three
days before the last, so every copy is a new story to the store (not a duplicate it skips)
and copies of one event are too far apart in time to cluster. The file is written line by
line; nothing is held in memory.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from itertools import cycle, islice
from pathlib import Path

from khaldun.demo import bench_path, corpus_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, required=True)
    ap.add_argument("--kind", choices=["wire", "articles"], default="wire")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    source = corpus_path() if args.kind == "wire" else bench_path()
    originals = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    with args.out.open("w", encoding="utf-8") as out:
        for n, story in enumerate(islice(cycle(originals), args.stories)):
            round_ = n // len(originals)
            copy = dict(story, id=f"{story['id']}#{round_}")
            if copy.get("published") and round_:
                day = date.fromisoformat(copy["published"][:10]) - timedelta(days=3 * round_)
                copy["published"] = day.isoformat()
            out.write(json.dumps(copy, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
