"""Scoring places: toponym resolution on GeoWebNews and the event's place on event_location.

- `score_geowebnews`: every GeoWebNews span with coordinates (2,601 toponyms in 200 articles:
  literal, metonymic and modifier uses alike; GeoWebNews counts "Syrian" in "Syrian forces" as
  a toponym, so demonyms stand for their country here) is resolved by `resolve_toponym` from
  its extracted name, with the countries of the article's other annotated spans as context. A
  toponym is right within 161 km (100 miles) of the gold point. A name the gazetteer lacks (a
  street, a building, a village) is placed, as the pipeline places it, at the article's main
  town (`main_town` of its resolved spans); the median error counts a toponym still unresolved
  as half the Earth's circumference (20,038 km). Mordecai3 reports 94.1% within 161 km on
  this corpus.
- `score_event_location`: on the gold subset (source "RELABEL") of Halterman's
  event_location data, each sentence is parsed, the marked verb is the trigger, and
  `locate_event` chooses the place; it agrees when its text overlaps the gold LOCATION span,
  or when both are none. `mention_agreement` scores the chosen mention before geocoding.

Both read the shared files in place (never copied) and return None when they are absent.
"""

from __future__ import annotations

import json
import statistics
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khaldun.actors.resolve import vocabulary
from khaldun.evaluate.score import content_words
from khaldun.nlp import Parser
from khaldun.places.gazetteer import Gazetteer, name_key
from khaldun.places.locate import locate_event, main_town
from khaldun.places.mentions import place_mentions
from khaldun.places.toponyms import km, resolve_toponym, to_place
from khaldun.records import Event, Sentence

GEOWEBNEWS = Path("../shared/data/geowebnews/GWN.xml")
EVENT_LOCATION = Path("../shared/data/event-location/labeled_text.jsonl.zip")
MORDECAI3_GWN_ACC161 = 0.941
HALF_EARTH_KM = 20038.0


@dataclass(frozen=True, slots=True)
class GeoScore:
    """Toponym resolution on GeoWebNews."""

    toponyms: int
    resolved: int  # found in the gazetteer
    within_161km: int
    accuracy_161km: float
    median_km: float  # unresolved counted as HALF_EARTH_KM
    at_main_town: int = 0  # not in the gazetteer, placed at the article's main town
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)  # type -> (right, all)
    published: dict[str, float] = field(
        default_factory=lambda: {"mordecai3 accuracy_161km": MORDECAI3_GWN_ACC161})
    errors: tuple[str, ...] = ()  # a sample of the misses, for reading

    def summary(self) -> dict[str, float]:
        return {"accuracy_161km": round(self.accuracy_161km, 4),
                "median_km": round(self.median_km, 1),
                "resolved": round(self.resolved / self.toponyms, 4) if self.toponyms else 0.0,
                "at_main_town": round(self.at_main_town / self.toponyms, 4)
                if self.toponyms else 0.0}


@dataclass(frozen=True, slots=True)
class _Span:
    name: str
    type: str
    lat: float | None
    lon: float | None


def _articles(path: Path) -> list[list[_Span]]:
    out = []
    for article in ET.parse(path).getroot().iter("article"):
        spans = []
        for t in article.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            spans.append(_Span((t.findtext("extractedName") or "").strip(),
                               (t.findtext("type") or "").strip(),
                               float(lat) if lat else None, float(lon) if lon else None))
        out.append(spans)
    return out


def _country_of(name: str, gazetteer: Gazetteer) -> str | None:
    demonym = vocabulary().demonyms.get(name_key(name))
    if demonym is not None:
        return demonym.iso3
    candidate, _ = resolve_toponym(name, context_countries=set(), gazetteer=gazetteer)
    return candidate.country if candidate is not None else None


def score_geowebnews(gazetteer: Gazetteer, path: Path = GEOWEBNEWS, *,
                     max_errors: int = 40) -> GeoScore | None:
    if not path.is_file():
        return None
    errors: list[float] = []
    right = resolved = at_town = 0
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    for spans in _articles(path):
        countries = [_country_of(s.name, gazetteer) for s in spans]
        everyone = Counter(c for c in countries if c)
        found = []
        for span, own in zip(spans, countries, strict=True):
            context = everyone - Counter([own]) if own else everyone
            candidate, why = resolve_toponym(span.name, context_countries=context,
                                             gazetteer=gazetteer, demonyms=True)
            found.append((to_place(candidate, span.name) if candidate else None, why))
        town = main_town([place for place, _ in found if place is not None])
        for span, (place, why) in zip(spans, found, strict=True):
            if span.lat is None or span.lon is None:
                continue
            resolved += place is not None
            if place is None and town is not None:
                place, why = town, f"{why}: placed at the article's main town '{town.text}'"
                at_town += 1
            error = HALF_EARTH_KM if place is None else km(
                span.lat, span.lon, place.lat, place.lon)
            errors.append(error)
            ok = error <= 161.0
            right += ok
            by_type[span.type][0] += ok
            by_type[span.type][1] += 1
            if not ok and len(misses) < max_errors:
                misses.append(f"{span.name} [{span.type}] gold ({span.lat:.2f}, {span.lon:.2f}) "
                              f"off {error:.0f} km: {why}")
    return GeoScore(len(errors), resolved, right, right / len(errors) if errors else 0.0,
                    statistics.median(errors) if errors else 0.0, at_town,
                    {k: (v[0], v[1]) for k, v in sorted(by_type.items())},
                    errors=tuple(misses))


# --- event_location ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EventLocationScore:
    """The event's place on the event_location gold subset."""

    records: int
    with_location: int
    agreement: float  # geocoded place overlaps the gold span, or both none
    mention_agreement: float  # the chosen mention (before geocoding) overlaps, or both none
    agree_with_location: float  # among records with a gold location
    agree_without_location: float  # among records without one (system also says none)
    skipped: int  # verb not found in the parse
    errors: tuple[str, ...] = ()

    def summary(self) -> dict[str, float]:
        return {"agreement": round(self.agreement, 4),
                "mention_agreement": round(self.mention_agreement, 4)}


@dataclass(frozen=True, slots=True)
class _Labeled:
    id: str
    text: str
    verb_start: int
    verb: str
    location: str | None


def read_event_location(path: Path = EVENT_LOCATION, *, source: str = "RELABEL"
                        ) -> list[_Labeled]:
    """The records of one source; spans are read through their token offsets (the char
    offsets of ~900 LOCATION spans are broken)."""
    with zipfile.ZipFile(path) as archive:
        member = next(n for n in archive.namelist()
                      if n.endswith("labeled_text.jsonl") and not n.startswith("__MACOSX"))
        records: list[dict[str, Any]] = json.loads(archive.read(member))
    out = []
    for r in records:
        if r.get("source") != source or r.get("answer") != "accept":
            continue
        tokens, text = r["tokens"], r["text"]

        def chars(span: dict[str, Any], tokens: list[dict[str, Any]] = tokens,
                  text: str = text) -> tuple[int, str]:
            start = tokens[span["token_start"]]["start"]
            end = tokens[span["token_end"]]["end"]
            return start, text[start:end]

        verbs = [s for s in r.get("spans", ()) if s["label"] == "VERB"]
        places = [s for s in r.get("spans", ()) if s["label"] == "LOCATION"]
        if not verbs:
            continue
        verb_start, verb = chars(verbs[0])
        out.append(_Labeled(str(r.get("_id", "")), text, verb_start, verb,
                            chars(places[0])[1] if places else None))
    return out


def _bare_event(sentence: Sentence, trigger: str) -> Event:
    return Event(id="", story_id=sentence.story_id, sentence=sentence.index,
                 text=sentence.text, char_start=sentence.char_start,
                 char_end=sentence.char_end, trigger=trigger, event="", mode=None, context=(),
                 cameo="", quad_code=0, intensity=0.0, actor=(), recipient=(), location=None,
                 date=None, date_granularity=None, date_text=None, negated=False,
                 modality=None, attribution=None, confidence=0.0)


def _agrees(system: str | None, gold: str | None) -> bool:
    if system is None or gold is None:
        return system is None and gold is None
    return bool(content_words([system]) & content_words([gold]))


def score_event_location(gazetteer: Gazetteer, parser: Parser, path: Path = EVENT_LOCATION,
                         *, max_errors: int = 40) -> EventLocationScore | None:
    if not path.is_file():
        return None
    labeled = read_event_location(path)
    parsed = parser.parse([(r.text, 0) for r in labeled], everything=True)
    agree = mention_agree = skipped = 0
    with_loc = [0, 0]
    without_loc = [0, 0]
    misses: list[str] = []
    for number, (record, sentences) in enumerate(zip(labeled, parsed, strict=True)):
        found = next(((s, t) for s in sentences for t in s.tokens
                      if t.idx <= record.verb_start < t.idx + max(len(t.text), 1)), None)
        if found is None:
            skipped += 1
            system = mention = None
            why = "verb not found in the parse"
        else:
            parsed_sentence, token = found
            sentence = Sentence(story_id=record.id, index=number,
                                text=record.text[parsed_sentence.start:parsed_sentence.end],
                                char_start=parsed_sentence.start,
                                char_end=parsed_sentence.end, kind="text",
                                tokens=parsed_sentence.tokens)
            place, why = locate_event(_bare_event(sentence, token.text), sentence, [],
                                      gazetteer, context=set(), trigger=token.i)
            system = place.text if place is not None else None
            mentions = place_mentions(sentence, token.i)
            mention = mentions[0].text if mentions else None
        ok = _agrees(system, record.location)
        agree += ok
        mention_agree += _agrees(mention, record.location)
        tally = with_loc if record.location is not None else without_loc
        tally[0] += ok
        tally[1] += 1
        if not ok and len(misses) < max_errors:
            misses.append(f"{record.id}: verb '{record.verb}', gold {record.location!r}, "
                          f"chose {system!r} (mention {mention!r}): {why}")
    n = len(labeled)
    return EventLocationScore(n, with_loc[1], agree / n if n else 0.0,
                              mention_agree / n if n else 0.0,
                              with_loc[0] / with_loc[1] if with_loc[1] else 0.0,
                              without_loc[0] / without_loc[1] if without_loc[1] else 0.0,
                              skipped, tuple(misses))


__all__: Sequence[str] = ("EventLocationScore", "GeoScore", "read_event_location",
                          "score_event_location", "score_geowebnews")
