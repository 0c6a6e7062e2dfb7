"""The trigger lexicon (data/triggers.tsv): words that carry events, validated on load."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from khaldun.errors import DataFileError
from khaldun.events.ontology import Ontology, ontology

FLAGS = frozenset({"sym", "comp", "riot", "armed", "place", "giver", "culprit"})
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
    riot: bool = False  # done by a crowd of civilians, it is a violent protest (CAMEO 145)
    armed: bool = False  # done by armed forces or a state, it is a military assault (CAMEO 190)
    place: bool = False  # its object is a place entered; the people its outcome names are its
    # recipients ("stormed the mall, killing dozens of shoppers")
    giver: bool = False  # the doer is named after "from" and the subject is the recipient
    # ("Kyiv received weapons from Berlin": Berlin gives)
    culprit: bool = False  # an event only with a party it is aimed at ("concern over Iran's
    # tests" accuses Iran; "concern about the economy" is no event)

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
            symmetric="sym" in flag_set, needs_complement="comp" in flag_set,
            riot="riot" in flag_set, armed="armed" in flag_set, place="place" in flag_set,
            giver="giver" in flag_set, culprit="culprit" in flag_set))
    # Most specific first: an allowed-object list counts as two lemmas, then file order.
    ordered = {key: tuple(sorted(entries, key=lambda e: (
        -(len(e.others) + 2 * (e.allowed_objects is not None)), e.line)))
               for key, entries in table.items()}
    return Lexicon(ordered)


@cache
def default_lexicon() -> Lexicon:
    text = resources.files("khaldun.events").joinpath("data", "triggers.tsv").read_text("utf-8")
    return parse_lexicon(text, onto=ontology())


def _inflections(lemma: str) -> set[str]:
    """Regular forms of an English verb or noun: -s, -es, -ies, -ed, -d, -ied, -ing, and
    doubled final consonants (stop, stopped, stopping). Too many forms only cost a parse."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@cache
def _irregular() -> dict[str, tuple[str, ...]]:
    text = resources.files("khaldun.events").joinpath("data", "irregular.tsv").read_text("utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, *forms = line.split("\t")
            table[lemma] = tuple(forms)
    return table


@dataclass(frozen=True, slots=True)
class TriggerFilter:
    """Which sentences can hold an event, from their words alone: a form of some entry's head
    together with forms of its other words and, for entries that list their objects, of one
    of those objects ("held talks", not "held"). A bag of words, so it may keep a sentence
    the parse then rejects, never the other way round for a single-sentence match."""

    # head form -> requirements of each entry with that head: (other words' forms, objects)
    by_form: dict[str, tuple[tuple[tuple[frozenset[str], ...], frozenset[str] | None], ...]]
    always: frozenset[str]  # forms that keep a sentence on their own ("must")

    def __call__(self, words: frozenset[str]) -> bool:
        if words & self.always:
            return True
        for word in words:
            for others, objects in self.by_form.get(word, ()):
                if all(words & forms for forms in others) and (
                        objects is None or words & objects):
                    return True
        return False


def trigger_filter(lexicon: Lexicon, *, always: frozenset[str] = frozenset()) -> TriggerFilter:
    irregular = _irregular()

    def forms(lemma: str) -> frozenset[str]:
        return frozenset(_inflections(lemma) | set(irregular.get(lemma, ())))

    table: dict[str, list[tuple[tuple[frozenset[str], ...], frozenset[str] | None]]] = {}
    for entries in lexicon.by_head.values():
        for e in entries:
            need = (tuple(forms(o) for o in e.others),
                    None if e.allowed_objects is None
                    else frozenset().union(*(forms(o) for o in e.allowed_objects)))
            for form in forms(e.head):
                table.setdefault(form, []).append(need)
    return TriggerFilter({k: tuple(v) for k, v in table.items()}, always)
