"""Clean: normalise a story's text and split it into blocks that may or may not hold events.

A block is a line (hard-wrapped lines are joined first). Blocks with no English words, page
furniture ("Share this article"), source labels ("ECONOMIST:") and headlines are kept, with the
reason, but never coded. Offsets of every later record point into the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

from khaldun.records import Block, CleanStory, Rejection, Story

STAGE = "clean"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# An upper-case label at the start of a line: "ECONOMIST: ...", "AP: ...".
_LABEL = re.compile(r"^([A-Z][A-Z0-9&.'’ -]{1,40}?):\s+(?=\S)")
_LABEL_LINE = re.compile(r"^([A-Z][A-Z0-9&.'’ -]{1,40}):$")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@cache
def _data_lines(name: str) -> tuple[str, ...]:
    text = resources.files("khaldun.ingest").joinpath("data", name).read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))


@cache
def _english_words() -> frozenset[str]:
    return frozenset(_data_lines("english_words.txt"))


@cache
def _foreign_words() -> frozenset[str]:
    return frozenset(_data_lines("foreign_words.txt"))


@cache
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _data_lines("boilerplate.txt")), re.I)


def normalise(text: str) -> str:
    """Unicode NFC, no invisible or control characters, single spaces, hard wraps joined."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c)[0] != "C")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    # A line that stops mid-sentence and a next line that starts in lower case are one line.
    text = re.sub(r"(?<=[^\s.!?:\"”’)])\n(?=[a-z])", " ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def not_english(text: str) -> str | None:
    """Why the text is not English, or None. Short texts (headlines, wire snippets) often have
    no function words at all, so they are judged only against other languages' words."""
    letters = [c for c in text if c.isalpha()]
    latin = sum(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in letters)
    if not letters or latin == 0:
        return "no English words (page junk or another script)"
    if latin / len(letters) < 0.5:
        return f"not English: {1 - latin / len(letters):.0%} of letters are not Latin script"
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in _english_words() for w in words)
    foreign = sum(w in _foreign_words() for w in words)
    if len(words) >= 6 and foreign > english:
        return (f"not English: {foreign} common words of other languages against {english} "
                f"English ones")
    if len(words) >= 20 and english / len(words) < 0.08:
        return f"not English: only {english / len(words):.0%} of words are common English words"
    return None


def _is_headline(text: str) -> bool:
    """Short, no final punctuation, and mostly capitalised words: a title, not a sentence."""
    words = _WORD.findall(text)
    if _TERMINAL.search(text) or not words or len(words) > 16:
        return False
    capitalised = sum(w[0].isupper() for w in words if len(w) > 3)
    long_words = sum(len(w) > 3 for w in words)
    return long_words > 0 and capitalised / long_words >= 0.6


def _classify(line: str, start: int, source: str | None) -> list[Block]:
    end = start + len(line)
    if not _WORD.search(line):
        return [Block(start, end, "junk", source, "no English words")]
    if _boilerplate().fullmatch(line):
        return [Block(start, end, "junk", source, "page furniture")]
    label = _LABEL.match(line)
    if label and len(_WORD.findall(label.group(1))) <= 4:
        name = label.group(1).strip().title()
        rest = start + label.end()
        blocks = [Block(start, start + label.end(1) + 1, "label", name, "source label")]
        if _TERMINAL.search(line):
            blocks.append(Block(rest, end, "text", name, f"source label {name!r}"))
        else:
            blocks.append(Block(rest, end, "headline", name,
                                "headline after a source label (no final punctuation)"))
        return blocks
    if _is_headline(line):
        return [Block(start, end, "headline", source, "headline (title case, no final stop)")]
    return [Block(start, end, "text", source, None)]


def clean(story: Story, *, max_chars: int) -> CleanStory | Rejection:
    """Normalise the story and split it into blocks; reject what cannot be coded."""
    if len(story.text) > max_chars:
        return Rejection(story.id, STAGE,
                         f"story is {len(story.text):,} characters; the limit is {max_chars:,} "
                         f"(setting max_story_chars)", story.origin)
    text = normalise(story.text)
    if not text:
        return Rejection(story.id, STAGE, "story text is empty after cleaning", story.origin)
    problem = not_english(text)
    if problem:
        return Rejection(story.id, STAGE, problem, story.origin)
    blocks: list[Block] = []
    offset = 0
    source = story.source
    for line in text.split("\n"):
        label = _LABEL_LINE.match(line)
        if label:  # a label on its own line is the source of the lines that follow
            source = label.group(1).strip().title()
            blocks.append(Block(offset, offset + len(line), "label", source, "source label"))
        elif line:
            blocks.extend(_classify(line, offset, source))
        offset += len(line) + 1
    return CleanStory(story=story, text=text, blocks=tuple(blocks))
