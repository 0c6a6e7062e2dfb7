from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from khaldun.bench import corpus
from khaldun.evaluate.gold import read_gold
from khaldun.nlp import EmbedMemo, Parser, RuleMemo
from khaldun.pipeline import Coder

GOLD = Path(__file__).parent / "gold" / "own.jsonl"

# Sentences where the attribute ruler's context patterns fire: two-token patterns ("there
# were", "gon na", "let 's") and ones that look at the dependency label ("but", "it", "do").
TRICKY = [
    "There were clashes near the border. There is no ceasefire yet.",
    "But the rebels did not withdraw, and it was not clear why. They gave it back.",
    "We're gonna win, y'all, said the candidate. Let's go. C'mon. I ain't leaving.",
    "What did the minister do? He did what he promised. That is all.",
]


def test_rule_memo_gives_what_the_rule_components_give(coder: Coder) -> None:
    parser: Parser = coder.parser
    assert parser.rules is not None
    texts = TRICKY + [s.text for s in corpus(40)] + [s.text for s in read_gold(GOLD).stories]
    full = parser.nlp.pipe(texts)
    bare = list(parser.nlp.pipe(texts, disable=parser.rules.names))
    for doc, want, got in zip(bare, full, parser.rules.tag(bare), strict=True):
        assert got == [(t.pos_, t.lemma_) for t in want], doc.text


@pytest.mark.parametrize("text", TRICKY)
def test_rule_memo_is_used_by_parse(coder: Coder, text: str) -> None:
    (sentences,) = coder.parser.parse([(text, 0)], everything=True)
    ref = coder.parser.nlp(text)
    got = [(t.pos, t.lemma) for s in sentences for t in s.tokens]
    assert got == [(t.pos_, t.lemma_.lower()) for t in ref]


def test_rule_memo_starts_over_when_full(coder: Coder) -> None:
    nlp = coder.parser.nlp
    memo = RuleMemo(nlp)
    memo.LIMIT = 20  # tiny, so the second batch starts over with known keys in its docs
    texts = [s.text for s in read_gold(GOLD).stories][:30]
    docs = list(nlp.pipe(texts, disable=memo.names))
    memo.tag(docs[:10])
    assert len(memo.memo) > memo.LIMIT
    again = list(nlp.pipe(texts, disable=memo.names))
    for tags, want in zip(memo.tag(again), nlp.pipe(texts), strict=True):
        assert tags == [(t.pos_, t.lemma_) for t in want]


def test_nlp_sentences_carry_spacys_token_attributes(coder: Coder) -> None:
    """`_sentences` reads the token attributes as arrays; they are spaCy's own, token by
    token, and a "verb" in a noun's slot without a verb's dependents is a noun."""
    verbal = {"aux", "auxpass", "nsubj", "nsubjpass", "dobj", "ccomp", "xcomp", "mark", "neg",
              "prt", "dative", "agent", "csubj", "expl"}
    texts = TRICKY + [
        "Coalition airstrikes killed civilians, and protests erupts.",  # airstrikes: a noun
        # reports/VBZ in an object's slot, but with a clause of its own: a verb
        "The ministry denies reports troops fire on protesters.",
    ] + [s.text for s in corpus(3)]
    for text in texts:
        (sentences,) = coder.parser.parse([(text, 7)], everything=True)
        doc = coder.parser.nlp(text)
        want = []
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            for t in sent:
                pos = t.pos_
                if pos == "VERB" and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") \
                        and t.tag_ in ("VBZ", "VBP") \
                        and not any(c.dep_ in verbal for c in t.children):
                    pos = "NOUN"
                want.append((t.i - sent.start, t.text, t.lemma_.lower(), pos, t.tag_, t.dep_,
                             t.head.i - sent.start, t.ent_type_, t.ent_iob_, t.idx + 7,
                             t.whitespace_))
        got = [(t.i, t.text, t.lemma, t.pos, t.tag, t.dep, t.head, t.ent_type, t.ent_iob,
                t.idx, t.ws) for s in sentences for t in s.tokens]
        assert got == want, text
        assert [(s.start, s.end) for s in sentences] == [
            (s.start_char + 7, s.end_char + 7) for s in doc.sents if s.text.strip()]


def _tok2vecs(coder: Coder) -> dict[str, Any]:
    nlp = coder.parser.nlp
    return {"tok2vec": nlp.get_pipe("tok2vec").model,
            "ner": nlp.get_pipe("ner").model.get_ref("tok2vec")}


@pytest.mark.parametrize("name", ["tok2vec", "ner"])
def test_embed_memo_gives_the_layers_vectors_to_the_bit(coder: Coder, name: str) -> None:
    """Learnt in one grouping of docs, looked up in another: the same floats as the layer."""
    layer = _tok2vecs(coder)[name]
    memo = EmbedMemo.of(layer)
    assert memo is not None
    texts = TRICKY + ["Paris", "", "  \n"] + [s.text for s in corpus(6)]
    docs = [coder.parser.nlp.make_doc(t) for t in texts]
    memo.predict(docs[3:9])
    for batch in (docs[:5], docs[5:], docs[1:2]):
        for got, want in zip(memo.predict(batch), layer.predict(batch), strict=True):
            assert got.dtype == want.dtype and np.array_equal(got, want)


def test_embed_memo_starts_over_when_full(coder: Coder) -> None:
    layer = _tok2vecs(coder)["tok2vec"]
    memo = EmbedMemo.of(layer)
    assert memo is not None
    memo.LIMIT = 20
    docs = [coder.parser.nlp.make_doc(s.text) for s in corpus(3)]
    memo.predict(docs[:1])
    assert len(memo.index) > memo.LIMIT
    for got, want in zip(memo.predict(docs), layer.predict(docs), strict=True):
        assert np.array_equal(got, want)


def test_embed_memo_needs_an_embedding_of_per_token_layers(coder: Coder) -> None:
    layer = _tok2vecs(coder)["tok2vec"]
    assert EmbedMemo.of(layer.layers[1]) is None  # the window encoder alone
    assert EmbedMemo.of(coder.parser.nlp.get_pipe("tagger").model) is None  # a listener


def test_parse_with_the_embed_memos_gives_what_spacy_gives(coder: Coder) -> None:
    parser = coder.parser
    memos = parser.tok2vec, parser.entities.tok2vec if parser.entities else None
    assert all(isinstance(m, EmbedMemo) for m in memos)
    texts = [(s.text, 0) for s in corpus(40)] + [("", 0), ("Kabul.", 3)]
    got = parser.parse(texts, everything=True)
    try:
        parser.tok2vec = None
        if parser.entities is not None:
            parser.entities.tok2vec = parser.entities.ner.model.get_ref("tok2vec")
        want = parser.parse(texts, everything=True)
    finally:
        parser.tok2vec = memos[0]
        if parser.entities is not None:
            parser.entities.tok2vec = memos[1]
    assert got == want
