"""How many people a noun phrase names, for casualties and sizes (events/casualties.py).

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
- one singular or named person counts 1 among the dead and hurt ("killed a journalist",
  "killed Soleimani") and as a protest's crowd (a hunger strike), but not as a size
  otherwise: an arrest of one named person is no figure analysts count;
- numbers anywhere else are never read: ages ("a 56-year-old man" is one man), dates, spans
  of time ("two years", "a two-day strike"), money and lists ("a 10-point plan").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from khaldun.errors import DataFileError
from khaldun.records import Token

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")
_PERSON_PRONOUNS = frozenset({"him", "her", "he", "she", "his"})
_NOBODY = frozenset({"nobody", "none"})
_QUANTIFIERS = frozenset({"many", "several", "few", "numerous", "some", "more", "other"})
# Numbers that count no people: "$40,000", "two years", "12 March", "50 degrees", "30%".
NOT_COUNTS = frozenset({"MONEY", "DATE", "TIME", "PERCENT", "QUANTITY", "ORDINAL"})


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
    zero_nouns: dict[str, tuple[str, ...]]
    pairs: dict[str, int]
    fatal_adverbs: frozenset[str]
    people: frozenset[str]
    groups: frozenset[str]
    collective: frozenset[str]
    people_endings: tuple[str, ...]  # "schoolteacher", "policeman": compounds of these

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
            zero_nouns={str(k): tuple(v) for k, v in raw["zero_nouns"].items()},
            pairs=numbers("pairs"), fatal_adverbs=listed("fatal_adverbs"),
            people=listed("people"), groups=listed("groups"), collective=listed("collective"),
            people_endings=tuple(p for p in listed("people") if len(p) > 3))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataFileError(f"casualties.json is not valid ({exc!r}); every list and table "
                            f"of the file must be present") from exc


@dataclass(frozen=True, slots=True)
class Count:
    """A number read off a noun phrase, with the tokens it was read from."""

    value: int
    tokens: frozenset[int]
    note: str  # how it was read: "at least 20 (a lower bound)", "dozens: 12 (ACLED's rule)"


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


def children(tokens: tuple[Token, ...], i: int, *deps: str) -> list[Token]:
    return [t for t in tokens if t.head == i and t.i != i and (not deps or t.dep in deps)]


def subtree(tokens: tuple[Token, ...], i: int) -> set[int]:
    out, todo = {i}, [i]
    while todo:
        j = todo.pop()
        for t in children(tokens, j):
            if t.i not in out:
                out.add(t.i)
                todo.append(t.i)
    return out


def count_of(tokens: tuple[Token, ...], head: Token, w: Words, *, people: bool = False,
             single: bool = True) -> Count | None:
    """How many the noun phrase headed by `head` names: its number, its conjoined groups
    added up, or (with `single`) 1 for one person. With `people`, only phrases that name
    people count."""
    parts = [head, *conjuncts(tokens, head)]
    if people:  # "3,000 troops and 50 tanks": the troops
        parts = [t for t in parts if w.numeric(t) or names_people(t, w)] or parts[:1]
    counts = [_one(tokens, t, w, people=people, single=single) for t in parts]
    if len(parts) == 1 or counts[0] is None:
        return counts[0]
    bare = [w.numeric(t) for t in parts]
    if all(bare) or any(c.text.lower() == "or" for t in parts for c in children(
            tokens, t.i, "cc")):
        return replace(counts[0], note=counts[0].note + " (the first of alternatives)")
    if all(c is not None for c in counts):
        value = sum(c.value for c in counts if c is not None)
        spans = frozenset().union(*(c.tokens for c in counts if c is not None))
        return Count(value, spans, f"{' + '.join(str(c.value) for c in counts if c)} = {value}")
    if not any(_quantified(tokens, t) for t in parts[1:]):
        return counts[0]  # "1,000 police and former soldiers": the number covers them all
    return None  # "four soldiers and many civilians": the total is not given


def _quantified(tokens: tuple[Token, ...], t: Token) -> bool:
    """A conjunct with its own determiner or quantity ("many civilians", "the others")."""
    return any(c.dep in ("det", "nummod", "poss") or c.lemma.lower() in _QUANTIFIERS
               for c in children(tokens, t.i))


def conjuncts(tokens: tuple[Token, ...], head: Token) -> list[Token]:
    out = []
    for c in children(tokens, head.i, "conj"):
        out.append(c)
        out.extend(conjuncts(tokens, c))
    return out


def _one(tokens: tuple[Token, ...], head: Token, w: Words, *, people: bool,
         single: bool) -> Count | None:
    """The count of one noun phrase without its conjuncts."""
    lemma = head.lemma.lower()
    if head.text.lower() in _NOBODY or (lemma == "one" and any(
            d.text.lower() == "no" for d in children(tokens, head.i, "det"))):
        return Count(0, frozenset({head.i} | {d.i for d in children(tokens, head.i, "det")}),
                     "no one: 0")
    if head.ent_type in NOT_COUNTS:
        return None  # "$40,000", "two years" (but "20 fighters" whatever the number's label)
    if w.numeric(head):
        if people and not _people_of(tokens, head, w):
            return None
        return _quantity(tokens, head.i, w)
    number = next((c for c in children(tokens, head.i, "nummod", "quantmod", "compound")
                   if w.numeric(c)), None)
    if number is not None:
        if people and not names_people(head, w):
            return None
        found = _quantity(tokens, number.i, w)
        return replace(found, tokens=found.tokens | {head.i}) if found else None
    if lemma in w.pairs and not children(tokens, head.i, "nummod"):  # "a gay couple"
        return Count(w.pairs[lemma], frozenset({head.i} | {
            d.i for d in children(tokens, head.i, "det", "amod")}), f"a {lemma}: {w.pairs[lemma]}")
    if lemma in w.groups:
        for prep in children(tokens, head.i, "prep"):
            for obj in children(tokens, prep.i, "pobj"):
                if prep.text.lower() == "of" and w.numeric(obj):
                    found = _quantity(tokens, obj.i, w)
                    return replace(found, tokens=found.tokens | {head.i}) if found else None
    if single and _single_person(tokens, head, w):
        before = {i for c in children(tokens, head.i) if c.i < head.i
                  for i in subtree(tokens, c.i)}  # "the Shia cleric", "Vice President X"
        return Count(1, frozenset({head.i} | before), "one person")
    return None


def names_people(token: Token, w: Words) -> bool:
    """A noun for people: listed, a compound ending in a listed noun ("schoolteacher",
    "policeman"), a nationality or group ("Palestinians", "Hazaras") or a person's name."""
    lemma = token.lemma.lower()
    return lemma in w.people or token.text.lower() in w.people \
        or token.ent_type in ("NORP", "PERSON") or lemma.endswith(w.people_endings)


def _people_of(tokens: tuple[Token, ...], number: Token, w: Words) -> bool:
    """A bare number counts people when it stands alone ("thousands marched") or counts a
    people noun ("thousands of protesters", "3,000 of them")."""
    for prep in children(tokens, number.i, "prep"):
        if prep.text.lower() == "of":
            return any(names_people(o, w) or o.lemma.lower() in ("they", "them")
                       for p in children(tokens, prep.i, "pobj")
                       for o in (p, *conjuncts(tokens, p)))
    return True


def _single_person(tokens: tuple[Token, ...], head: Token, w: Words) -> bool:
    if head.text.lower() in _PERSON_PRONOUNS:
        return True
    if head.tag in ("NNS", "NNPS") or head.lemma.lower() in w.collective:
        return False
    if head.ent_type == "PERSON":
        return True
    return head.tag == "NN" and names_people(head, w) and bool(
        children(tokens, head.i, "det", "poss"))
