"""Place mentions in a parsed sentence: the named places (entity spans, place nouns, locative
phrases) that are places of the sentence's events, not names inside actors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from khaldun.actors.resolve import vocabulary
from khaldun.events.parse_tree import Tree, text_of
from khaldun.places.gazetteer import name_key
from khaldun.places.toponyms import COMPASS, PLACE_NOUNS
from khaldun.records import Sentence, Token

LOCATIVE_PREPS = frozenset({"in", "near", "outside", "at", "through", "across", "into", "from",
                            "inside", "around", "throughout", "within", "along", "off",
                            "over", "on"})


_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


_ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "agent")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place-like entity of a sentence, with the text to resolve (compass word included)."""

    tokens: tuple[Token, ...]
    text: str
    rule: str


_NOT_NAMES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
                        "CARDINAL", "LANGUAGE", "EVENT", "WORK_OF_ART", "LAW"})


def entity_spans(tokens: Sequence[Token], *, names: bool = False) -> list[tuple[int, int]]:
    """(start, end) token ranges of the GPE, LOC and FAC entities; with `names`, of every
    name (the small English model often tags a town PERSON or ORG, or nothing), for use
    where the position already says "place" ("in X", "the town of X")."""
    def kind(t: Token) -> str | None:
        if t.ent_iob in ("B", "I") and t.ent_type:
            if t.ent_type in _PLACE_ENTS or (names and t.ent_type not in _NOT_NAMES):
                return t.ent_type
            return None
        return "PROPN" if names and t.pos == "PROPN" else None

    spans: list[tuple[int, int]] = []
    start: int | None = None
    current: str | None = None
    for t in tokens:
        k = kind(t)
        if start is not None and (k != current or t.ent_iob == "B"):
            spans.append((start, t.i))
            start = None
        if k is not None and start is None:
            start, current = t.i, k
    if start is not None:
        spans.append((start, len(tokens)))
    return spans


def _mention(tree: Tree, span: tuple[int, int], rule: str) -> PlaceMention:
    tokens = tree.tokens[span[0]:span[1]]
    text = text_of(tokens)
    if text.lower().startswith("the "):
        text = text[4:]
    head = max(tokens, key=lambda t: -len(list(tree.ancestors(t.i))))  # the span's top token
    compass = next((c for c in tree.children(head.i, "amod", "compound", "npadvmod")
                    if c.text.lower() in COMPASS and c.i < span[0]), None)
    if compass is None and head.dep == "pobj":  # "the north of Iraq", "outskirts of Baghdad"
        of = tree.tokens[head.head]
        noun = tree.tokens[of.head] if of.lemma == "of" else None
        if noun is not None and noun.text.lower() in COMPASS:
            compass = noun
    if compass is not None and compass.head == head.i:
        text = f"{compass.text.lower()} {text}"
    elif compass is not None:
        text = f"{compass.text.lower()} of {text}"
    return PlaceMention(tokens, text, rule)


_CITY_STATES = frozenset({"SGP", "HKG", "MAC", "MCO", "VAT"})  # each one city as well


def _names_country(tree: Tree, spans: Sequence[tuple[int, int]], token: Token) -> bool:
    """Whether the name around `token` is a country's ("a U.S. airstrike": the country that
    acts, not the place where), other than a city-state's ("a Hong Kong hotel" is there)."""
    span = _span_of(spans, token.i)
    if span is None:
        return False
    country = vocabulary().names.get(name_key(text_of(tree.tokens[span[0]:span[1]])))
    return country is not None and country.iso3 not in _CITY_STATES


def place_like(tree: Tree, mention: PlaceMention) -> bool:
    """Whether an unknown name is surely a place: tagged GPE, LOC or FAC, or named by a place
    noun ("the village of X", "the X district", "X neighborhood")."""
    letters = mention.text.replace(".", "").replace(" ", "")
    if not mention.tokens or (not letters.isalpha() and "-" not in letters) or (
            letters.isupper() and len(letters) <= 5):  # "ISIL", "MFO": an organisation
        return False
    if any(t.ent_type in _PLACE_ENTS for t in mention.tokens) and not any(
            t.ent_type == "NORP" for t in mention.tokens):
        return True
    first, last = mention.tokens[0].i, mention.tokens[-1].i
    tokens = tree.tokens
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and after.lemma in PLACE_NOUNS:
        return True
    head = max(mention.tokens, key=lambda t: -len(list(tree.ancestors(t.i))))
    up = tokens[head.head]
    if up.i != head.i and up.i not in range(first, last + 1) and up.lemma in PLACE_NOUNS:
        return True
    return head.dep == "pobj" and up.lemma == "of" and tokens[up.head].lemma in PLACE_NOUNS


def _span_of(spans: Sequence[tuple[int, int]], i: int) -> tuple[int, int] | None:
    return next((s for s in spans if s[0] <= i < s[1]), None)


def _in_phrase(tree: Tree, pobj: Token, spans: Sequence[tuple[int, int]],
               depth: int = 2) -> list[tuple[int, int]]:
    """Named places a noun phrase points at, most specific first: the noun itself when it is
    a name; for a place noun ("the town of Bakwa", "Baghdad's Sadr City district") the "of"
    phrase, then appositions, compounds and the possessor (the container); an "of" phrase
    holding a place noun ("the bombardment of the Aziziyah district"); conjuncts; then places
    in phrases below ("clashes in Basra"). A name that only modifies some other noun ("a U.S.
    airstrike", "Israel's attempt") is no place."""
    found: list[tuple[int, int]] = []

    def add(i: int) -> None:
        span = _span_of(spans, i)
        if span is not None and span not in found:
            found.append(span)

    def more(spans_: Iterable[tuple[int, int]]) -> None:
        found.extend(s for s in spans_ if s not in found)

    named = _span_of(spans, pobj.i) is not None
    place_noun = pobj.lemma in PLACE_NOUNS
    add(pobj.i)
    for prep in tree.children(pobj.i, "prep"):
        if prep.lemma != "of":
            continue
        for inner in tree.children(prep.i, "pobj"):
            more(_in_phrase(tree, inner, spans, depth))
    for child in tree.children(pobj.i, "appos", "compound", "nmod", "amod"):
        if place_noun or named or not _names_country(tree, spans, child):
            add(child.i)
    if place_noun or named:
        for child in tree.children(pobj.i, "poss"):
            add(child.i)
    for child in tree.children(pobj.i, "conj"):
        more(_in_phrase(tree, child, spans, depth))
    if depth > 1:
        for prep in tree.children(pobj.i, "prep"):
            if prep.lemma in LOCATIVE_PREPS:
                for inner in tree.children(prep.i, "pobj"):
                    more(_in_phrase(tree, inner, spans, depth - 1))
    return found


def _locative(tree: Tree, anchor: Token, spans: Sequence[tuple[int, int]], *,
              origin: bool = True, goal: bool = False) -> list[tuple[tuple[int, int], str]]:
    """Places in the locative phrases of a token; "from" only when `origin` (the trigger:
    "fired from Gaza", not "troops from Basra"); "to" only when `goal` (the trigger of an
    event of force: "sent troops to Kano", not "appealed to Washington")."""
    out: list[tuple[tuple[int, int], str]] = []
    for prep in tree.children(anchor.i, "prep"):
        if (prep.lemma not in LOCATIVE_PREPS and not (goal and prep.lemma == "to")) or (
                prep.lemma == "from" and not origin):
            continue
        for pobj in tree.children(prep.i, "pobj"):
            for span in _in_phrase(tree, pobj, spans):
                if prep.lemma == "on" and span[0] <= pobj.i < span[1]:
                    continue  # "agreed on Iraq": only "on the outskirts of X" is a place
                out.append((span, f"'{prep.text} {text_of(tree.tokens[span[0]:span[1]])}'"))
    for adv in tree.children(anchor.i, "advmod", "npadvmod"):  # "50 km north of Baghdad"
        if adv.text.lower() in COMPASS:
            for prep in tree.children(adv.i, "prep"):
                for pobj in tree.children(prep.i, "pobj"):
                    out += [(s, f"'{adv.text} {prep.text} "
                                f"{text_of(tree.tokens[s[0]:s[1]])}'")
                            for s in _in_phrase(tree, pobj, spans)]
    return out


def _anchors(tree: Tree, trigger: Token) -> list[tuple[Token, str]]:
    """The trigger, the verb a noun trigger is the object of ("launched an attack in"), and
    the trigger's arguments ("fighters in Sadr City clashed")."""
    anchors = [(trigger, f"attached to the trigger '{trigger.text}'")]
    head = tree.tokens[trigger.head]
    if trigger.pos == "NOUN" and head.i != trigger.i and trigger.dep in ("dobj", "pobj",
                                                                          "nsubjpass", "attr"):
        anchors.append((head, f"attached to '{head.text}', whose object is the trigger"))
    if trigger.dep in ("xcomp", "conj", "advcl") and head.i != trigger.i:
        anchors.append((head, f"attached to '{head.text}', which governs the trigger"))
    for arg in tree.children(trigger.i, *_ARGUMENT_DEPS):
        anchors.append((arg, f"attached to the argument '{arg.text}'"))
        for pobj in tree.children(arg.i, "pobj"):  # agent: "by fighters in Basra"
            anchors.append((pobj, f"attached to the argument '{pobj.text}'"))
    return anchors


def place_mentions(sentence: Sentence, trigger: int, *, exclude: Iterable[str] = (),
                   objects: bool = True) -> list[PlaceMention]:
    """The sentence's place mentions in order of preference for the event whose trigger is
    token `trigger`; `exclude` are the texts of the event's actors and recipients. With
    `objects` (events of force, not of speech), a place the trigger acts on is the event's
    place ("captured the town of Bakwa", "shelled Aleppo")."""
    tokens = sentence.tokens
    if not tokens:
        return []
    tree = Tree(tokens)
    names = entity_spans(tokens, names=True)
    out: list[PlaceMention] = []
    seen: set[tuple[int, int]] = set()

    def push(span: tuple[int, int], rule: str) -> None:
        if span not in seen:
            seen.add(span)
            out.append(_mention(tree, span, rule))

    if objects:
        for obj in tree.children(trigger, "dobj"):
            for span in _in_phrase(tree, obj, names, depth=1):
                push(span, f"'{text_of(tokens[span[0]:span[1]])}', the place the trigger "
                           f"'{tokens[trigger].text}' acts on")
        # The passive's subject is what the trigger acts on ("Mosul's streets are patrolled",
        # "Kabul was captured"): places the model tags as such, not names of any kind.
        for obj in tree.children(trigger, "nsubjpass"):
            for span in _in_phrase(tree, obj, entity_spans(tokens), depth=1):
                push(span, f"'{text_of(tokens[span[0]:span[1]])}', the passive subject of "
                           f"the trigger '{tokens[trigger].text}'")
    for anchor, why in _anchors(tree, tokens[trigger]):
        for span, phrase in _locative(tree, anchor, names, origin=anchor.i == trigger,
                                      goal=objects and anchor.i == trigger):
            push(span, f"locative phrase {phrase} {why}")
    for span, rule in sorted(located_spans(tree, names, origin=False),
                             key=lambda o: abs(o[0][0] - trigger)):
        push(span, rule)
    folded = {name_key(x) for x in exclude}
    # "Washington said": a place that is itself one of the event's actors is not its place.
    return [m for m in out if "acts on" in m.rule or "passive" in m.rule
            or name_key(m.text) not in folded]


_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})


def located_spans(tree: Tree, names: Sequence[tuple[int, int]], *, origin: bool = True
             ) -> list[tuple[tuple[int, int], str]]:
    """Places in every locative phrase of a sentence; "from" after a noun only with `origin`
    (away from the trigger, "a teacher from Lagos" and "a withdrawal from Kosovo" say where
    someone comes from, not where the event is; "brought aid from Cucuta" is a path)."""
    out = _fronted(tree)
    for t in tree.tokens:
        if t.dep == "prep" and t.lemma in LOCATIVE_PREPS and (
                origin or t.lemma != "from" or tree.tokens[t.head].pos not in _NOMINAL):
            out += [(span, f"locative phrase '{t.text} "
                           f"{text_of(tree.tokens[span[0]:span[1]])}' elsewhere in the sentence")
                    for pobj in tree.children(t.i, "pobj")
                    for span in _in_phrase(tree, pobj, names)
                    if not (t.lemma == "on" and span[0] <= pobj.i < span[1])]
    return out


# Words that open a sentence's place: "Near Palmyra, one strike destroyed a tank".
_FRONTED = frozenset({"near", "in", "outside", "around"})


def _fronted(tree: Tree) -> list[tuple[tuple[int, int], str]]:
    """The place of a sentence that opens with a locative phrase and a comma, which the small
    model often misreads as a name ("Near Al Shadaddi" tagged PERSON, "Near" as a noun)."""
    tokens = tree.tokens
    if len(tokens) < 4 or tokens[0].text.lower() not in _FRONTED:
        return []
    comma = next((t.i for t in tokens[1:8] if t.text == ","), None)
    if comma is None or comma < 2 or not all(t.text[:1].isupper() or t.text in ("-", "al")
                                             for t in tokens[1:comma]):
        return []
    return [((1, comma), f"fronted locative phrase '{text_of(tokens[:comma])}'")]
