from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Span

from khaldun.bench import corpus
from khaldun.entity_decoder import EntityDecoder
from khaldun.evaluate.gold import read_gold
from khaldun.pipeline import Coder

GOLD = Path(__file__).parent / "gold" / "own.jsonl"

# Entities next to sentence starts, whitespace tokens, one-token docs and an empty one.
EDGES = [
    "Kabul.",
    "Paris",
    "",
    "Officials in  Kano said.\n\nPresident Tinubu of Nigeria flew to Abuja on Monday.",
    "The United Nations Security Council met. United States envoy Linda Smith spoke.",
    "He met Ahmed. Mohammed Ali  bin Salman was there too, with $4 million in 2024.",
]


def _entities(docs: list[Any]) -> list[list[tuple[int, str, str]]]:
    return [[(t.i, t.ent_iob_, t.ent_type_) for t in doc] for doc in docs]


def _without_ner(coder: Coder, texts: list[str]) -> list[Any]:
    return list(coder.parser.nlp.pipe(texts, disable=["ner"]))


def test_entity_decoder_gives_spacys_entities(coder: Coder) -> None:
    decoder = coder.parser.entities
    assert decoder is not None
    stories = [s.text for s in corpus(40)]
    sentences = [s.text for d in coder.parser.nlp.pipe(stories[:10], disable=["ner"])
                 for s in d.sents]
    texts = EDGES + stories + sentences + [s.text for s in read_gold(GOLD).stories]
    want = list(coder.parser.nlp.get_pipe("ner").pipe(_without_ner(coder, texts)))
    got = _without_ner(coder, texts)
    decoder(got)
    assert sum(len(d.ents) for d in got) > 3000
    for text, a, b in zip(texts, _entities(want), _entities(got), strict=True):
        assert a == b, text


def test_entity_decoder_leaves_preset_entities_to_spacy(coder: Coder) -> None:
    decoder = coder.parser.entities
    assert decoder is not None
    text = "Officials in Kano met President Tinubu."
    want, got = _without_ner(coder, [text, text])
    for doc in (want, got):
        doc.set_ents([Span(doc, 2, 3, label="ORG")], default="unmodified")
    coder.parser.nlp.get_pipe("ner")(want)
    decoder([got])
    assert _entities([got]) == _entities([want])
    assert ("Kano", "ORG") in [(e.text, e.label_) for e in got.ents]


def test_entity_decoder_used_by_parse(coder: Coder) -> None:
    text = EDGES[3]
    (sentences,) = coder.parser.parse([(text, 0)], everything=True)
    ref = {t.idx: (t.text, t.ent_iob_, t.ent_type_) for t in coder.parser.nlp(text)}
    got = {t.idx: (t.text, t.ent_iob, t.ent_type) for s in sentences for t in s.tokens}
    assert got and all(ref[i] == v for i, v in got.items())
    assert ("Monday", "B", "DATE") in got.values()


@pytest.mark.parametrize("make", [lambda: spacy.blank("en")])
def test_entity_decoder_needs_a_transition_ner(make: Any) -> None:
    assert EntityDecoder.of(make()) is None


def test_entity_decoder_masks_unseen_classes_as_spacy_does(coder: Coder) -> None:
    ner = coder.parser.nlp.get_pipe("ner")
    texts = [s.text for s in read_gold(GOLD).stories][:60]
    saved = ner.model.attrs["unseen_classes"]
    ner.model.attrs["unseen_classes"] = {2, 20, 56}  # B-PERSON, I-PERSON, U-PERSON
    try:
        decoder = EntityDecoder(ner)
        want = list(ner.pipe(_without_ner(coder, texts)))
        got = _without_ner(coder, texts)
        decoder(got)
    finally:
        ner.model.attrs["unseen_classes"] = saved
    assert _entities(got) == _entities(want)
    assert not any(e.label_ == "PERSON" for d in got for e in d.ents)  # never chosen
