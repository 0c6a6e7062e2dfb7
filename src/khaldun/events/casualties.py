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

How numbers are read is told in events/counts.py.

One figure, one event. Each figure belongs to the trigger(s) `_anchor` finds, and only
the event of such a trigger gets it: the killing or wounding word's own event, or the assault
whose outcome it tells ("attacked the market, killing 20 and wounding 35", "attacks which
killed scores", "clashes between army units killed 16", "shot and wounded three"), or, for a
word that is no trigger ("dead", "died", "no one was hurt"), the assault that caused it. Two
tellings the extractor keeps once ("killed 4 Iraqis in an attack on a depot") share the
figure; no other figure has two owners. A figure whose trigger is not coded as an event is
lost rather than given to a second event. When one event gets several figures of a kind, the
largest is kept: later figures of a sentence mostly detail part of the first ("killing 30
people, among them 12 soldiers"). docs/CODEBOOK.md ("Casualties and sizes") has the rules with
examples.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from khaldun.events.counts import (
    NOT_COUNTS,
    Count,
    Words,
    children,
    count_of,
    subtree,
    words,
)
from khaldun.events.lexicon import Lexicon, default_lexicon
from khaldun.events.parse_tree import Tree
from khaldun.events.triggers import find_triggers
from khaldun.records import Event, Sentence, Token

TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})
_ASSAULT = frozenset({"ASSAULT"})
# Links by which a word tells the outcome of the word above it: the extractor's own (reading.py)
# for assaults, and a conjunct of an outcome ("killing two and wounding five").
_OUTCOME_DEPS = frozenset({"advcl", "relcl", "acl", "xcomp"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "mark"})
# How "dead" or "wounded" hangs on the verb that tells it: "left 15 dead", "shot dead".
_SMALL_CLAUSE = frozenset({"oprd", "acomp", "advmod", "xcomp", "ccomp", "amod"})
# Where a verb's victims are: its object, or its passive subject.
_OBJECTS = frozenset({"dobj", "attr"})
_RELATIVES = frozenset({"which", "that", "who"})


@dataclass(frozen=True, slots=True)
class Figure:
    kind: str  # dead | injured | size
    value: int
    anchors: frozenset[int]  # the trigger token of the event it belongs to (two when they
    # are one event told twice, which the extractor keeps once)
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
    reasons = dict(event.reasons)
    dead, injured = (_own_figure(kind, found, trigger, sentence, reasons)
                     for kind in ("dead", "injured"))
    hit = [f for f in found if f.kind == "size" and trigger.i in f.anchors]  # "killed or wounded"
    used = frozenset(i for f in found for i in f.tokens)
    size = hit[0] if hit else size_figure(event, sentence, trigger, used, w)
    if size is not None:
        reasons["size"] = _reason(size, sentence)
    if reasons == event.reasons:
        return event
    return replace(event, dead=dead, injured=injured, size=size.value if size else None,
                   reasons=reasons)


def _own_figure(kind: str, found: list[Figure], trigger: Token, sentence: Sentence,
                reasons: dict[str, str]) -> int | None:
    """The event's figure of one kind (the largest it owns), with its reason written into
    `reasons`; or None, with a reason when the figure went to another event of the sentence."""
    mine = [f for f in found if f.kind == kind and trigger.i in f.anchors]
    if mine:
        best = max(mine, key=lambda f: f.value)
        reasons[kind] = _reason(best, sentence)
        return best.value
    elsewhere = next((f for f in found if f.kind == kind and trigger.i in f.tokens), None)
    if elsewhere is not None:
        owner = sentence.tokens[min(elsewhere.anchors)].text
        reasons[kind] = (f"'{_span(sentence, elsewhere.tokens)}' is counted for the event of "
                         f"'{owner}' (one figure, one event)")
    return None


def _reason(figure: Figure, sentence: Sentence) -> str:
    return f"'{_span(sentence, figure.tokens)}': {figure.note}"


def _span(sentence: Sentence, tokens: Iterable[int]) -> str:
    """The sentence's text from the first to the last of these tokens."""
    ordered = sorted(tokens)
    first, last = sentence.tokens[ordered[0]], sentence.tokens[ordered[-1]]
    start = first.idx - sentence.char_start
    return sentence.text[start:last.idx - sentence.char_start + len(last.text)]


def _trigger_token(event: Event, sentence: Sentence) -> Token | None:
    """The head token of the event's trigger words ("attack" of "drone attack", "opened" of
    "opened fire"); of several such tokens, the one whose phrase holds the event's recipient,
    else the first."""
    words_ = set(event.trigger.split())
    tokens = sentence.tokens
    found = [t for t in tokens if t.text in words_ and not (
        tokens[t.head].text in words_ and t.head != t.i and abs(t.head - t.i) <= 3)]
    if len(found) > 1 and event.recipient:
        wanted = event.recipient[0].text
        for t in found:
            if wanted in _span(sentence, subtree(tokens, t.i)):
                return t
    return found[0] if found else None


# --- casualties ------------------------------------------------------------------------------


def _cue(tokens: tuple[Token, ...], t: Token, w: Words) -> str | None:
    """Whether a word says people died ("dead") or were hurt ("injured")."""
    kind = _cue_word(tokens, t, w)
    if kind is not None and children(tokens, t.i, "neg"):
        return None  # "did not kill anyone"
    return kind


def _cue_word(tokens: tuple[Token, ...], t: Token, w: Words) -> str | None:
    lemma, text = t.lemma.lower(), t.text.lower()
    if t.pos in ("VERB", "AUX"):
        if lemma in w.dead_verbs or lemma in w.dying_verbs or any(
                c.lemma.lower() in w.fatal_adverbs for c in children(tokens, t.i, "advmod")):
            return "dead"  # "killed", "died", "fatally shot", "mortally wounded"
        if lemma in w.injured_verbs:
            return "injured"
    if (t.pos == "NOUN" and lemma in w.dead_nouns) or text in w.dead_words or (
            lemma in w.toll_nouns and any(
            c.lemma.lower() == "death" for c in children(tokens, t.i, "compound", "amod"))):
        return "dead"
    if text in w.injured_words:
        return "injured"
    return None


def _victims(tokens: tuple[Token, ...], cue: Token, w: Words) -> list[Token]:
    """The noun phrases a killing or wounding word counts."""
    lemma = cue.lemma.lower()
    if lemma in w.toll_nouns:  # "the death toll rose to 45", "reached 45", "stood at 45"
        verb = tokens[cue.head]
        found = [o for p in children(tokens, verb.i, "prep") if p.text.lower() in ("to", "at")
                 for o in children(tokens, p.i, "pobj")]
        return found or children(tokens, verb.i, "dobj", "attr")
    if cue.pos == "NOUN" and lemma in w.dead_nouns:  # "the killing of 20", "his execution"
        return [o for p in children(tokens, cue.i, "prep") if p.text.lower() == "of"
                for o in children(tokens, p.i, "pobj")][:1] or children(tokens, cue.i, "poss")
    own = _objects(tokens, cue, w)
    if not own and (lemma in w.dying_verbs or cue.pos not in ("VERB", "AUX")
                    or _passive(tokens, cue) or _participle(tokens, cue)):
        own = children(tokens, cue.i, "nsubjpass", "nsubj")
    own = own or [c for c in children(tokens, cue.i, "nummod", "quantmod", "amod")
                  if w.numeric(c)]
    if own:
        return own[:1]
    head = tokens[cue.head]
    if cue.pos not in ("VERB", "AUX") and head.i != cue.i:
        # "leaving 15 people dead", "shot dead a farmer", "20 dead"
        if w.numeric(head):
            return [head]
        return (children(tokens, head.i, "dobj") or children(tokens, head.i, "nsubjpass"))[:1]
    if cue.dep == "acl" and cue.tag == "VBN":
        return [head]  # "20 people killed in the attack"
    if cue.dep == "conj" and head.i != cue.i and _passive(tokens, head):
        return children(tokens, head.i, "nsubjpass")[:1]  # "were abducted and later killed"
    if cue.dep == "conj" and head.i != cue.i:
        return _objects(tokens, head, w)[:1]  # "shot and wounded three smugglers"
    return []


def _objects(tokens: tuple[Token, ...], verb: Token, w: Words) -> list[Token]:
    """A verb's objects; a bare number the parse hangs on it otherwise ("killing 20"), but
    no span of time ("hours after clashes killed 16")."""
    return children(tokens, verb.i, *_OBJECTS) or [
        c for c in children(tokens, verb.i, "npadvmod")
        if w.numeric(c) and c.ent_type not in NOT_COUNTS]


def _passive(tokens: tuple[Token, ...], verb: Token) -> bool:
    return bool(children(tokens, verb.i, "auxpass", "nsubjpass"))


def _participle(tokens: tuple[Token, ...], verb: Token) -> bool:
    """"30 wounded": a past participle without an auxiliary says what its subject suffered."""
    return verb.tag == "VBN" and not children(tokens, verb.i, "aux")


Kinds = dict[int, str]  # token index -> the PLOVER type of the trigger found there


def _anchor(tokens: tuple[Token, ...], cue: Token, kinds: Kinds, w: Words) -> frozenset[int]:
    """The trigger token(s) whose event a casualty belongs to (see the module docstring)."""
    best = cue.i if kinds.get(cue.i) in TYPES else None
    current = cue
    if best is None and cue.pos == "NOUN" and cue.dep in ("nsubj", "nsubjpass", "dobj"):
        current = tokens[cue.head]  # "caused no casualties", "no injuries were reported"
    while current.head != current.i:
        head = tokens[current.head]
        own_subject = bool(children(tokens, current.i, *_SUBJECTS))
        # "killing 20", "attacks which killed 20" (the relative pronoun is the attack)
        outcome = (current.dep in _OUTCOME_DEPS and not own_subject) or (
            current.dep == "relcl" and any(c.lemma.lower() in _RELATIVES for c in children(
                tokens, current.i, "nsubj")))
        # "killing two and wounding five", "were abducted and later killed", "shot and
        # wounded three", "leaving 15 dead and 30 wounded": one act told twice, which the
        # extractor codes once, as the first; not a clause with a doer of its own ("and
        # militants then ambushed the survivors")
        doer = own_subject and not _participle(tokens, current)
        listed = current.dep == "conj" and (
            (not doer and (_cue(tokens, head, w) is not None or _outcome_word(tokens, head)
                           or not (_objects(tokens, current, w) and _objects(tokens, head, w))))
            or best is None)  # "attacked a convoy, but no one was hurt"
        small = current.i == cue.i and cue.pos not in ("VERB", "AUX") \
            and cue.dep in _SMALL_CLAUSE  # "left 15 dead", "shot dead"
        if not (outcome or listed or small):
            break
        if current.dep == "relcl" and kinds.get(head.i) is None:
            # the parse hangs "which killed 28" on the place of the attack: "attacks in the
            # commercial area of the neighborhood, which killed 28"
            told = _phrase_assault(tokens, head, kinds)
            return frozenset({told}) if told is not None else frozenset(
                {best} if best is not None else ())
        if kinds.get(head.i) in (TYPES if best is None else _ASSAULT):
            best = head.i
        current = head
    if best is None:
        found = _cause(tokens, current, kinds)
        return frozenset() if found is None else frozenset({found})
    return _told_by_noun(tokens, tokens[best], kinds) or frozenset({best})


def _phrase_assault(tokens: tuple[Token, ...], noun: Token, kinds: Kinds) -> int | None:
    """The assault noun whose phrase holds this noun ("attacks in the area of the town")."""
    for _ in range(8):
        if kinds.get(noun.i) == "ASSAULT" and noun.pos == "NOUN":
            return noun.i
        if noun.dep not in ("pobj", "prep", "compound", "appos", "conj") or noun.head == noun.i:
            return None
        noun = tokens[noun.head]
    return None


def _told_by_noun(tokens: tuple[Token, ...], verb: Token, kinds: Kinds) -> frozenset[int]:
    """The assault a killing word tells the outcome of when the assault is a noun: one that
    names its own parties, which the extractor codes beside the killing ("clashes between
    army units killed 16 soldiers", "20 were killed in clashes between the army and the
    RSF", "a drone attack by militiamen killed 15"); or the one it happened in, which the
    extractor merges with the killing into one event, either telling ("killed 4 Iraqis in an
    attack on a depot")."""
    inside = [o for p in children(tokens, verb.i, "prep") if p.text.lower() == "in"
              for o in children(tokens, p.i, "pobj")]
    for noun in [*children(tokens, verb.i, "nsubj"), *inside]:
        if kinds.get(noun.i) != "ASSAULT" or noun.pos != "NOUN":
            continue
        if any(p.text.lower() in ("between", "by") for p in children(tokens, noun.i, "prep")) \
                or any(c.ent_type not in NOT_COUNTS for c in children(tokens, noun.i, "poss")):
            return frozenset({noun.i})
        if noun in inside and not _passive(tokens, verb):
            return frozenset({noun.i, verb.i})
    return frozenset()


def _outcome_word(tokens: tuple[Token, ...], t: Token) -> bool:
    """A participle that tells an outcome: "killing", "leaving"."""
    return t.tag == "VBG" and t.dep in ("advcl", "conj") and not children(tokens, t.i, "nsubj")


def _cause(tokens: tuple[Token, ...], top: Token, kinds: Kinds) -> int | None:
    """The trigger that caused deaths told by a word that is no trigger: the subject of its
    clause ("riots left 20 dead") or a phrase under it ("died in the blast", "died after
    troops opened fire")."""
    todo = [(top, 0)]
    while todo:
        t, depth = todo.pop(0)
        if t.i != top.i and kinds.get(t.i) in TYPES:
            return t.i
        if depth < 3:
            todo += [(c, depth + 1) for c in children(
                tokens, t.i, "nsubj", "nsubjpass", "prep", "pobj", "agent", "advcl", "ccomp")]
    return None


def casualty_figures(sentence: Sentence, w: Words, lex: Lexicon) -> list[Figure]:
    """Every figure of dead and injured in a sentence, each with its anchor."""
    tokens = sentence.tokens
    cues = [(t, _no_casualties(tokens, t, w), _cue(tokens, t, w)) for t in tokens]
    cues = [c for c in cues if c[1] or c[2] or _to_death(tokens, c[0])]
    if not cues:
        return []  # most sentences: no triggers to look up
    kinds = {t.token.i: t.entry.event for t in find_triggers(Tree(tokens), lex)}
    out = []
    for t, none, said in cues:
        if none:
            anchor = _anchor(tokens, t, kinds, w)
            dets = {d.i for d in children(tokens, t.i, "det")}
            out += [Figure(kind, 0, anchor, frozenset({t.i} | dets), f"'no {t.text}': 0")
                    for kind in none if anchor]
            continue
        said = said or ("dead" if kinds.get(t.i) == "ASSAULT" else None)  # "stabbed to death"
        if said is None:
            continue
        anchor = _anchor(tokens, t, kinds, w)
        if not anchor:
            continue
        for victim, cue, kind in _readings(tokens, t, said, w):
            found = count_of(tokens, victim, w)
            if found is None:
                continue
            if found.value == 0:  # "no one was killed when militants fired": no killing event
                anchor = _when(tokens, cue, kinds) or anchor
            if _either(tokens, cue, w):
                kind = "size"  # "killing or wounding 50": people hit, dead or hurt
            by_head = victim.head == cue.head and victim.i != cue.i  # "leaving 15 people dead"
            out.append(Figure(kind, found.value, anchor,
                              found.tokens | {cue.i} | ({cue.head} if by_head else set()),
                              f"{found.note}, counted by '{cue.text}'"))
    return out


def _when(tokens: tuple[Token, ...], cue: Token, kinds: Kinds) -> frozenset[int]:
    """The assault in a "when" clause under a killing word."""
    return frozenset(c.i for c in children(tokens, cue.i, "advcl") if kinds.get(c.i) in TYPES)


def _readings(tokens: tuple[Token, ...], cue: Token, kind: str, w: Words
              ) -> list[tuple[Token, Token, str]]:
    """(victims, the word that counts them, its kind) for a casualty word. "killing one and
    injuring scores" is often parsed as "killing (one and injuring) scores": the first number
    is the killing's, the noun the injuring's."""
    for obj in children(tokens, cue.i, *_OBJECTS):
        for number in children(tokens, obj.i, "nummod"):
            other = next((c for c in children(tokens, number.i, "conj")
                          if _cue(tokens, c, w) is not None), None)
            if other is not None:
                return [(number, cue, kind), (obj, other, str(_cue(tokens, other, w)))]
    if cue.dep == "conj" and tokens[cue.head].dep == "nummod" and w.numeric(tokens[cue.head]):
        return []  # the second half of such a pair, read with the first
    return [(v, cue, kind) for v in _victims(tokens, cue, w)]


def _to_death(tokens: tuple[Token, ...], verb: Token) -> bool:
    """"stabbed to death", "beaten to death" (the verb is an assault in the lexicon, so
    "sentenced to death" is not read)."""
    return verb.pos == "VERB" and any(
        o.lemma.lower() == "death" for p in children(tokens, verb.i, "prep")
        if p.text.lower() == "to" for o in children(tokens, p.i, "pobj"))


def _no_casualties(tokens: tuple[Token, ...], t: Token, w: Words) -> tuple[str, ...]:
    """"caused no casualties", "no deaths were reported": the kinds that were none."""
    kinds = w.zero_nouns.get(t.lemma.lower(), ())
    if kinds and any(d.text.lower() == "no" for d in children(tokens, t.i, "det")):
        return kinds
    return ()


def _either(tokens: tuple[Token, ...], cue: Token, w: Words) -> bool:
    """'killing or wounding': the number is of people killed or hurt, not of either."""
    first = tokens[cue.head] if cue.dep == "conj" else cue
    others = [first, *children(tokens, first.i, "conj")]
    return any(c.text.lower() == "or" for c in children(tokens, first.i, "cc")) and any(
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
    if trigger.pos == "NOUN":  # "the deployment of 3,000 troops", "a march by 2,000 students"
        own = ()
        nominal = [o for p in children(tokens, trigger.i, "prep") if p.text.lower() in (
            "of", "by") for o in children(tokens, p.i, "pobj")]
    else:
        nominal = []
    for heads in (nominal or children(tokens, trigger.i, *own),
                  _span_heads(sentence, [p.text for p in parties])):
        counts: list[Count] = []
        for head in heads:
            found = count_of(tokens, _quantity_head(tokens, head, w), w, people=True,
                             single=event.event == "PROTEST")
            if found is not None and not found.tokens & used and not any(
                    found.tokens & c.tokens for c in counts):
                counts.append(found)
        if counts:
            return Figure("size", sum(c.value for c in counts), frozenset({trigger.i}),
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
