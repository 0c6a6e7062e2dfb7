"""Texts of the public sets in ../shared/data, looked up by (set, id).

Gold that we write about texts we may not copy stores a reference instead of the text
(DESIGN.md section 4): `{"ref": {"set": "re3d", "id": "..."}, "start": 0, "end": 812, ...}`.
This module finds the text at scoring time; a set that is absent gives `None`, so the
gold file is skipped cleanly.

`python -m khaldun.evaluate.refs show SET ID [--start N --end M]` prints a text with its
sentences numbered and their character offsets, for annotators.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache
from pathlib import Path

SHARED_DATA = Path("../shared/data")
SETS = ("geowebnews", "re3d", "petrarch", "plover")


@cache
def _texts(set_name: str, root: Path) -> dict[str, str] | None:
    if set_name == "geowebnews":
        path = root / "geowebnews" / "GWN.xml"
        if not path.is_file():
            return None
        return {a.get("file", ""): a.findtext("text") or ""
                for a in ET.parse(path).getroot().iter("article")}
    if set_name == "re3d":
        folder = root / "re3d"
        if not folder.is_dir():
            return None
        out = {}
        for docs in sorted(folder.glob("*/documents.json")):
            for line in docs.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    doc = json.loads(line)
                    out[doc["_id"]] = doc["text"]
        return out
    if set_name == "petrarch":
        from khaldun.evaluate.gold import read_petrarch  # gold reads refs: import when used

        path = root / "petrarch-validation" / "PETR2_GSR_validation.xml"
        return {s.id: s.text for s in read_petrarch(path)} if path.is_file() else None
    if set_name == "plover":
        path = root / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
        if not path.is_file():
            return None
        return {str(r["id"]): r["text"] for r in json.loads(path.read_text(encoding="utf-8"))
                if r.get("text")}
    raise ValueError(f"unknown reference set {set_name!r}; use one of {', '.join(SETS)}")


def ref_text(set_name: str, story_id: str, *, start: int | None = None, end: int | None = None,
             root: Path = SHARED_DATA) -> str | None:
    """The referenced text (or its [start, end) slice); None when the set is not present.
    Raises KeyError for an id the present set lacks (a broken reference is an error)."""
    texts = _texts(set_name, root)
    if texts is None:
        return None
    text = texts[story_id]
    return text[start or 0: len(text) if end is None else end]


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“'‘(]?[A-Z0-9])")


def rough_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of sentences by punctuation: good enough for reading, not for coding."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, m.start() + len(m.group(0).rstrip())  # keep a closing quote
        start = m.end()
    if start < len(text):
        yield start, len(text)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 3 or args[0] != "show":
        print("usage: python -m khaldun.evaluate.refs show SET ID [--start N] [--end M]")
        return 2
    start = int(args[args.index("--start") + 1]) if "--start" in args else None
    end = int(args[args.index("--end") + 1]) if "--end" in args else None
    text = ref_text(args[1], args[2], start=start, end=end)
    if text is None:
        print(f"set {args[1]} is not present under {SHARED_DATA}")
        return 1
    offset = start or 0
    for number, (s, e) in enumerate(rough_sentences(text)):
        print(f"[{number}] {offset + s}-{offset + e}: {text[s:e]}")
    print(f"-- {len(text)} characters", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
