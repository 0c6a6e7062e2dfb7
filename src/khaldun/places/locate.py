"""Which place is the event's, and where that place is.

`resolve_toponym` turns a place name into the most likely gazetteer entry. Candidates are the
places whose name or alternate name folds to the same key; the highest score wins, where the
score adds
- log10 of the population (a division of unknown population counts as 100,000 people),
- a feature bonus: country 4.5, capital 4, continent 3, admin1 2, region 1.5, admin2 0.5,
- 2 when the name is the place's own name rather than one of its alternates,
- 3 when the place is in a country of the story's context (other places, demonyms, actors),
  and 1 more for the story's most frequent country,
- 5 for the kind the text names ("Kandahar province" -> the division, "Najaf city" -> the city).
So countries and capitals beat small homonyms, and "Georgia" is the US state in a story about
the United States and the country otherwise. A city named like the division around it is
preferred to the division unless the text says "province" ("Najaf", "New York"). Compass words
("northern Iraq", "eastern Baghdad", "north of Baghdad", "the outskirts of Mosul") resolve to
the named place, and the reason says which part. Demonyms ("Iraqi") are not places.

`locate_event` picks the event's place from the parse: a GPE, LOC or FAC entity in a locative
prepositional phrase (in, near, outside, at, through, across, into, from, ...) attached to the
trigger or to its arguments, after, for events of force, the place the trigger acts on
("shelled the town of Bakwa"); else one in another locative phrase of the sentence (the
sentence's place); else the story's dateline or first place; else none. A place named only as
an actor or recipient ("Washington said", "U.S. troops") is never the event's place, since it
stands in no locative phrase. Names the small English model tags PERSON or ORG, or not at all,
count when the position says "place" and the gazetteer knows them. Every answer carries its
reason. (Taking any other place named in the sentence was tried and lowered agreement on the
event_location gold set, so it is not a rule.)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from khaldun.actors.resolve import vocabulary
from khaldun.events.parse_tree import Tree, text_of
from khaldun.places.gazetteer import Candidate, Gazetteer, name_key
from khaldun.records import Event, Place, Sentence, Token

_FEATURE_BONUS = {"country": 4.5, "capital": 4.0, "continent": 3.0, "admin1": 2.0,
                  "region": 1.5, "admin2": 0.5, "city": 0.0, "point": 0.0}
_RESOLUTION = {"country": "country", "admin1": "admin1", "region": "admin1", "admin2": "city",
               "capital": "city", "city": "city", "point": "point", "continent": "continent"}
_UNKNOWN_DIVISION_PEOPLE = 100_000
_COMPASS = {
    "north": "north", "northern": "north", "south": "south", "southern": "south",
    "east": "east", "eastern": "east", "west": "west", "western": "west",
    "central": "centre", "centre": "centre", "center": "centre", "northeast": "north-east",
    "northeastern": "north-east", "northwest": "north-west", "northwestern": "north-west",
    "southeast": "south-east", "southeastern": "south-east", "southwest": "south-west",
    "southwestern": "south-west", "upper": "upper part", "lower": "lower part",
    "greater": "greater area", "outskirts": "outskirts", "suburbs": "suburbs",
    "downtown": "centre", "heart": "centre", "border": "border", "coast": "coast",
}
# Words after a name that say what kind of place it is.
_KINDS = {"province": "admin1", "governorate": "admin1", "state": "admin1", "region": "admin1",
          "oblast": "admin1", "prefecture": "admin1", "county": "admin2", "district": "admin2",
          "city": "city", "town": "city", "village": "city", "area": None}
_KIND_FEATURES = {"admin1": frozenset({"admin1", "region"}),
                  "admin2": frozenset({"admin2", "admin1", "city"}),
                  "city": frozenset({"city", "capital"})}
LOCATIVE_PREPS = frozenset({"in", "near", "outside", "at", "through", "across", "into", "from",
                            "inside", "around", "throughout", "within", "along", "off",
                            "over", "on"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Nouns that name a kind of place, so the names around them are places ("the town of Bakwa",
# "the Aziziyah district", "Grozny's streets").
PLACE_NOUNS = frozenset({
    "city", "town", "village", "hamlet", "district", "province", "governorate", "region",
    "area", "neighbourhood", "neighborhood", "suburb", "outskirts", "capital", "countryside",
    "county", "state", "border", "coast", "island", "port", "camp", "street", "road",
    "square", "market", "settlement", "quarter", "zone", "valley", "highway", "bridge",
    "headquarters", "base", "airport", "compound", "checkpoint", "crossing", "slum",
    "stronghold", "enclave", "territory", "municipality", "prefecture", "heights",
    "peninsula", "sea", "gulf", "river", "mountains", "hills", "streets", "roads",
    "villages", "towns", "cities", "settlements", "areas", "districts", "provinces"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
_ARGUMENT_DEPS = ("nsubj", "nsubjpass", "dobj", "attr", "agent")
# Event types whose object can be where they happen ("shelled Aleppo", "captured Kabul"),
# unlike speech ("accused Washington").
FORCE_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "RETREAT", "AID"})


# --- toponyms ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name split into the name proper, a compass part and a kind word."""

    name: str
    part: str | None  # "north", "outskirts", ...
    kind: str | None  # "admin1", "city", ... from a trailing "province", "city"


def parse_toponym(text: str) -> Toponym:
    """"northern Iraq" -> Iraq, north; "the outskirts of Baghdad" -> Baghdad, outskirts;
    "Kandahar province" -> Kandahar, admin1; "Sadr City" stays whole (the kind is tried off
    only when the whole name is unknown, by `resolve_toponym`)."""
    words = name_key(text).split()
    part = None
    while len(words) > 1 and words[0] in _COMPASS:
        part = part or _COMPASS[words[0]]
        words = words[1:]
        if len(words) > 1 and words[0] == "of":
            words = words[1:]
            if words and words[0] == "the":
                words = words[1:]
    kind = None
    if len(words) > 1 and words[-1] in _KINDS:
        kind = words[-1]
    return Toponym(" ".join(words), part, kind)


def _base_score(c: Candidate, key: str, kind: str | None) -> float:
    """Everything but the story's context: people, feature, own name, kind word."""
    people = c.population or (_UNKNOWN_DIVISION_PEOPLE if c.feature in ("admin1", "region")
                              else 0)
    score = math.log10(people + 10) + _FEATURE_BONUS.get(c.feature, 0.0)
    if _own_key(c.name) == key:
        score += 2.0
    if kind and c.feature in _KIND_FEATURES.get(kind, ()):
        score += 5.0
    return score


def _context_bonus(c: Candidate, context: Mapping[str, int], top: str | None) -> float:
    if c.country and context.get(c.country):
        return 3.0 + (1.0 if c.country == top else 0.0)
    return 0.0


@lru_cache(maxsize=65536)
def _own_key(name: str) -> str:
    return _bare(name_key(name))


def _bare(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if rest and first in ("al", "el", "an", "ar", "as", "ash", "ad", "az") else key


def _context(countries: Counter[str] | set[str] | Mapping[str, int]) -> tuple[
        Mapping[str, int], str | None]:
    if isinstance(countries, Mapping):
        counts = {k: int(v) for k, v in countries.items() if v}
    else:
        counts = dict.fromkeys(countries, 1)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    top = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    return counts, top


def _describe(c: Candidate) -> str:
    where = f", {c.admin1}" if c.admin1 and c.feature not in ("admin1", "country") else ""
    return f"{c.feature} {c.name}{where} ({c.country or 'no country'})"


def resolve_toponym(name: str, *, context_countries: Counter[str] | set[str],
                    gazetteer: Gazetteer, demonyms: bool = False
                    ) -> tuple[Candidate | None, str]:
    """The place a name most likely stands for in a story about `context_countries` (ISO
    alpha-3 codes, with counts when a Counter), and why; None when it is unknown or a demonym
    (with `demonyms`, as when scoring toponym annotations that count "Syrian" as a toponym, a
    demonym stands for its country)."""
    key = name_key(name)
    if not key:
        return None, f"'{name}' has no letters"
    demonym = vocabulary().demonyms.get(key)
    if demonym is not None:
        country = gazetteer.country(demonym.iso3) if demonyms else None
        if country is None:
            return None, f"'{name}' is a demonym of {demonym.name}, not a place"
        return country, f"'{name}' is a demonym of {demonym.name}, read as the country"
    found = gazetteer.lookup(name)
    toponym = Toponym(key, None, None) if found else parse_toponym(name)
    kind = _KINDS.get(toponym.kind) if toponym.kind else None
    if not found:
        found = gazetteer.lookup(toponym.name)
        if toponym.kind and (not found or kind == "admin1"):
            found = gazetteer.lookup(toponym.name.rsplit(" ", 1)[0]) or found
        else:
            kind = None
    letters = name.replace(".", "").replace(" ", "")
    if found and letters.isalpha() and letters.isupper() and len(letters) <= 4:
        # "EU", "SA": an abbreviation names no town that merely shares its letters ("Eu")
        found = tuple(c for c in found if c.feature not in ("city", "point")
                      or c.name.isupper())
        if not found:
            return None, f"'{name}' is an abbreviation the gazetteer does not know"
    if not found:
        return None, f"'{name}' is not in the gazetteer"
    counts, top = _context(context_countries)
    key = _bare(toponym.name)
    base = [_base_score(c, key, kind) for c in found]
    total = [b + _context_bonus(c, counts, top) for b, c in zip(base, found, strict=True)]
    best = found[min(range(len(found)), key=lambda i: (-total[i], -found[i].population))]
    why = [f"{len(found)} candidate{'s' if len(found) != 1 else ''}"]
    if len(found) > 1:
        plain = found[min(range(len(found)), key=lambda i: (-base[i], -found[i].population))]
        if plain != best:
            why.append(f"story context {best.country} over {_describe(plain)}")
        elif best.feature in ("country", "capital", "admin1", "continent"):
            why.append(f"{_article(best.feature)} {best.feature} outranks its homonyms")
        else:
            why.append("largest population")
    if kind and best.feature in _KIND_FEATURES.get(kind, ()):
        why.append(f"'{toponym.kind}' names {_article(kind)} {kind}")
    city = _eponymous_city(best, found, kind)
    if city is not None:
        why.append(f"the city {city.name} rather than the division named after it")
        best = city
    if toponym.part:
        why.append(f"{toponym.part} of {best.name}, placed at {best.name}")
    if best.point != "geonames":
        why.append("point derived from its populated places" if best.point == "derived"
                   else "division without coordinates: placed at its country")
    return best, f"'{name}' -> {_describe(best)}: " + "; ".join(why)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _eponymous_city(best: Candidate, found: Sequence[Candidate],
                    kind: str | None) -> Candidate | None:
    """The large city inside a division of the same name ("Najaf", "New York"), unless the
    text asked for the division."""
    if best.feature != "admin1" or kind == "admin1":
        return None
    cities = [c for c in found if c.feature in ("city", "capital") and c.country == best.country
              and c.admin1 == best.admin1
              and (c.population >= 100_000 or 10 * c.population >= best.population)]
    return max(cities, key=lambda c: c.population) if cities else None


def to_place(candidate: Candidate, text: str) -> Place:
    resolution = _RESOLUTION.get(candidate.feature, "point")
    if candidate.point == "country":
        resolution = "country"
    return Place(text=text, name=candidate.name, geonameid=candidate.geonameid,
                 lat=candidate.lat, lon=candidate.lon, admin1=candidate.admin1,
                 country_code=candidate.country, resolution=resolution)


# --- places in a parsed sentence ---------------------------------------------------------

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
                    if c.text.lower() in _COMPASS and c.i < span[0]), None)
    if compass is None and head.dep == "pobj":  # "the north of Iraq", "outskirts of Baghdad"
        of = tree.tokens[head.head]
        noun = tree.tokens[of.head] if of.lemma == "of" else None
        if noun is not None and noun.text.lower() in _COMPASS:
            compass = noun
    if compass is not None and compass.head == head.i:
        text = f"{compass.text.lower()} {text}"
    elif compass is not None:
        text = f"{compass.text.lower()} of {text}"
    return PlaceMention(tokens, text, rule)


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
              origin: bool = True) -> list[tuple[tuple[int, int], str]]:
    """Places in the locative phrases of a token; "from" only when `origin` (the trigger:
    "fired from Gaza", not "troops from Basra")."""
    out: list[tuple[tuple[int, int], str]] = []
    for prep in tree.children(anchor.i, "prep"):
        if prep.lemma not in LOCATIVE_PREPS or (prep.lemma == "from" and not origin):
            continue
        for pobj in tree.children(prep.i, "pobj"):
            for span in _in_phrase(tree, pobj, spans):
                if prep.lemma == "on" and span[0] <= pobj.i < span[1]:
                    continue  # "agreed on Iraq": only "on the outskirts of X" is a place
                out.append((span, f"'{prep.text} {text_of(tree.tokens[span[0]:span[1]])}'"))
    for adv in tree.children(anchor.i, "advmod", "npadvmod"):  # "50 km north of Baghdad"
        if adv.text.lower() in _COMPASS:
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
    for anchor, why in _anchors(tree, tokens[trigger]):
        for span, phrase in _locative(tree, anchor, names, origin=anchor.i == trigger):
            push(span, f"locative phrase {phrase} {why}")
    for span, rule in sorted(_located(tree, names), key=lambda o: abs(o[0][0] - trigger)):
        push(span, rule)
    folded = {name_key(x) for x in exclude}
    # "Washington said": a place that is itself one of the event's actors is not its place.
    return [m for m in out if "acts on" in m.rule or name_key(m.text) not in folded]


def _located(tree: Tree, names: Sequence[tuple[int, int]]
             ) -> list[tuple[tuple[int, int], str]]:
    """Places in every locative phrase of a sentence."""
    out = []
    for t in tree.tokens:
        if t.dep == "prep" and t.lemma in LOCATIVE_PREPS:
            out += [(span, f"locative phrase '{t.text} "
                           f"{text_of(tree.tokens[span[0]:span[1]])}' elsewhere in the sentence")
                    for pobj in tree.children(t.i, "pobj")
                    for span in _in_phrase(tree, pobj, names)
                    if not (t.lemma == "on" and span[0] <= pobj.i < span[1])]
    return out


def _trigger_index(event: Event, sentence: Sentence) -> int | None:
    words = event.trigger.split()
    if not words:
        return None
    return next((t.i for t in sentence.tokens if t.text == words[0]), None)


def locate_event(event: Event, sentence: Sentence, story_places: Sequence[Place],
                 gazetteer: Gazetteer, *, context: Counter[str] | set[str] | None = None,
                 trigger: int | None = None) -> tuple[Place | None, str]:
    """The event's place and why (see the module docstring for the order of the rules)."""
    if context is None:
        context = Counter(p.country_code for p in story_places if p.country_code)
    index = trigger if trigger is not None else _trigger_index(event, sentence)
    skipped: list[str] = []
    if index is not None and sentence.tokens:
        exclude = [r.text for r in (*event.actor, *event.recipient)]
        objects = not event.event or event.event in FORCE_TYPES
        for mention in place_mentions(sentence, index, exclude=exclude, objects=objects):
            candidate, why = resolve_toponym(mention.text, context_countries=context,
                                             gazetteer=gazetteer)
            if candidate is None:
                skipped.append(why)
                continue
            if candidate.feature == "continent":
                skipped.append(f"'{mention.text}' is a continent, too coarse for an event")
                continue
            return to_place(candidate, mention.text), f"{mention.rule}; {why}"
    note = f" ({'; '.join(skipped)})" if skipped else ""
    if story_places:
        first = story_places[0]
        kind = "dateline" if first.text.isupper() else "first place named in the story"
        return first, f"no place tied to the event in its sentence{note}; the story's " \
                      f"{kind} '{first.text}'"
    if index is None:
        return None, f"trigger '{event.trigger}' not found in the sentence and the story " \
                     f"names no place{note}"
    return None, f"no place in the sentence or the story{note}"


# --- story context -----------------------------------------------------------------------

def story_context(sentences: Sequence[Sentence], events: Sequence[Event],
                  gazetteer: Gazetteer) -> Counter[str]:
    """The countries a story is about: of its toponyms (each resolved alone), its demonyms
    ("Iraqi") and its events' actors and recipients; with counts."""
    counts: Counter[str] = Counter()
    demonyms = vocabulary().demonyms
    for sentence in sentences:
        for start, end in entity_spans(sentence.tokens):
            candidate, _ = resolve_toponym(text_of(sentence.tokens[start:end]),
                                           context_countries=set(), gazetteer=gazetteer)
            if candidate is not None and candidate.country:
                counts[candidate.country] += 1
        for t in sentence.tokens:
            if t.ent_type == "NORP":
                country = demonyms.get(name_key(t.text))
                if country is not None:
                    counts[country.iso3] += 1
    for event in events:
        for ref in (*event.actor, *event.recipient):
            if ref.country and len(ref.country) == 3 and ref.country.isupper():
                counts[ref.country] += 1
    return counts


def story_places(sentences: Sequence[Sentence], gazetteer: Gazetteer,
                 context: Counter[str] | set[str]) -> list[Place]:
    """The story's places in order, resolved with its context: a dateline ("BAGHDAD, April
    6 -") first when there is one, then places in locative phrases ("in Basra"); places that
    only name an actor ("Washington said") are not the story's places."""
    out: list[Place] = []
    for number, sentence in enumerate(sentences):
        tokens = sentence.tokens
        if not tokens:
            continue
        tree = Tree(tokens)
        spans = [s for s, _ in _located(tree, entity_spans(tokens))]
        first = entity_spans(tokens)[:1]
        if number == 0 and first and first[0][0] == 0 and text_of(
                tokens[first[0][0]:first[0][1]]).isupper():
            spans.insert(0, first[0])  # dateline
        for start, end in dict.fromkeys(spans):
            text = text_of(tokens[start:end])
            candidate, _ = resolve_toponym(text, context_countries=context, gazetteer=gazetteer)
            if candidate is not None and candidate.feature != "continent":
                out.append(to_place(candidate, text))
    return out
