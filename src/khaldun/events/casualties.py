"""Casualties and sizes: the numbers a sentence gives for its ASSAULT, COERCE, PROTEST and
MOBILIZE events (DESIGN.md section 2: `dead`, `injured`, `size`).

- `dead` and `injured`: the people the sentence says were killed or hurt ("killing at least
  20 civilians", "20 people were killed", "leaving 15 dead and 30 wounded", "three soldiers
  died", "the death toll rose to 45"; "no one was hurt" is 0).
- `size`: how many people the event involved, as the PLOVER gold records code it: the crowd of
  a PROTEST ("thousands of students marched"), the forces of a MOBILIZE ("deployed 3,000
  troops"), the people a COERCE or a non-lethal ASSAULT was done to ("arrested more than 100
  protesters", "abducted 20 students"). Only nouns that name people count (troops and tanks:
  the troops).

How a number is read (the words are in data/casualties.json):
- digits and number words: "1,600", "twenty-five", "1.2 million", "a dozen", "two dozen";
- a qualifier keeps the number and is named in the reason: "at least 20" and "more than
  1,600" are lower bounds, "about 200" and "up to 100" the figure given; a ceiling alone
  ("fewer than ten") gives no number;
- vague plurals count as one of their unit, ACLED's rule for vague reports: tens 10, dozens
  12, scores 20, hundreds 100, thousands 1,000, "tens of thousands" 10,000;
- conjoined groups add up ("a man and four children" 5, "two soldiers and a civilian" 3); a
  number before a coordination covers it ("1,000 police and soldiers"); alternatives and
  ranges give the first figure ("20 to 30", "hundreds and possibly thousands");
- one singular or named person counts 1 ("killed a journalist", "killed Soleimani");
- numbers anywhere else are never read: ages ("a 56-year-old man" is one man), dates, spans
  of time ("two years", "a two-day strike"), money and lists ("a 10-point plan").

One figure, one event. Each figure belongs to one word of its sentence, its anchor, and only
the event whose trigger is that word gets it. The anchor of a casualty is the killing or
wounding word itself; when that word only tells the outcome of an assault ("attacked the
market, killing 20 and wounding 35", "blew himself up, leaving 15 dead"), it is the assault
(the extractor does not code such an outcome as an event of its own either). A word that is no
trigger ("dead", "died") takes the trigger it tells the outcome of, else the assault that
caused it ("riots left 20 dead", "died in the blast"). A figure whose anchor is not an event
is lost rather than given to a second event. When one event gets several figures of a kind,
the largest is kept: later figures of a sentence mostly detail part of the first ("killing 30
people, among them 12 soldiers").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from khaldun.errors import DataFileError
from khaldun.events.lexicon import Lexicon, default_lexicon
from khaldun.records import Event, Sentence, Token

TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")
# Links by which a word tells the outcome of the word above it: the extractor's own (reading.py)
# for assaults, and a conjunct of an outcome ("killing two and wounding five").
_OUTCOME_DEPS = frozenset({"advcl", "relcl", "acl", "xcomp"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "mark"})
# How "dead" or "wounded" hangs on the verb that tells it: "left 15 dead", "shot dead".
_SMALL_CLAUSE = frozenset({"oprd", "acomp", "advmod", "xcomp", "ccomp", "amod"})
# Where a verb's victims are: its object, or its passive subject.
_OBJECTS = frozenset({"dobj", "npadvmod", "attr"})
_PERSON_PRONOUNS = frozenset({"him", "her", "he", "she", "his"})
_NOBODY = frozenset({"nobody", "none"})
# Numbers that count no people: "$40,000", "two years", "12 March", "50 degrees", "30%".
_NOT_COUNTS = frozenset({"MONEY", "DATE", "TIME", "PERCENT", "QUANTITY", "ORDINAL"})


@dataclass(frozen=True, slots=True)
class Words:
    """The vocabulary of data/casualties.json."""

    dead_verbs: frozenset[str]
    injured_verbs: frozenset[str]
    dying_verbs: frozenset[str]
    dead_words: frozenset[str]
    dead_nouns: frozenset[str]
    injured_words: frozenset[str]
    toll_nouns: frozenset[str]
    units: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    lower_bound: tuple[str, ...]
    approximate: tuple[str, ...]
    ceiling: tuple[str, ...]
    people: frozenset[str]
    groups: frozenset[str]
    collective: frozenset[str]

    def numeric(self, token: Token) -> bool:
        word = token.text.lower()
        return token.tag == "CD" or bool(_DIGITS.match(word)) or word in self.vague \
            or (word in self.units and word not in ("a", "an")) or word in self.scales


@cache
def words() -> Words:
    """Load and check data/casualties.json."""
    text = resources.files("khaldun.events").joinpath("data", "casualties.json").read_text(
        "utf-8")
    try:
        raw = json.loads(text)
        def listed(key: str) -> frozenset[str]:
            return frozenset(str(x).lower() for x in raw[key])

        def numbers(key: str) -> dict[str, int]:
            return {str(x): int(v) for x, v in raw[key].items()}

        def phrases(key: str) -> tuple[str, ...]:  # longest first: "no more than" before "more"
            return tuple(sorted((str(p).lower() for p in raw[key]), key=len, reverse=True))

        return Words(
            dead_verbs=listed("dead_verbs"), injured_verbs=listed("injured_verbs"),
            dying_verbs=listed("dying_verbs"), dead_words=listed("dead_words"),
            dead_nouns=listed("dead_nouns"), injured_words=listed("injured_words"),
            toll_nouns=listed("toll_nouns"), units=numbers("units"), scales=numbers("scales"),
            vague=numbers("vague"), lower_bound=phrases("lower_bound"),
            approximate=phrases("approximate"), ceiling=phrases("ceiling"),
            people=listed("people"), groups=listed("groups"), collective=listed("collective"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataFileError(f"casualties.json is not valid ({exc!r}); every list and table "
                            f"of the file must be present") from exc


@dataclass(frozen=True, slots=True)
class Count:
    """A number read off a noun phrase, with the tokens it was read from."""

    value: int
    tokens: frozenset[int]
    note: str  # how it was read: "at least 20 (a lower bound)", "dozens: 12 (ACLED's rule)"


@dataclass(frozen=True, slots=True)
class Figure:
    kind: str  # dead | injured | size
    value: int
    anchor: int  # the trigger token of the event it belongs to
    tokens: frozenset[int]  # the words it was read from, the cue included
    note: str


def with_casualties(event: Event, sentence: Sentence | None, *,
                    lexicon: Lexicon | None = None) -> Event:
    """The event with `dead`, `injured` and `size` from its sentence, each with its reason;
    other types, and events whose sentence was not parsed, are returned unchanged."""
    if event.event not in TYPES or sentence is None or not sentence.tokens:
        return event
    trigger = _trigger_token(event, sentence)
    if trigger is None:
        return event
    w, lex = words(), lexicon or default_lexicon()
    found = casualty_figures(sentence, w, lex)
    mine = [f for f in found if f.anchor == trigger.i]
    used = frozenset(i for f in found for i in f.tokens)
    hit = [f for f in mine if f.kind == "size"]  # "killed or wounded 30"
    size = hit[0] if hit else size_figure(event, sentence, trigger, used, w)
    values: dict[str, int | None] = {"dead": None, "injured": None, "size": None}
    reasons = dict(event.reasons)
    for kind in ("dead", "injured"):
        best = max((f for f in mine if f.kind == kind), key=lambda f: f.value, default=None)
        if best is not None:
            values[kind] = best.value
            reasons[kind] = _reason(best, sentence)
        else:
            elsewhere = next((f for f in found if f.kind == kind and trigger.i in f.tokens), None)
            if elsewhere is not None:
                owner = sentence.tokens[elsewhere.anchor].text
                reasons[kind] = (f"'{_span(sentence, elsewhere.tokens)}' is counted for the event "
                                 f"of '{owner}' (one figure, one event)")
    if size is not None:
        values["size"] = size.value
        reasons["size"] = _reason(size, sentence)
    if not any(v is not None for v in values.values()) and reasons == event.reasons:
        return event
    return replace(event, dead=values["dead"], injured=values["injured"], size=values["size"],
                   reasons=reasons)


def _reason(figure: Figure, sentence: Sentence) -> str:
    return f"'{_span(sentence, figure.tokens)}': {figure.note}"


def _span(sentence: Sentence, tokens: Iterable[int]) -> str:
    """The sentence's text from the first to the last of these tokens."""
    ordered = sorted(tokens)
    first, last = sentence.tokens[ordered[0]], sentence.tokens[ordered[-1]]
    start = first.idx - sentence.char_start
    return sentence.text[start:last.idx - sentence.char_start + len(last.text)]


def _trigger_token(event: Event, sentence: Sentence) -> Token | None:
    """The token of the event's trigger word (its head word is written first); of several
    such tokens, the one whose phrase holds the event's recipient, else the first."""
    if not event.trigger:
        return None
    head = event.trigger.split()[0]
    found = [t for t in sentence.tokens if t.text == head]
    if len(found) > 1 and event.recipient:
        wanted = event.recipient[0].text
        for t in found:
            if wanted in _span(sentence, _subtree(sentence.tokens, t.i)):
                return t
    return found[0] if found else None


# --- reading numbers -------------------------------------------------------------------------


def number_value(texts: list[str], w: Words) -> int | None:
    """The value of a run of number words and digits ("1,600", "twenty - five", "1.2
    million", "two hundred and fifty", "a dozen", "tens of thousands", "several hundred"), or
    None when a word in it is no number word."""
    total, current, seen = 0.0, 0.0, False
    for word in (t.lower() for t in texts):
        if word in ("-", "and", "of", "several", "few", "many"):
            continue  # joiners, and "several hundred": one hundred, as ACLED counts "hundreds"
        if _DIGITS.match(word):
            current += float(word.replace(",", ""))
        elif word in w.units:
            current += w.units[word]
        elif word in w.vague:
            current = current * w.vague[word] if current else w.vague[word]
        elif word in w.scales:
            scale = w.scales[word]
            if scale >= 1000:
                total, current = total + (current or 1) * scale, 0.0
            else:
                current = (current or 1) * scale
        else:
            return None
        seen = True
    return int(total + current) if seen else None


def _quantity(tokens: tuple[Token, ...], i: int, w: Words) -> Count | None:
    """The number whose word is token `i`, read with its neighbours ("tens of thousands",
    "twenty-five", "20 to 30") and the qualifier before it ("at least")."""
    if tokens[i].ent_type in _NOT_COUNTS:
        return None
    def part(j: int) -> bool:
        t = tokens[j]
        return w.numeric(t) or t.text.lower() in ("a", "-", "and", "of", "several", "few",
                                                  "to", "or", "between")

    start = end = i
    while start > 0 and part(start - 1):
        start -= 1
    while end + 1 < len(tokens) and part(end + 1) and (
            w.numeric(tokens[end + 1]) or (end + 2 < len(tokens) and w.numeric(tokens[end + 2]))):
        end += 1
    while start < i and not w.numeric(tokens[start]) and tokens[start].text.lower() not in (
            "a", "several", "few"):
        start += 1  # a run starts with a number ("a dozen", "several hundred")
    groups: list[list[str]] = []
    current: list[str] = []
    for t in tokens[start:end + 1]:
        word = t.text.lower()
        if word in ("to", "or", "between") or (word in ("-", "and") and current and _DIGITS.match(
                current[-1])):
            groups.append(current)
            current = []
        else:
            current.append(t.text)
    groups.append(current)
    values = [v for v in (number_value(g, w) for g in groups if g) if v is not None]
    if not values:
        return None
    value = values[0]
    words_before = " ".join(t.text.lower() for t in tokens[max(0, start - 3):start])
    for kinds, note in ((w.ceiling, None), (w.lower_bound, "a lower bound"),
                        (w.approximate, "as given")):
        phrase = next((p for p in kinds if words_before.endswith(p)), None)
        if phrase is None:
            continue
        if note is None:
            return None  # "fewer than ten": a ceiling, no figure
        start -= len(phrase.split())
        return Count(value, frozenset(range(start, end + 1)), f"{phrase} {value} ({note})")
    text = " ".join(t.text for t in tokens[start:end + 1])
    vague = [t.text.lower() for t in tokens[start:end + 1] if t.text.lower() in w.vague]
    note = f"{text}: {value} (a vague plural counts one of its unit, as ACLED does)" if vague \
        else str(value)
    if len(values) > 1:
        note += " (the first figure of a range)"
    return Count(value, frozenset(range(start, end + 1)), note)


def _children(tokens: tuple[Token, ...], i: int, *deps: str) -> list[Token]:
    return [t for t in tokens if t.head == i and t.i != i and (not deps or t.dep in deps)]


def _subtree(tokens: tuple[Token, ...], i: int) -> set[int]:
    out, todo = {i}, [i]
    while todo:
        j = todo.pop()
        for t in _children(tokens, j):
            if t.i not in out:
                out.add(t.i)
                todo.append(t.i)
    return out


def count_of(tokens: tuple[Token, ...], head: Token, w: Words, *, people: bool = False,
             single: bool = True) -> Count | None:
    """How many the noun phrase headed by `head` names: its number, its conjoined groups
    added up, or (with `single`) 1 for one person. With `people`, only phrases that name
    people count."""
    parts = [head, *_conjuncts(tokens, head)]
    if people:  # "3,000 troops and 50 tanks": the troops
        parts = [t for t in parts if w.numeric(t) or _names_people(t, w)] or parts[:1]
    counts = [_one(tokens, t, w, people=people, single=single) for t in parts]
    if len(parts) == 1 or counts[0] is None:
        return counts[0]
    bare = [w.numeric(t) for t in parts]
    if all(bare) or any(c.text.lower() == "or" for t in parts for c in _children(
            tokens, t.i, "cc")):
        return replace(counts[0], note=counts[0].note + " (the first of alternatives)")
    if all(c is not None for c in counts):
        value = sum(c.value for c in counts if c is not None)
        spans = frozenset().union(*(c.tokens for c in counts if c is not None))
        return Count(value, spans, f"{' + '.join(str(c.value) for c in counts if c)} = {value}")
    if all(not _children(tokens, t.i, "det", "nummod", "amod", "poss") for t in parts[1:]):
        return counts[0]  # "1,000 police and soldiers": the number covers the coordination
    return None  # "four soldiers and many civilians": the total is not given


def _conjuncts(tokens: tuple[Token, ...], head: Token) -> list[Token]:
    out = []
    for c in _children(tokens, head.i, "conj"):
        out.append(c)
        out.extend(_conjuncts(tokens, c))
    return out


def _one(tokens: tuple[Token, ...], head: Token, w: Words, *, people: bool,
         single: bool) -> Count | None:
    """The count of one noun phrase without its conjuncts."""
    lemma = head.lemma.lower()
    if head.text.lower() in _NOBODY or (lemma == "one" and any(
            d.text.lower() == "no" for d in _children(tokens, head.i, "det"))):
        return Count(0, frozenset({head.i} | {d.i for d in _children(tokens, head.i, "det")}),
                     "no one: 0")
    if w.numeric(head):
        if people and not _people_of(tokens, head, w):
            return None
        return _quantity(tokens, head.i, w)
    number = next((c for c in _children(tokens, head.i, "nummod", "quantmod", "compound")
                   if w.numeric(c)), None)
    if number is not None:
        if people and not _names_people(head, w):
            return None
        found = _quantity(tokens, number.i, w)
        return replace(found, tokens=found.tokens | {head.i}) if found else None
    if lemma in w.groups:
        for prep in _children(tokens, head.i, "prep"):
            for obj in _children(tokens, prep.i, "pobj"):
                if prep.text.lower() == "of" and w.numeric(obj):
                    found = _quantity(tokens, obj.i, w)
                    return replace(found, tokens=found.tokens | {head.i}) if found else None
    if single and _single_person(tokens, head, w):
        before = {i for c in _children(tokens, head.i) if c.i < head.i
                  for i in _subtree(tokens, c.i)}  # "the Shia cleric", "Vice President X"
        return Count(1, frozenset({head.i} | before), "one person")
    return None


def _names_people(token: Token, w: Words) -> bool:
    """A noun for people: listed, a compound ending in a listed noun ("schoolteacher",
    "policeman"), a nationality or group ("Palestinians", "Hazaras") or a person's name."""
    lemma = token.lemma.lower()
    return lemma in w.people or token.text.lower() in w.people \
        or token.ent_type in ("NORP", "PERSON") or any(
            lemma.endswith(p) for p in w.people if len(p) > 3)


def _people_of(tokens: tuple[Token, ...], number: Token, w: Words) -> bool:
    """A bare number counts people when it stands alone ("thousands marched") or counts a
    people noun ("thousands of protesters", "3,000 of them")."""
    for prep in _children(tokens, number.i, "prep"):
        if prep.text.lower() == "of":
            return any(_names_people(o, w) or o.lemma.lower() in ("they", "them")
                       for p in _children(tokens, prep.i, "pobj")
                       for o in (p, *_conjuncts(tokens, p)))
    return True


def _single_person(tokens: tuple[Token, ...], head: Token, w: Words) -> bool:
    if head.text.lower() in _PERSON_PRONOUNS:
        return True
    if head.tag in ("NNS", "NNPS") or head.lemma.lower() in w.collective:
        return False
    if head.ent_type == "PERSON":
        return True
    return head.tag == "NN" and _names_people(head, w) and bool(
        _children(tokens, head.i, "det", "poss"))


# --- casualties ------------------------------------------------------------------------------


def _cue(tokens: tuple[Token, ...], t: Token, w: Words) -> str | None:
    """Whether a word says people died ("dead") or were hurt ("injured")."""
    lemma, text = t.lemma.lower(), t.text.lower()
    if _children(tokens, t.i, "neg"):
        return None  # "did not kill anyone"
    if t.pos in ("VERB", "AUX"):
        if lemma in w.dead_verbs or lemma in w.dying_verbs:
            return "dead"
        if lemma in w.injured_verbs:
            return "injured"
    if (t.pos == "NOUN" and lemma in w.dead_nouns) or text in w.dead_words or (
            lemma in w.toll_nouns and any(
            c.lemma.lower() == "death" for c in _children(tokens, t.i, "compound", "amod"))):
        return "dead"
    if text in w.injured_words:
        return "injured"
    return None


def _victims(tokens: tuple[Token, ...], cue: Token, w: Words) -> list[Token]:
    """The noun phrases a killing or wounding word counts."""
    lemma = cue.lemma.lower()
    if lemma in w.toll_nouns:  # "the death toll rose to 45", "reached 45", "stood at 45"
        verb = tokens[cue.head]
        found = [o for p in _children(tokens, verb.i, "prep") if p.text.lower() in ("to", "at")
                 for o in _children(tokens, p.i, "pobj")]
        return found or _children(tokens, verb.i, "dobj", "attr")
    if cue.pos == "NOUN" and lemma in w.dead_nouns:  # "the killing of 20", "his execution"
        return [o for p in _children(tokens, cue.i, "prep") if p.text.lower() == "of"
                for o in _children(tokens, p.i, "pobj")][:1] or _children(tokens, cue.i, "poss")
    own = _children(tokens, cue.i, *_OBJECTS)
    if not own and (lemma in w.dying_verbs or cue.pos not in ("VERB", "AUX")
                    or _passive(tokens, cue) or _participle(tokens, cue)):
        own = _children(tokens, cue.i, "nsubjpass", "nsubj")
    own = own or [c for c in _children(tokens, cue.i, "nummod", "quantmod", "amod")
                  if w.numeric(c)]
    if own:
        return own[:1]
    head = tokens[cue.head]
    if cue.pos not in ("VERB", "AUX") and head.i != cue.i:
        # "leaving 15 people dead", "shot dead a farmer", "20 dead"
        if w.numeric(head):
            return [head]
        return (_children(tokens, head.i, "dobj") or _children(tokens, head.i, "nsubjpass"))[:1]
    if cue.dep == "acl" and cue.tag == "VBN":
        return [head]  # "20 people killed in the attack"
    if cue.dep == "conj" and head.i != cue.i and _passive(tokens, head):
        return _children(tokens, head.i, "nsubjpass")[:1]  # "were abducted and later killed"
    return []


def _passive(tokens: tuple[Token, ...], verb: Token) -> bool:
    return bool(_children(tokens, verb.i, "auxpass", "nsubjpass"))


def _participle(tokens: tuple[Token, ...], verb: Token) -> bool:
    """"30 wounded": a past participle without an auxiliary says what its subject suffered."""
    return verb.tag == "VBN" and not _children(tokens, verb.i, "aux")


def _trigger_of(tokens: tuple[Token, ...], t: Token, lex: Lexicon,
                types: frozenset[str]) -> bool:
    """Whether a token is a trigger of one of these types in the lexicon (with the other words
    its entry asks for within two steps below it)."""
    near = {c.lemma.lower() for c in _children(tokens, t.i)
            for c in (c, *_children(tokens, c.i))}
    return any(e.event in types and set(e.others) <= near
               for e in lex.candidates(t.lemma.lower(), t.pos))


def _anchor(tokens: tuple[Token, ...], cue: Token, lex: Lexicon, w: Words) -> int | None:
    """The trigger token whose event a casualty belongs to (see the module docstring)."""
    assault = frozenset({"ASSAULT"})
    best = cue.i if _trigger_of(tokens, cue, lex, TYPES) else None
    current = cue
    while current.head != current.i:
        head = tokens[current.head]
        own_subject = bool(_children(tokens, current.i, *_SUBJECTS))
        outcome = current.dep in _OUTCOME_DEPS and not own_subject
        # "killing two and wounding five"; "were abducted and later killed": one act told
        # twice, which the extractor codes once, as the first
        listed = current.dep == "conj" and (
            _cue(tokens, head, w) is not None or outcome_word(tokens, head) or not (
                own_subject or _children(tokens, current.i, *_OBJECTS))
            or best is None)  # "attacked a convoy, but no one was hurt"
        small = current.i == cue.i and cue.dep in _SMALL_CLAUSE  # "left 15 dead", "shot dead"
        if not (outcome or listed or small):
            break
        if _trigger_of(tokens, head, lex, assault if best is not None else TYPES):
            best = head.i
        current = head
    if best is not None:
        return best
    return _cause(tokens, current, lex)


def outcome_word(tokens: tuple[Token, ...], t: Token) -> bool:
    """A participle that tells an outcome: "killing", "leaving"."""
    return t.tag == "VBG" and t.dep in ("advcl", "conj") and not _children(tokens, t.i, "nsubj")


def _cause(tokens: tuple[Token, ...], top: Token, lex: Lexicon) -> int | None:
    """The trigger that caused deaths told by a word that is no trigger: the subject of its
    clause ("riots left 20 dead") or a phrase under it ("died in the blast")."""
    todo = [(top, 0)]
    while todo:
        t, depth = todo.pop(0)
        if t.i != top.i and _trigger_of(tokens, t, lex, TYPES):
            return t.i
        if depth < 3:
            todo += [(c, depth + 1) for c in _children(
                tokens, t.i, "nsubj", "nsubjpass", "prep", "pobj", "agent", "advcl")]
    return None


def casualty_figures(sentence: Sentence, w: Words, lex: Lexicon) -> list[Figure]:
    """Every figure of dead and injured in a sentence, each with its anchor."""
    tokens = sentence.tokens
    out = []
    for t in tokens:
        kind = _cue(tokens, t, w)
        if kind is None:
            continue
        for victim in _victims(tokens, t, w):
            found = count_of(tokens, victim, w)
            anchor = _anchor(tokens, t, lex, w)
            if found is None or anchor is None:
                continue
            if _either(tokens, t, w):
                kind = "size"  # "killing or wounding 50": people hit, dead or hurt
            by_head = victim.head == t.head and victim.i != t.i  # "leaving 15 people dead"
            out.append(Figure(kind, found.value, anchor,
                              found.tokens | {t.i} | ({t.head} if by_head else set()),
                              f"{found.note}, counted by '{t.text}'"))
    return out


def _either(tokens: tuple[Token, ...], cue: Token, w: Words) -> bool:
    """'killing or wounding': the number is of people killed or hurt, not of either."""
    first = tokens[cue.head] if cue.dep == "conj" else cue
    others = [first, *_children(tokens, first.i, "conj")]
    return any(c.text.lower() == "or" for c in _children(tokens, first.i, "cc")) and any(
        _cue(tokens, o, w) not in (None, _cue(tokens, cue, w)) for o in others)


# --- sizes -----------------------------------------------------------------------------------


def size_figure(event: Event, sentence: Sentence, trigger: Token, used: frozenset[int],
                w: Words) -> Figure | None:
    """How many people the event involved (see the module docstring), from phrases no
    casualty figure was read from."""
    tokens = sentence.tokens
    own: tuple[str, ...]
    if event.event == "PROTEST":
        own, parties, role = ("nsubj",), event.actor, "the protesters"
    elif event.event == "MOBILIZE":
        own, parties, role = ("dobj", "nsubjpass"), event.actor, "the forces"
    else:
        own, parties, role = ("dobj", "nsubjpass"), event.recipient, "the people it was done to"
    # The trigger's own phrase first; else the parties the extractor found ("took part in a
    # rally", "fired tear gas at hundreds of demonstrators").
    for heads in (_children(tokens, trigger.i, *own),
                  _span_heads(sentence, [p.text for p in parties])):
        counts: list[Count] = []
        for head in heads:
            found = count_of(tokens, _quantity_head(tokens, head, w), w, people=True,
                             single=event.event != "MOBILIZE")
            if found is not None and not found.tokens & used and not any(
                    found.tokens & c.tokens for c in counts):
                counts.append(found)
        if counts:
            return Figure("size", sum(c.value for c in counts), trigger.i,
                          frozenset().union(*(c.tokens for c in counts)),
                          f"{' + '.join(c.note for c in counts)}, {role}")
    return None


def _quantity_head(tokens: tuple[Token, ...], head: Token, w: Words) -> Token:
    """"protesters" in "thousands of protesters" is counted by "thousands"."""
    prep = tokens[head.head]
    if head.dep == "pobj" and prep.text.lower() == "of" and w.numeric(tokens[prep.head]):
        return tokens[prep.head]
    return head


def _span_heads(sentence: Sentence, texts: list[str]) -> list[Token]:
    """The head token of each phrase (found in the sentence's text), in order."""
    heads = []
    for text in texts:
        at = sentence.text.find(text)
        if not text or at < 0:
            continue
        start, end = sentence.char_start + at, sentence.char_start + at + len(text)
        inside = [t for t in sentence.tokens if start <= t.idx < end]
        top = [t for t in inside if not start <= sentence.tokens[t.head].idx < end
               or t.head == t.i]
        if top and top[0] not in heads:
            heads.append(top[0])
    return heads
