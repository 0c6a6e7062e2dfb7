"""Scoring system events against gold, by the rules of DESIGN.md section 4.

A system event matches a gold event when its type is the gold type or one of `alt`, and its
actor and recipient share at least one content word with the gold spans (either direction when
symmetric; a null gold recipient accepts any). Negated system events are ignored, and so are
hypothetical ones ("could strike", "if ... attacks"): neither is a reported fact. Optional gold
events count neither as misses nor as false positives; a second system event matching an already
matched gold event is not a false positive.

Casualties (`dead`, `injured`, `size`) are judged on the system events that tell a gold event
that gives the figure: the one matched to it by triple and any other telling of it that no gold
event took (a story often tells an attack in its lead and its toll further on); else, for a
required gold event left unmatched, an unmatched system event of its type in the story, as
DESIGN.md section 4 judges places and dates. The system's figure is the highest of those
tellings (as a story's figure is in a cluster, store/dedup.py); right when equal to the gold
figure. A figure the system gives where the matched gold event gives none is counted as
unasked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from khaldun.actors.aliases import fold
from khaldun.evaluate.gold import CASUALTY_KINDS, GoldEvent, GoldSet, GoldStory
from khaldun.places.toponyms import km

_STOP = frozenset({"the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by",
                   "with", "from", "his", "her", "its", "their", "our", "s", "mr", "mrs", "ms",
                   "some", "many"})
Record = dict[str, Any]


def content_words(texts: Sequence[str]) -> set[str]:
    return {w for t in texts for w in re.findall(r"[a-z0-9]+", fold(t)) if w not in _STOP}


def _overlap(system: list[Record], gold: Sequence[str]) -> bool:
    return bool(content_words([a["text"] for a in system]) & content_words(gold))


def event_matches(sys_event: Record, gold: GoldEvent) -> bool:
    if sys_event["event"] != gold.type and sys_event["event"] not in gold.alt:
        return False

    def args(actor: list[Record], recipient: list[Record]) -> bool:
        if not _overlap(actor, gold.actor):
            return False
        return gold.recipient is None or _overlap(recipient, gold.recipient)

    if args(sys_event["actor"], sys_event["recipient"]):
        return True
    return gold.symmetric and args(sys_event["recipient"], sys_event["actor"])


def dyad_matches(sys_event: Record, gold: GoldEvent) -> bool:
    """Type plus the parties' countries alone (what analysts aggregate): a gold side with no
    country accepts any system party; for a reciprocal gold event both countries must be
    among the system's parties, whichever slot they are in."""
    if sys_event["event"] != gold.type and sys_event["event"] not in gold.alt:
        return False

    def side(parties: list[Record], country: str | None) -> bool:
        got = {p.get("country") for p in parties}
        # PLOVER's IGO bloc holds the UN system (UNO) and the EU (EUR) too.
        return country is None or country in got or (country == "IGO" and bool(
            got & {"UNO", "EUR"}))

    def both(actor: list[Record], recipient: list[Record]) -> bool:
        return side(actor, gold.actor_country) and side(recipient, gold.recipient_country)

    if gold.symmetric:  # reciprocal: both countries among all the system's parties
        parties = [*sys_event["actor"], *sys_event["recipient"]]
        return side(parties, gold.actor_country) and side(parties, gold.recipient_country)
    return both(sys_event["actor"], sys_event["recipient"])


def assign(events: Sequence[Record], golds: Sequence[GoldEvent],
           matches: Callable[[Record, GoldEvent], bool]) -> dict[int, int]:
    """A maximum matching of gold events to system events (gold index -> event index),
    required gold events first, so the order of the output never changes a score. Once
    matched, a required event stays matched while the optional ones are added."""
    ok = [[matches(e, g) for g in golds] for e in events]
    owner: dict[int, int] = {}  # event index -> gold index
    # Among equal matchings, each gold event first tries the events told in the sentence that
    # holds its spans, so places, dates and figures are scored on the right event ("Near
    # Mosul, five strikes ..." in a list of strikes by one force).
    near = [sorted(range(len(events)), key=lambda e: -_told_in(events[e], g)) for g in golds]

    def augment(g: int, seen: set[int]) -> bool:
        for e in near[g]:
            if ok[e][g] and e not in seen:
                seen.add(e)
                if e not in owner or augment(owner[e], seen):
                    owner[e] = g
                    return True
        return False

    order = sorted(range(len(golds)), key=lambda i: golds[i].optional)
    for g in order:
        augment(g, set())
    return {g: e for e, g in owner.items()}


def _told_in(event: Record, gold: GoldEvent) -> int:
    text = event.get("text") or ""
    return sum(span in text for span in (*gold.actor, *(gold.recipient or ()),
                                         *((gold.loc,) if gold.loc else ())))


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Figures:
    """How one casualty figure fared: gold figures judged, right, and figures nobody asked for."""

    judged: int = 0
    right: int = 0
    unasked: int = 0


@dataclass
class Score:
    name: str
    kind: str
    stories: int = 0
    triple: Tally = field(default_factory=Tally)
    types: Tally = field(default_factory=Tally)
    per_type: dict[str, Tally] = field(default_factory=dict)
    empty_stories: int = 0
    empty_kept_empty: int = 0
    located: int = 0
    located_right: int = 0
    dated: int = 0
    dated_right: int = 0
    roots: int = 0
    roots_right: int = 0
    dyads: Tally | None = None  # country-dyad F1, for gold that gives countries
    figures: dict[str, Figures] = field(default_factory=lambda: {
        kind: Figures() for kind in CASUALTY_KINDS})
    # PETRARCH records, scored as the peer does: per-sentence root-code sets, and (source,
    # target, root) triples on actor codes and on their country blocks
    root_sets: Tally = field(default_factory=Tally)
    code_triples: Tally = field(default_factory=Tally)
    country_triples: Tally = field(default_factory=Tally)
    dropped_no_code: int = 0  # system events without an actor or recipient code
    errors: list[dict[str, Any]] = field(default_factory=list)

    def type_tally(self, name: str) -> Tally:
        return self.per_type.setdefault(name, Tally())

    @property
    def no_event_precision(self) -> float | None:
        return self.empty_kept_empty / self.empty_stories if self.empty_stories else None

    def summary(self) -> dict[str, Any]:
        def share(right: int, total: int) -> float | None:
            return round(right / total, 4) if total else None

        spans = self.kind != "petrarch"  # PETRARCH gold has codes, not spans: no triples

        def triple(value: float) -> float | None:
            return round(value, 4) if spans else None

        return {
            "name": self.name, "kind": self.kind, "stories": self.stories,
            "type_f1": round(self.types.f1, 4),
            # share of gold event types the coder found in their story (PLOVER's "accuracy")
            "type_accuracy": round(self.types.recall, 4),
            "triple_precision": triple(self.triple.precision),
            "triple_recall": triple(self.triple.recall),
            "triple_f1": triple(self.triple.f1),
            "no_event_precision": (None if self.no_event_precision is None
                                   else round(self.no_event_precision, 4)),
            "event_free_stories": self.empty_stories,
            "location_accuracy": share(self.located_right, self.located),
            "located_events": self.located,
            "date_accuracy": share(self.dated_right, self.dated),
            "dated_events": self.dated,
            "root_code_accuracy": share(self.roots_right, self.roots),
            "country_dyad_f1": None if self.dyads is None else round(self.dyads.f1, 4),
            "per_type_f1": {k: round(v.f1, 4) for k, v in sorted(self.per_type.items())},
            "per_type_precision": {k: round(v.precision, 4)
                                   for k, v in sorted(self.per_type.items())},
            "per_type_recall": {k: round(v.recall, 4) for k, v in sorted(self.per_type.items())},
            **{key: value for kind, f in self.figures.items() for key, value in (
                (f"{kind}_accuracy", share(f.right, f.judged)), (f"{kind}_events", f.judged),
                # a set that gives no figure of a kind does not annotate it
                (f"{kind}_unasked", f.unasked if f.judged else None))},
            **(self._peer() if self.kind == "petrarch" else {}),
        }

    def _peer(self) -> dict[str, Any]:
        return {"root_set_f1": round(self.root_sets.f1, 4),
                "code_triple_f1": round(self.code_triples.f1, 4),
                "country_triple_f1": round(self.country_triples.f1, 4),
                "events_without_codes": self.dropped_no_code,
                "published": dict(UNIVERSALPETRARCH)}


def score(gold: GoldSet, system: dict[str, list[Record]]) -> Score:
    """Score system event records (by story id) against a gold set."""
    result = Score(gold.name, gold.kind)
    for story in gold.stories:
        events = [e for e in system.get(story.id, [])
                  if not e["negated"] and e.get("modality") != "hypothetical"]
        result.stories += 1
        _score_types(result, story, events)
        if not story.events and not story.unmapped:
            result.empty_stories += 1
            result.empty_kept_empty += not events
            for e in events:
                result.errors.append(_error("false positive in an event-free story", story, e))
        if gold.kind == "petrarch":
            _score_roots(result, story, events)
            _score_peer(result, story, events)
        else:
            _score_triples(result, story, events)
            if any(g.actor_country or g.recipient_country for s in gold.stories
                   for g in s.events):
                _score_dyads(result, story, events)
    return result


def _score_types(result: Score, story: GoldStory, events: list[Record]) -> None:
    wanted = {g.type for g in story.events if not g.optional}
    accepted = {t for g in story.events for t in (g.type, *g.alt)}
    found = {e["event"] for e in events}
    for t in wanted:
        alts = {a for g in story.events if g.type == t for a in g.alt}
        if t in found or alts & found:
            result.types.tp += 1
        else:
            result.types.fn += 1
    result.types.fp += len(found - accepted)


def _score_roots(result: Score, story: GoldStory, events: list[Record]) -> None:
    roots = {e["cameo"][:2] for e in events}
    for g in story.events:
        result.roots += 1
        ok = g.cameo is not None and g.cameo[:2] in roots
        result.roots_right += ok
        if not ok:
            result.errors.append(_error(f"missed CAMEO {g.cameo} ({g.type})", story, None))


def _score_triples(result: Score, story: GoldStory, events: list[Record]) -> None:
    golds = story.events
    matched = assign(events, golds, event_matches)
    used = set(matched.values())
    for i, g in enumerate(golds):
        if i in matched:
            tellings = [events[matched[i]], *(e for n, e in enumerate(events)
                                              if n not in used and event_matches(e, g))]
            _score_figures(result, story, g, tellings)
        if g.optional:
            continue
        if i in matched:
            result.triple.tp += 1
            result.type_tally(g.type).tp += 1
            _score_place_and_date(result, g, events[matched[i]])
        else:
            result.triple.fn += 1
            result.type_tally(g.type).fn += 1
            result.errors.append(_error(
                f"missed {g.type} {list(g.actor)} -> {list(g.recipient or ['*'])}", story, None))
    for n, e in enumerate(events):
        if n in used or any(event_matches(e, g) for g in golds):
            continue  # a second report of a matched gold event is no false positive
        result.triple.fp += 1
        result.type_tally(e["event"]).fp += 1
        if golds:
            result.errors.append(_error("false positive", story, e))
    spare = [n for n in range(len(events)) if n not in used]
    for i, g in enumerate(golds):
        if g.optional or i in matched:
            continue
        kin = next((n for n in spare if events[n]["event"] in (g.type, *g.alt)), None)
        if kin is not None:  # judged on an event of its type whose parties were missed
            spare.remove(kin)
            _score_figures(result, story, g, [events[kin]])


def _score_figures(result: Score, story: GoldStory, g: GoldEvent,
                   tellings: list[Record]) -> None:
    for kind, tally in result.figures.items():
        want = getattr(g, kind)
        got = max((e[kind] for e in tellings if e.get(kind) is not None), default=None)
        if want is None:
            tally.unasked += got is not None
            continue
        tally.judged += 1
        tally.right += got == want
        if got != want:
            result.errors.append(_error(f"{kind}: system {got}, gold {want}", story,
                                        tellings[0]))


def _score_dyads(result: Score, story: GoldStory, events: list[Record]) -> None:
    tally = result.dyads = result.dyads or Tally()
    matched = assign(events, story.events, dyad_matches)
    used = set(matched.values())
    required = [i for i, g in enumerate(story.events) if not g.optional]
    tally.tp += sum(i in matched for i in required)
    tally.fn += sum(i not in matched for i in required)
    tally.fp += sum(n not in used and not any(dyad_matches(e, g) for g in story.events)
                    for n, e in enumerate(events))


# UniversalPetrarch on PETR2_GSR_validation.xml, as measured for issue 12 (per-sentence
# root-code set F1; (source, target, root) triple F1 on exact actor codes).
UNIVERSALPETRARCH = {"universalpetrarch_root_set_f1": 0.80,
                     "universalpetrarch_code_triple_f1": 0.71}


def _score_peer(result: Score, story: GoldStory, events: list[Record]) -> None:
    """The PETRARCH validation's own way: per sentence, the set of CAMEO roots and the set of
    (source, target, root) triples; every system event counts, and one without an actor or
    recipient code cannot form a triple (it is counted, then dropped)."""
    def tally(t: Tally, system: set[Any], gold: set[Any]) -> None:
        t.tp += len(system & gold)
        t.fp += len(system - gold)
        t.fn += len(gold - system)

    gold_roots = {code[:2] for _, _, code in story.codings}
    tally(result.root_sets, {str(e["cameo"])[:2] for e in events}, gold_roots)
    codes: set[tuple[str, str, str]] = set()
    for e in events:
        pairs = {(a["code"], r["code"]) for a in e["actor"] for r in e["recipient"]
                 if a.get("code") and r.get("code")}
        if not pairs:
            result.dropped_no_code += 1
        codes |= {(a, r, str(e["cameo"])[:2]) for a, r in pairs}
    gold_codes = {(src, tgt, code[:2]) for src, tgt, code in story.codings}
    tally(result.code_triples, codes, gold_codes)
    tally(result.country_triples, {(a[:3], r[:3], root) for a, r, root in codes},
          {(a[:3], r[:3], root) for a, r, root in gold_codes})


def _score_place_and_date(result: Score, g: GoldEvent, e: Record) -> None:
    if g.lat is not None and g.lon is not None:
        result.located += 1
        loc = e.get("location")
        if loc and loc.get("lat") is not None:
            near = km(g.lat, g.lon, loc["lat"], loc["lon"]) <= 161
            result.located_right += near or (g.country is not None
                                             and loc.get("country_code") == g.country)
    if g.date:
        result.dated += 1
        result.dated_right += bool(e.get("date")) and str(e["date"])[:len(g.date)] == g.date \
            and len(str(e["date"])) >= len(g.date)


def _error(kind: str, story: GoldStory, e: Record | None) -> dict[str, Any]:
    out: dict[str, Any] = {"story": story.id, "error": kind, "text": story.text}
    if e is not None:
        out["system"] = (f"{e['event']} {[a['text'] for a in e['actor']]} -> "
                         f"{[r['text'] for r in e['recipient']]} ('{e['trigger']}')")
    return out
