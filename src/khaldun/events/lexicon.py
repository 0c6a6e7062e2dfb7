"""The trigger lexicon (data/triggers.tsv): words that carry events, validated on load."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from khaldun.errors import DataFileError
from khaldun.events.ontology import Ontology, ontology

FLAGS = frozenset({"sym", "comp"})
_CAMEO = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")


@dataclass(frozen=True, slots=True)
class Entry:
    line: int
    head: str
    others: tuple[str, ...]  # lemmas that must sit below the head
    pos: str
    event: str
    mode: str | None
    cameo: str
    recipient: tuple[str, ...]  # "obj", "dative" or prepositions
    allowed_objects: frozenset[str] | None
    banned_objects: frozenset[str]
    symmetric: bool
    needs_complement: bool

    @property
    def label(self) -> str:
        words = [self.head, *self.others]
        return f"triggers.tsv:{self.line} '{' '.join(words)}'"


@dataclass(frozen=True, slots=True)
class Lexicon:
    by_head: dict[tuple[str, str], tuple[Entry, ...]]  # (head lemma, pos) -> most specific first

    def candidates(self, lemma: str, pos: str) -> tuple[Entry, ...]:
        return self.by_head.get((lemma, "VERB" if pos == "AUX" else pos), ())

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_head.values())


def parse_lexicon(text: str, *, onto: Ontology, name: str = "triggers.tsv") -> Lexicon:
    """Parse and validate a lexicon; every problem names its line and how to fix it."""
    table: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        where = f"{name}:{number}"
        if len(cells) != 8:
            raise DataFileError(f"{where}: expected 8 tab-separated cells, found {len(cells)}")
        trigger, pos, event, mode, cameo, recipient, objects, flags = (c.strip() for c in cells)
        words = trigger.split()
        starred = [w for w in words if w.startswith("*")]
        head = starred[0][1:] if starred else words[0]
        others = tuple(w for w in words if w != (starred[0] if starred else words[0]))
        if pos not in ("VERB", "NOUN"):
            raise DataFileError(f"{where}: pos must be VERB or NOUN, not {pos!r}")
        if event not in onto.types:
            raise DataFileError(
                f"{where}: {event!r} is not a PLOVER type ({', '.join(onto.types)})")
        if not _CAMEO.match(cameo):
            raise DataFileError(f"{where}: {cameo!r} is not a CAMEO code such as 190 or 0841")
        if not onto.accepts(event, cameo):
            raise DataFileError(f"{where}: CAMEO {cameo} maps to {onto.type_of(cameo)}, "
                                f"not {event}; fix the code or the type")
        flag_set = frozenset() if flags == "-" else frozenset(flags.split(","))
        if flag_set - FLAGS:
            raise DataFileError(f"{where}: unknown flags {sorted(flag_set - FLAGS)}; "
                                f"known: {sorted(FLAGS)}")
        allowed: frozenset[str] | None = None
        banned: frozenset[str] = frozenset()
        if objects.startswith("!"):
            banned = frozenset(objects[1:].split("|"))
        elif objects != "-":
            allowed = frozenset(objects.split("|"))
        table[(head, pos)].append(Entry(
            line=number, head=head, others=others, pos=pos, event=event,
            mode=None if mode == "-" else mode, cameo=cameo,
            recipient=() if recipient == "-" else tuple(recipient.split(",")),
            allowed_objects=allowed, banned_objects=banned,
            symmetric="sym" in flag_set, needs_complement="comp" in flag_set))
    # Most specific first: an allowed-object list counts as two lemmas, then file order.
    ordered = {key: tuple(sorted(entries, key=lambda e: (
        -(len(e.others) + 2 * (e.allowed_objects is not None)), e.line)))
               for key, entries in table.items()}
    return Lexicon(ordered)


@cache
def default_lexicon() -> Lexicon:
    text = resources.files("khaldun.events").joinpath("data", "triggers.tsv").read_text("utf-8")
    return parse_lexicon(text, onto=ontology())
