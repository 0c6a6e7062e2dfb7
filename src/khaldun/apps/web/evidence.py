"""Where the actor, trigger and recipient stand in an event's sentence, for highlighting.

Spans are found by searching the sentence for each mention's text (exact case first, then any
case); the first free occurrence wins and spans never overlap. Rendering is left to the
templates, which escape every segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ROLES = ("actor", "trigger", "recipient")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    role: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "role": self.role}


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    role: str | None


def _find(text: str, needle: str, taken: list[Span]) -> tuple[int, int] | None:
    if not needle:
        return None
    for haystack, target in ((text, needle), (text.lower(), needle.lower())):
        start = haystack.find(target)
        while start >= 0:
            end = start + len(target)
            if all(end <= s.start or start >= s.end for s in taken):
                return start, end
            start = haystack.find(target, start + 1)
    return None


def spans(record: dict[str, Any]) -> list[Span]:
    """Non-overlapping spans of the record's mentions and trigger in `record['text']`."""
    text = record.get("text") or ""
    wanted: list[tuple[str, str]] = [(a.get("text") or "", "actor") for a in record["actor"]]
    wanted += [(r.get("text") or "", "recipient") for r in record["recipient"]]
    wanted.append((record.get("trigger") or "", "trigger"))
    # Longer mentions first, so "Mahdi Army fighters" is not cut by a shorter mention.
    wanted.sort(key=lambda w: -len(w[0]))
    taken: list[Span] = []
    for needle, role in wanted:
        found = _find(text, needle, taken)
        if found:
            taken.append(Span(found[0], found[1], role))
    return sorted(taken, key=lambda s: s.start)


def segments(text: str, marks: list[Span]) -> list[Segment]:
    """The text cut at the spans: plain segments have role None."""
    out: list[Segment] = []
    at = 0
    for span in sorted(marks, key=lambda s: s.start):
        if span.start < at:
            continue
        if span.start > at:
            out.append(Segment(text[at:span.start], None))
        out.append(Segment(text[span.start:span.end], span.role))
        at = span.end
    if at < len(text):
        out.append(Segment(text[at:], None))
    return out


def evidence(record: dict[str, Any]) -> list[Segment]:
    """The event's sentence cut into plain and highlighted segments."""
    return segments(record.get("text") or "", spans(record))


def story_segments(story_text: str, record: dict[str, Any]) -> list[Segment]:
    """The story text with the event's sentence marked as `evidence` (by offsets if they hold,
    else by searching for the sentence)."""
    start, end = record.get("char_start"), record.get("char_end")
    sentence = record.get("text") or ""
    if not (isinstance(start, int) and isinstance(end, int)
            and story_text[start:end] == sentence):
        found = story_text.find(sentence) if sentence else -1
        if found < 0:
            return [Segment(story_text, None)]
        start, end = found, found + len(sentence)
    return segments(story_text, [Span(start, end, "evidence")])
