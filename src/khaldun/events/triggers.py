"""Triggers: lexicon entries matched on the words of a parsed sentence, with the verbs that
embed other events (say, intend, cease) read from events/data/embedding.tsv."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from khaldun.errors import DataFileError
from khaldun.events.grammar import NOT_ACTOR_ENTS, QUANTITIES
from khaldun.events.lexicon import Entry, Lexicon
from khaldun.events.parse_tree import Tree
from khaldun.records import Token


def prep_objects(tree: Tree, heads: tuple[Token, ...], preps: tuple[str, ...]) -> list[Token]:
    """Objects of the given prepositions below the heads, through objects and other
    prepositional phrases but not into clauses ("agreed to a truce with Israel")."""
    out: list[Token] = []
    frontier = list(heads)
    for _ in range(4):
        below: list[Token] = []
        for head in frontier:
            for child in tree.children(head.i, "prep", "dative", "prt", "dobj", "pobj", "conj"):
                if child.dep == "conj" and child.pos != "NOUN":
                    continue  # "water cannon and pepper spray against protesters", not clauses
                if child.dep in ("prep", "dative", "prt") and child.lemma in preps:
                    out.extend(o for o in tree.children(child.i, "pobj")
                               if o not in out and o.ent_type not in NOT_ACTOR_ENTS)
                else:
                    below.append(child)
        if out:
            return out
        frontier = below
    return out


@cache
def embedding_roles() -> dict[str, frozenset[str]]:
    text = resources.files("khaldun.events").joinpath("data", "embedding.tsv").read_text("utf-8")
    roles: dict[str, frozenset[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise DataFileError(f"embedding.tsv:{number}: expected 'lemma<TAB>roles'")
        found = frozenset(cells[1].split(","))
        if found - {"speech", "intent", "cease", "deny", "light", "purpose", "elicit",
                    "suspect"}:
            raise DataFileError(f"embedding.tsv:{number}: unknown role in {cells[1]!r}")
        roles[cells[0]] = found
    return roles


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Token
    entry: Entry
    words: tuple[Token, ...]  # the head and the other lemmas that matched
    absorbed: tuple[int, ...] = ()  # a listed object: part of the trigger ("sent aid")


def _only_a_date(tree: Tree, prep: Token) -> bool:
    """"on Saturday" is no "fire on": a preposition whose objects are all dates or times."""
    objects = tree.children(prep.i, "pobj")
    return prep.dep == "prep" and bool(objects) and all(
        o.ent_type in NOT_ACTOR_ENTS for o in objects)


def _hyphened(tree: Tree, token: Token) -> bool:
    """The second half of a hyphenated word ("anti-terrorist") is not that word."""
    before = tree.tokens[token.i - 1] if token.i > 0 else None
    return before is not None and before.text == "-" and not before.ws


def _match(tree: Tree, token: Token, entry: Entry) -> Trigger | None:
    words = [token]
    below = list(tree.descendants(token.i, 2))
    for lemma in entry.others:
        found = next((t for t in below if t.lemma == lemma and t not in words
                      and not _hyphened(tree, t) and not _only_a_date(tree, t)), None)
        if found is None:
            return None
        if len(entry.others) == 1 and found.dep == "prep" and found.head != token.i:
            return None  # "called off the march on Moscow" is no "call on"
        words.append(found)
    obj: Token | None = None
    if entry.pos == "NOUN" and (entry.allowed_objects is not None or entry.banned_objects):
        # a nominal event's object is its "of" phrase ("the release of the prisoners")
        obj = next((o for p in tree.children(token.i, "prep") if p.lemma == "of"
                    for o in tree.children(p.i, "pobj")), None)
        if obj is None or obj.lemma in entry.banned_objects or (
                entry.allowed_objects is not None and obj.lemma not in entry.allowed_objects):
            return None
    elif entry.allowed_objects is not None or entry.banned_objects:
        obj = tree.child(token.i, "dobj", "nsubjpass")
        if obj is not None and obj.lemma in QUANTITIES:  # "suspended part of an aid program"
            of = next((p for p in tree.children(obj.i, "prep") if p.lemma == "of"), None)
            obj = tree.child(of.i, "pobj") if of is not None else obj
        obj_lemma = obj.lemma if obj else None
        if entry.allowed_objects is not None and obj_lemma not in entry.allowed_objects:
            return None
        if obj_lemma in entry.banned_objects:
            return None
    if entry.needs_complement and not tree.children(token.i, "xcomp"):
        return None
    absorbed = (obj.i,) if entry.allowed_objects is not None and obj is not None else ()
    return Trigger(token, entry, tuple(sorted(words, key=lambda t: t.i)), absorbed)


def find_triggers(tree: Tree, lexicon: Lexicon) -> list[Trigger]:
    found = []
    claimed: set[int] = set()
    for token in tree.tokens:
        if token.i in claimed:
            continue
        for entry in lexicon.candidates(token.lemma, token.pos):
            trigger = _match(tree, token, entry)
            if trigger:
                found.append(trigger)
                claimed.update(t.i for t in trigger.words)
                break
    # A word claimed by a multiword trigger ("fire" in "open fire") is not a trigger itself,
    # nor is a listed object of a verb trigger ("aid" in "sent aid").
    def part_of_another(t: Trigger) -> bool:
        return any(t.token in o.words[1:] or t.token.i in o.absorbed
                   for o in found if o is not t)

    # "took part in a rally": the rally is the event, taking part only how one joins it.
    def frame_of_another(t: Trigger) -> bool:
        words = {w.i for w in t.words}
        partners = tuple(p for p in t.entry.recipient if p not in ("obj", "dative"))
        return t.entry.event == "COOPERATE" and not prep_objects(tree, t.words, partners) and any(
            o.entry.pos == "NOUN" and o.entry.event != "COOPERATE" and o.token.dep == "pobj"
            and tree.tokens[o.token.head].lemma == "in"
            and tree.tokens[o.token.head].head in words for o in found if o is not t)

    return [t for t in found if not part_of_another(t) and not frame_of_another(t)]
