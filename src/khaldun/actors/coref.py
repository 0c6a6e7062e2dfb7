"""In-story coreference: "Mr Sadr", "Sadr", "al-Sadr" and "the cleric" are the Muqtada al-Sadr
named earlier in the story; "He said ..." is the person last named, when only one fits.

It runs once per story, after events are found, and rewrites only actor references that name a
person by surname, title or pronoun. Places never take part ("Sadr City" is a place).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from khaldun.actors.aliases import fold, name_key, name_words, surname_key, surname_keys
from khaldun.actors.dictionary import Dictionary, actor_code
from khaldun.actors.resolve import DISCOVERED, discovered_id, ref_key
from khaldun.records import ActorRef, Event, Sentence, event_id

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][\w'’-]+")  # not a sentence's first word


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    key: str
    surnames: frozenset[str]  # what a bare surname may be: "Osei-Banda"; "Jong-un" or "Kim"
    sentence: int
    descriptors: frozenset[str]  # "cleric" in "Shiite cleric Muqtada al-Sadr"


def people(sentences: Sequence[Sentence]) -> list[Person]:
    """Every person named in full (two name words or more), in story order."""
    found = []
    for s in sentences:
        tokens = s.tokens
        i = 0
        while i < len(tokens):
            if tokens[i].ent_type != "PERSON" or tokens[i].ent_iob != "B":
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and tokens[j].ent_iob == "I":
                j += 1
            while j < len(tokens) and not tokens[j - 1].ws and (
                    tokens[j].text[0].isalpha() or (tokens[j].text == "-" and j + 1 < len(tokens))):
                j += 1  # a name ends at a word's end: "Yoon Suk" + "-yeol"
            name = "".join(t.text + t.ws for t in tokens[i:j]).strip()
            before = {fold(t.lemma) for t in tokens[max(0, i - 3):i] if t.pos == "NOUN"}
            appos = {fold(t.lemma) for t in tokens if t.dep == "appos" and i <= t.head < j}
            if len(name_words(name)) >= 2:
                found.append(Person(name, name_key(name), surname_keys(name), s.index,
                                    frozenset(before | appos)))
            i = j
    return found


def _pick(candidates: list[Person], sentence: int) -> Person | None:
    """The latest candidate named at or before the sentence (else the first after), if all
    candidates are one person."""
    if len({c.key for c in candidates}) != 1:
        return None
    earlier = [c for c in candidates if c.sentence <= sentence]
    return earlier[-1] if earlier else candidates[0]


def _leaves(ref: ActorRef) -> tuple[str, str] | None:
    """What a reference leaves to coreference: ("pronoun", ""), ("surname", its key) or
    ("descriptor", the noun of "the cleric"); None when it names its actor itself."""
    text = fold(ref.text)
    if text in _PERSON_PRONOUNS and ref.actor_id is None:
        return "pronoun", ""
    if ref.kind in ("person", "organization") and len(name_words(ref.text)) == 1:
        return "surname", surname_key(ref.text)
    if ref.kind == "generic" and text.startswith("the ") and len(text.split()) == 2:
        return "descriptor", text.split()[1]
    return None


def resolve_in_story(ref: ActorRef, sentence: int, cast: list[Person], dictionary: Dictionary
             ) -> ActorRef:
    kind, key = _leaves(ref) or ("", "")
    target: Person | None = None
    why = ""
    if kind == "pronoun":
        recent = [p for p in cast if p.sentence <= sentence]
        last = max((p.sentence for p in recent), default=None)
        target = _pick([p for p in recent if p.sentence == last], sentence)
        why = "the one person named last"
    elif kind == "surname":
        target = _pick([p for p in cast if key in p.surnames], sentence)
        why = "same surname as the full name"
    elif kind == "descriptor":
        target = _pick([p for p in cast if key in p.descriptors and p.sentence <= sentence],
                       sentence)
        why = f"the one person described as '{key}'"
    if target is None or name_key(target.name) == name_key(ref.name or ""):
        return ref
    base = ref.reason.removesuffix(DISCOVERED)
    reason = f"{base}; '{ref.text}' is {target.name} ({why}, sentence {target.sentence})"
    known = dictionary.lookup(target.name)
    if known is not None:
        return replace(ref, actor_id=known.actor_id, name=known.name, kind=known.kind,
                       country=known.country, sector=known.sector,
                       code=actor_code(known.country, known.sector), reason=reason)
    return replace(ref, actor_id=discovered_id(target.name), name=target.name, kind="person",
                   reason=reason)


def unread(events: list[Event], sentences: Sequence[Sentence]) -> list[int]:
    """The unparsed sentences (fast path) that could name whom an event's surname, "the
    cleric" or pronoun refers to: those holding the surname or the noun, and, for a pronoun,
    those after the last parsed sentence naming a person, up to the pronoun's. Parsing them
    lets coreference see what it would see had every sentence been parsed."""
    skipped = {s.index: s for s in sentences if s.kind == "text" and not s.tokens}
    if not skipped:
        return []
    named = [p.sentence for p in people(sentences)]
    words = {i: {surname_key(w) for w in _CAPITALISED.findall(s.text)}
             for i, s in skipped.items()}
    wanted: set[int] = set()
    for e in events:
        for ref in (*e.actor, *e.recipient):
            kind, key = _leaves(ref) or ("", "")
            if kind == "pronoun":
                last = max((n for n in named if n <= e.sentence), default=-1)
                wanted |= {i for i in skipped if last < i <= e.sentence and words[i]}
            elif kind == "surname":
                wanted |= {i for i, w in words.items() if key in w}
            elif kind == "descriptor":
                wanted |= {i for i, s in skipped.items()
                           if i <= e.sentence and key in fold(s.text).split()}
    return sorted(wanted)


def corefer(events: list[Event], sentences: list[Sentence] | tuple[Sentence, ...],
            dictionary: Dictionary) -> list[Event]:
    """Events with surnames, titles and pronouns resolved to people named in the story."""
    cast = people(sentences)
    if not cast:
        return events
    out = []
    for e in events:
        actors = tuple(resolve_in_story(a, e.sentence, cast, dictionary) for a in e.actor)
        recipients = tuple(resolve_in_story(r, e.sentence, cast, dictionary) for r in e.recipient)
        if actors == e.actor and recipients == e.recipient:
            out.append(e)
            continue
        new_id = event_id(e.story_id, e.sentence, e.event,
                          tuple(map(ref_key, actors)), tuple(map(ref_key, recipients)))
        out.append(replace(e, id=new_id, actor=actors, recipient=recipients))
    return out
