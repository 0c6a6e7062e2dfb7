from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.bench import corpus
from khaldun.evaluate.gold import read_gold
from khaldun.nlp import Parser, RuleMemo
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
