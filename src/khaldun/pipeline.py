"""The pipeline: clean, parse, find events, date them — batch by batch, one way.

A story that any stage cannot handle becomes a `Rejection` with the stage and reason; the rest
of its batch goes on.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from khaldun import CODER
from khaldun.actors.context import story_home, with_story_country
from khaldun.actors.coref import corefer, unread
from khaldun.actors.dictionary import Dictionary, load_dictionary, user_dictionaries, with_roles
from khaldun.actors.implicit import authorities, implicit_doers
from khaldun.actors.resolve import Resolver, vocabulary
from khaldun.dates import date_event
from khaldun.errors import WorkerError
from khaldun.events.arguments import Resolve
from khaldun.events.casualties import with_casualties
from khaldun.events.extract import extract_events
from khaldun.events.lexicon import Lexicon, default_lexicon, trigger_filter
from khaldun.events.ontology import Ontology, ontology
from khaldun.events.ranker import Model, load_model
from khaldun.ingest.clean import clean
from khaldun.nlp import ParsedSentence, Parser
from khaldun.places.gazetteer import Gazetteer
from khaldun.places.locate import locate_event, story_context, story_places
from khaldun.records import CleanStory, CodedStory, Event, Rejection, Sentence, Story, Token
from khaldun.settings import Settings
from khaldun.store.db import Counts, Store

Result = CodedStory | Rejection
T = TypeVar("T")
# Words that make a sentence worth parsing besides the triggers ("said Libya must hand over").
_OBLIGATION_WORDS = frozenset({"must", "should"})


@dataclass(frozen=True)
class Coder:
    """Everything coding needs, passed in: the parser (spaCy), vocabularies and settings."""

    parser: Parser
    lexicon: Lexicon
    onto: Ontology
    resolve: Resolve
    settings: Settings
    dictionary: Dictionary
    gazetteer: Gazetteer | None = None  # None: events get no location (with the reason)
    ranker: Model | None = None  # None: the parse rules alone choose the parties

    @classmethod
    def load(cls, settings: Settings) -> Coder:
        lexicon = default_lexicon()
        prefilter = trigger_filter(lexicon, always=_OBLIGATION_WORDS) if settings.fast_path \
            else None
        parser = Parser.load(settings.model, batch_size=settings.batch_size,
                             prefilter=prefilter)
        dictionary = load_dictionary(user_dictionaries(settings))
        gazetteer = Gazetteer.load(Path(settings.gazetteer_dir).expanduser())
        return cls(parser, lexicon, ontology(), Resolver(vocabulary(), dictionary),
                   settings, dictionary, gazetteer,
                   load_model() if settings.ranker else None)

    @property
    def coder_name(self) -> str:
        return CODER

    def code_batch(self, items: Iterable[Story | Rejection]) -> list[Result]:
        """Code one batch; results keep the input order."""
        results: list[Result | CleanStory] = []
        for item in items:
            results.append(item if isinstance(item, Rejection)
                           else clean(item, max_chars=self.settings.max_story_chars))
        cleaned = [r for r in results if isinstance(r, CleanStory)]
        parsed = self._parse(cleaned)
        found: list[Result | Found] = []
        for r in results:
            if not isinstance(r, CleanStory):
                found.append(r)
                continue
            parses = parsed.get(r.story.id)
            found.append(parses if isinstance(parses, Rejection)
                         else self._guard(r.story, self._find, r, parses or {}))
        self._read([f for f in found if isinstance(f, Found)])
        return [self._guard(f.story, self._finish, f) if isinstance(f, Found) else f
                for f in found]

    @staticmethod
    def _guard(story: Story, step: Callable[..., T], *args: Any) -> T | Rejection:
        """One story's failure is its own rejection, never the batch's."""
        try:
            return step(*args)
        except Exception as exc:
            return Rejection(story.id, "events", f"internal error: {exc!r}", story.origin)

    def _parse(self, stories: list[CleanStory]
               ) -> dict[str, dict[int, list[ParsedSentence]] | Rejection]:
        """Parse every text block of the batch in one nlp.pipe call (per story on failure)."""
        jobs = [(s.story.id, b.start, s.text[b.start:b.end])
                for s in stories for b in s.blocks if b.kind == "text"]
        leads = [n == 0 or jobs[n - 1][0] != story_id for n, (story_id, _, _) in enumerate(jobs)]
        try:
            parses = self.parser.parse([(text, start) for _, start, text in jobs], leads=leads)
        except Exception:
            if len(stories) == 1:
                story = stories[0].story
                return {story.id: Rejection(story.id, "nlp", "spaCy failed on this story",
                                            story.origin)}
            merged: dict[str, dict[int, list[ParsedSentence]] | Rejection] = {}
            for s in stories:
                merged.update(self._parse([s]))
            return merged
        out: dict[str, dict[int, list[ParsedSentence]] | Rejection] = {}
        for (story_id, start, _), sents in zip(jobs, parses, strict=True):
            blocks = out.setdefault(story_id, {})
            assert isinstance(blocks, dict)
            blocks[start] = sents
        return out

    def _find(self, cs: CleanStory, parses: dict[int, list[ParsedSentence]]) -> Found:
        """A story's sentences and the events in them, before coreference."""
        story = replace(cs.story, text=cs.text)
        sentences: list[Sentence] = []
        for block in cs.blocks:
            if block.kind != "text":
                sentences.append(Sentence(story.id, len(sentences), cs.text[block.start:block.end],
                                          block.start, block.end, block.kind,
                                          source=block.source, reason=block.reason))
                continue
            for p in parses.get(block.start, []):
                text = cs.text[p.start:p.end]
                question = text.rstrip("\"'”’) ").endswith("?")
                reason = "a question" if question else block.reason
                if not p.tokens and not question:
                    reason = "no trigger word: not parsed (fast path)"
                sentences.append(Sentence(
                    story.id, len(sentences), text, p.start, p.end,
                    "question" if question else "text", p.tokens, block.source, reason))
        events: list[Event] = []
        for sentence in sentences:
            for event in extract_events(sentence, story, lexicon=self.lexicon, onto=self.onto,
                                        resolve=self.resolve, ranker=self.ranker):
                events.append(with_casualties(date_event(event, story, sentence), sentence))
        return Found(story, sentences, events)

    def _read(self, found: list[Found]) -> None:
        """Parse after all, in one call for the batch, the fast path's unparsed sentences
        that coreference needs (`unread`), each as one sentence whatever the parser's split."""
        wanted = [(f, f.sentences[i]) for f in found for i in unread(f.events, f.sentences)]
        if not wanted:
            return
        try:
            parsed = self.parser.parse([(s.text, s.char_start) for _, s in wanted],
                                       everything=True)
        except Exception:
            return  # coreference then sees less; the stories themselves are coded
        for (f, sentence), parts in zip(wanted, parsed, strict=True):
            tokens: list[Token] = []
            for part in parts:
                shift = len(tokens)
                tokens.extend(replace(t, i=t.i + shift, head=t.head + shift)
                              for t in part.tokens)
            f.sentences[sentence.index] = replace(
                sentence, tokens=tuple(tokens),
                reason="parsed to resolve a name or pronoun (fast path)")

    def _finish(self, found: Found) -> CodedStory:
        """Coreference, dated roles, places and the countries of unnamed actors that the
        places give, once the story's sentences are all read."""
        sentences, events = found.sentences, found.events
        events = _dedupe(authorities(implicit_doers(corefer(events, sentences,
                                                            self.dictionary)), sentences))
        events = [with_roles(e, self.dictionary) for e in events]
        if self.gazetteer is not None:
            events = _dedupe(self._locate(events, sentences))
        return CodedStory(found.story, tuple(sentences), tuple(events))

    def _locate(self, events: list[Event], sentences: list[Sentence]) -> list[Event]:
        """Each event's place (the one tied to it in the parse, else the story's), and the
        countries of its unnamed parties that the place or the story gives."""
        assert self.gazetteer is not None
        context = story_context(sentences, events, self.gazetteer)
        places = story_places(sentences, self.gazetteer, context)
        by_index = {s.index: s for s in sentences}
        out = []
        for e in events:
            place, why = locate_event(e, by_index[e.sentence], places, self.gazetteer,
                                      context=context)
            out.append(with_story_country(
                replace(e, location=place, reasons={**e.reasons, "location": why}),
                story_home(places, context, e)))
        return out


@dataclass(slots=True)
class Found:
    """A story between finding its events and resolving who they name."""

    story: Story
    sentences: list[Sentence]
    events: list[Event]


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per id: coreference can make two mentions of one person one event."""
    seen: dict[str, Event] = {}
    for e in events:
        seen.setdefault(e.id, e)
    return list(seen.values())


def unique_ids(items: Iterable[Story | Rejection]) -> Iterator[Story | Rejection]:
    """The first story of each id in this input; a later one with the same id becomes a
    rejection that says so (and whether its text differs), so nothing is lost silently and
    nothing is coded twice."""
    seen: dict[str, tuple[bytes, str]] = {}  # id -> (content digest, where it came from)
    for item in items:
        if isinstance(item, Rejection):
            yield item
            continue
        digest = bytes.fromhex(item.content_hash[:16])
        first = seen.get(item.id)
        if first is None:
            seen[item.id] = (digest, item.origin)
            yield item
        elif first[0] == digest:
            yield Rejection(item.id, "ingest", f"duplicate id in this input: the same story "
                            f"again (first at {first[1]}); skipped", item.origin)
        else:
            yield Rejection(item.id, "ingest", f"duplicate id in this input with different "
                            f"text; the first (at {first[1]}) is kept; give each story its "
                            f"own id", item.origin)


def batched(items: Iterable[Story | Rejection], size: int) -> Iterator[list[Story | Rejection]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def code_stream(items: Iterable[Story | Rejection], coder: Coder) -> Iterator[list[Result]]:
    """Code stories batch by batch; each yielded list is one batch (one store transaction).
    With `n_process` above 1, worker processes code the batches and they come back in input
    order, at most two per worker in flight so memory stays flat."""
    workers = coder.settings.n_process
    batches = batched(items, coder.settings.batch_size)
    if workers <= 1:
        for batch in batches:
            yield coder.code_batch(batch)
        return
    global _WORKER_CODER
    _WORKER_CODER = coder  # forked workers inherit it (no second model load); batches and
    # results travel pickled
    pending: deque[Future[list[Result]]] = deque()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_die_with_parent, initargs=(os.getpid(),))
    with _terminate_as_exit():
        try:
            for batch in batches:
                pending.append(pool.submit(_code_in_worker, batch))
                if len(pending) >= 2 * workers:
                    yield _result(pending.popleft())
            while pending:
                yield _result(pending.popleft())
        except BaseException:
            # Stopped (SIGTERM, Ctrl-C, an error, the consumer gone): end the workers now
            # instead of waiting for their batches.
            for process in list(pool._processes.values()):
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()


def _die_with_parent(parent: int) -> None:
    """Worker initializer: on Linux the kernel sends the worker SIGTERM when its parent dies,
    however it dies (killed, terminated, crashed), so no worker outlives its command."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """While workers run, SIGTERM unwinds the parent like Ctrl-C (SystemExit), so the batch
    in flight is rolled back, the workers are ended and the rest stays stored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _result(future: Future[list[Result]]) -> list[Result]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise WorkerError(
            "a worker process died while coding (out of memory? lower n_process or "
            "batch_size); the batches stored before it are kept, and the same command run "
            "again skips them") from exc


_WORKER_CODER: Coder | None = None
_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)


def _code_in_worker(batch: list[Story | Rejection]) -> list[Result]:
    assert _WORKER_CODER is not None
    return _WORKER_CODER.code_batch(batch)


@dataclass(frozen=True, slots=True)
class Summary:
    counts: Counts
    seconds: float
    rejections: tuple[Rejection, ...]


def run(items: Iterable[Story | Rejection], coder: Coder, *, store: Store | None = None,
        command: str = "code", on_event: Callable[[Event], None] | None = None,
        on_batch: Callable[[list[Result]], None] | None = None) -> Summary:
    """Code everything in `items`; store each batch (one transaction) and/or pass each event on.

    A story whose id came earlier in the same input is a rejection (`unique_ids`). Without
    a store every coded story counts as new; with one, stories already stored with the same
    content hash count as unchanged and are not written again, and a stored story whose id
    comes with new content is replaced (and counted as replaced).
    """
    started = time.perf_counter()
    counts = Counts()
    rejections: list[Rejection] = []
    run_id = store.start_run(command=command, coder=coder.coder_name,
                             model=coder.parser.model_name) if store else ""
    for results in code_stream(unique_ids(items), coder):
        if store is not None:
            counts.add(store.write_batch(results, run_id=run_id))
        else:
            for r in results:
                if isinstance(r, CodedStory):
                    counts.add(Counts(stories=1, sentences=len(r.sentences),
                                      events=len(r.events)))
                else:
                    counts.rejections += 1
        rejections.extend(r for r in results if isinstance(r, Rejection))
        if on_event is not None:
            for r in results:
                if isinstance(r, CodedStory):
                    for event in r.events:
                        on_event(event)
        if on_batch is not None:
            on_batch(results)
    seconds = time.perf_counter() - started
    if store is not None:
        store.finish_run(run_id, counts, seconds)
    return Summary(counts, seconds, tuple(rejections))
