"""Validate real-news gold files and count what they hold.

    python tests/gold/real/check_real.py [FILE...]     (default: real_dev.jsonl and real_test.jsonl)

Checks every record against its referenced text in ../shared/data (spans are substrings of the
slice), types, countries and sectors; prints stories, events and events per type.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from khaldun.actors.dictionary import SECTORS
from khaldun.errors import InputError
from khaldun.evaluate.gold import read_native

HERE = Path(__file__).parent
BLOCS = {"IGO", "UNO", "EUR", "NGO"}


def problems(path: Path) -> list[str]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        for e in raw.get("events", []):
            for key in ("actor_country", "recipient_country", "country"):
                value = e.get(key)
                if value is not None and not (value in BLOCS or (len(value) == 3
                                                                 and value.isupper())):
                    out.append(f"{path.name}:{number}: {key} {value!r} is not alpha-3 or a bloc")
            for key in ("actor_sector", "recipient_sector"):
                value = e.get(key)
                if value is not None and value not in SECTORS:
                    out.append(f"{path.name}:{number}: {key} {value!r} is not a PLOVER sector")
            if not e.get("actor"):
                out.append(f"{path.name}:{number}: an event without an actor span")
            if e.get("modality") not in (None, "historical", "future"):
                out.append(f"{path.name}:{number}: modality {e.get('modality')!r}")
    return out


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [HERE / "real_dev.jsonl", HERE / "real_test.jsonl"]
    bad = 0
    for path in paths:
        try:
            stories = read_native(path)
        except InputError as exc:
            print(f"{path}: {exc}")
            bad += 1
            continue
        found = problems(path)
        for p in found:
            print(p)
        bad += len(found)
        types = Counter(e.type for s in stories for e in s.events)
        required = sum(not e.optional for s in stories for e in s.events)
        print(f"{path.name}: {len(stories)} stories, {sum(types.values())} events "
              f"({required} required), {sum(not s.events for s in stories)} event-free; "
              + ", ".join(f"{t} {n}" for t, n in types.most_common()))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
