"""Actor identity on re3d: do two names the annotators call synonyms resolve to one actor?

re3d (Dstl's Relationship and Entity Extraction Evaluation Dataset; the permissively licensed
subsets in ../shared/data/re3d, read in place and never copied) marks `IsSynonymOf` between two
mentions of one thing in a document: "Syrian Democratic Forces" / "SDF", "ISIL" / "Daesh",
"Mr Ellwood" / "Minister for Central Asia", "Bashar al-Assad" / "the President of Syria".

`score_re3d` keeps the relations whose two mentions are both person or organisation entities
(an entity span typed Person or Organisation) and whose label confidence reaches
`min_confidence` (re3d's IBCC score; a few relations were voted down to 0), counts each
unordered pair of spans once (re3d lists most in both directions), and resolves both mentions
the way the coder resolves an event's actors: the whole document is parsed as one story, each
annotated span becomes a Mention (its tokens, with the token whose syntactic head lies outside
the span as head), the Resolver identifies it, and in-story coreference
(`khaldun.actors.coref.resolve_in_story`, with every person named in full in the document)
rewrites surnames, titles and pronouns, with the mention's own sentence as its place.

A pair is resolved to one actor when both mentions get the same actor id and that id names an
actor rather than a class: dictionary actors, states and discovered names count; generic agent
classes ("irq-gov" for "the Iraqi Foreign Minister") do not, and are counted on their own.
`both_known` counts the pairs whose two mentions are both actors of the actor dictionary.
This is a measurement, not a pass/fail target: many re3d synonyms are a name and a job
description, which name resolution alone cannot join.

    python -m khaldun.evaluate.re3d [DIR]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khaldun.actors.coref import people, resolve_in_story
from khaldun.actors.resolve import Resolver
from khaldun.nlp import Parser
from khaldun.records import ActorRef, Mention, Sentence, Token

RE3D = Path("../shared/data/re3d")
ACTOR_TYPES = frozenset({"Person", "Organisation"})
SYNONYM = "IsSynonymOf"


@dataclass(frozen=True, slots=True)
class Resolved:
    """One side of a pair: the annotated text and what it resolved to."""

    text: str
    actor_id: str | None
    kind: str | None
    known: bool  # an actor of the actor dictionary
    reason: str


@dataclass(frozen=True, slots=True)
class SynonymPair:
    subset: str
    document: str
    a: Resolved
    b: Resolved

    @property
    def same_actor(self) -> bool:
        return (self.a.actor_id is not None and self.a.actor_id == self.b.actor_id
                and self.a.kind != "generic")

    @property
    def same_class(self) -> bool:
        """One generic agent class for both ("xxx-gov"): not an identity."""
        return (self.a.actor_id is not None and self.a.actor_id == self.b.actor_id
                and self.a.kind == "generic")

    @property
    def both_known(self) -> bool:
        return self.a.known and self.b.known

    def line(self) -> str:
        mark = "=" if self.same_actor else "≠"
        return (f"{mark} {self.a.text!r} -> {self.a.actor_id} | {self.b.text!r} -> "
                f"{self.b.actor_id}  [{self.subset}]")


@dataclass(frozen=True, slots=True)
class Re3dScore:
    documents: int
    relations: int  # IsSynonymOf relations read, both directions, every entity type
    low_confidence: int  # person/organisation pairs left out under min_confidence
    pairs: int  # distinct person/organisation pairs scored
    same_actor: int
    same_class: int
    both_known: int
    both_known_same: int
    min_confidence: float
    by_subset: dict[str, tuple[int, int]] = field(default_factory=dict)  # (same, pairs)
    details: tuple[SynonymPair, ...] = ()

    @property
    def same_actor_share(self) -> float:
        return self.same_actor / self.pairs if self.pairs else 0.0

    @property
    def both_known_share(self) -> float:
        return self.both_known / self.pairs if self.pairs else 0.0

    def summary(self) -> dict[str, float]:
        return {"pairs": self.pairs, "same_actor": self.same_actor,
                "same_actor_share": round(self.same_actor_share, 4),
                "both_known": self.both_known,
                "both_known_share": round(self.both_known_share, 4),
                "both_known_same": self.both_known_same, "same_class": self.same_class}


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True, slots=True)
class _Pair:
    subset: str
    document: str
    spans: tuple[tuple[int, int], tuple[int, int]]
    confidence: float


def read_pairs(path: Path = RE3D) -> tuple[dict[str, str], list[_Pair], int]:
    """(document id -> text, person/organisation synonym pairs, IsSynonymOf relations read).
    Each unordered pair of spans appears once, with the higher of its two confidences."""
    texts: dict[str, str] = {}
    pairs: dict[tuple[str, frozenset[tuple[int, int]]], _Pair] = {}
    relations = 0
    for folder in sorted(p for p in path.iterdir() if (p / "relations.json").is_file()):
        for doc in _lines(folder / "documents.json"):
            texts[doc["_id"]] = doc["text"]
        types: dict[tuple[str, int, int], set[str]] = defaultdict(set)
        for ent in _lines(folder / "entities.json"):
            types[(ent["documentId"], ent["begin"], ent["end"])].add(ent["type"])
        for rel in _lines(folder / "relations.json"):
            if rel["type"] != SYNONYM:
                continue
            relations += 1
            doc_id = rel["documentId"]
            spans = ((rel["sourceBegin"], rel["sourceEnd"]), (rel["targetBegin"], rel["targetEnd"]))
            if not all(types.get((doc_id, *s), set()) & ACTOR_TYPES for s in spans) \
                    or spans[0] == spans[1]:
                continue
            key = (doc_id, frozenset(spans))
            confidence = float(rel.get("confidence", 1.0))
            old = pairs.get(key)
            if old is None or confidence > old.confidence:
                pairs[key] = _Pair(folder.name, doc_id, old.spans if old else spans, confidence)
    return texts, list(pairs.values()), relations


def _head(tokens: tuple[Token, ...]) -> Token:
    """The token whose syntactic head lies outside the span (the noun phrase's head)."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head not in inside or t.head == t.i]
    nouns = [t for t in heads if t.pos in ("PROPN", "NOUN")]
    return (nouns or heads or list(tokens))[0]


def _resolve(span: tuple[int, int], text: str, sentences: list[Sentence],
             resolver: Resolver) -> Resolved:
    begin, end = span
    words = text[begin:end]
    for s in sentences:
        tokens = tuple(t for t in s.tokens if begin <= t.idx < end)
        if tokens:
            break
    else:
        return Resolved(words, None, None, False, "no tokens in the span")
    ref: ActorRef = resolver(Mention(words, _head(tokens), tokens, "re3d"))
    ref = resolve_in_story(ref, s.index, people(sentences), resolver.dictionary)
    known = ref.actor_id is not None and ref.actor_id in resolver.dictionary.actors
    return Resolved(words, ref.actor_id, ref.kind, known, ref.reason)


def score_re3d(parser: Parser, resolver: Resolver, path: Path = RE3D, *,
               min_confidence: float = 0.5) -> Re3dScore | None:
    """Share of re3d IsSynonymOf person/organisation pairs whose two mentions resolve to one
    actor (None when the data is absent)."""
    if not path.is_dir():
        return None
    texts, pairs, relations = read_pairs(path)
    kept = [p for p in pairs if p.confidence >= min_confidence]
    documents = sorted({p.document for p in kept})
    parsed = parser.parse([(texts[d], 0) for d in documents], everything=True)
    stories = {
        d: [Sentence(d, n, texts[d][p.start:p.end], p.start, p.end, "text", p.tokens)
            for n, p in enumerate(sentences)]
        for d, sentences in zip(documents, parsed, strict=True)}
    details = []
    for p in sorted(kept, key=lambda p: (p.subset, p.document, min(p.spans))):
        first, second = sorted(p.spans)
        text, sentences = texts[p.document], stories[p.document]
        details.append(SynonymPair(p.subset, p.document,
                                   _resolve(first, text, sentences, resolver),
                                   _resolve(second, text, sentences, resolver)))
    by_subset: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d in details:
        by_subset[d.subset][0] += d.same_actor
        by_subset[d.subset][1] += 1
    return Re3dScore(
        documents=len(documents), relations=relations,
        low_confidence=len(pairs) - len(kept), pairs=len(details),
        same_actor=sum(d.same_actor for d in details),
        same_class=sum(d.same_class for d in details),
        both_known=sum(d.both_known for d in details),
        both_known_same=sum(d.both_known and d.same_actor for d in details),
        min_confidence=min_confidence,
        by_subset={k: (v[0], v[1]) for k, v in sorted(by_subset.items())},
        details=tuple(details))


def main(argv: list[str] | None = None) -> int:
    from khaldun.actors.dictionary import default_dictionary
    from khaldun.actors.resolve import vocabulary
    from khaldun.settings import Settings

    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else RE3D
    if not path.is_dir():
        print(f"no re3d data at {path}", file=sys.stderr)
        return 1
    parser = Parser.load(Settings().model)
    result = score_re3d(parser, Resolver(vocabulary(), default_dictionary()), path)
    assert result is not None
    for pair in result.details:
        print(pair.line())
    print(json.dumps({**result.summary(), "documents": result.documents,
                      "relations": result.relations, "low_confidence": result.low_confidence,
                      "by_subset": result.by_subset}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
