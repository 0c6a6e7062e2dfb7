"""Gold readers: our native JSONL (DESIGN.md section 4), the PLOVER gold-standard records and
the PETRARCH validation XML. Each yields `GoldStory` records; the files are read where they
lie (the public sets stay in ../shared/data, never copied here).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khaldun.errors import AbsentSet, InputError
from khaldun.evaluate.refs import SHARED_DATA, ref_text
from khaldun.events.counts import number_value, words
from khaldun.events.ontology import ontology


@dataclass(frozen=True, slots=True)
class GoldEvent:
    type: str
    actor: tuple[str, ...]
    recipient: tuple[str, ...] | None  # None: any recipient is accepted
    symmetric: bool = False
    alt: tuple[str, ...] = ()
    optional: bool = False
    mode: str | None = None
    loc: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None
    cameo: str | None = None  # PETRARCH records give codes instead of spans
    actor_code: str | None = None
    recipient_code: str | None = None
    actor_country: str | None = None  # ISO alpha-3 or IGO/UNO/EUR/NGO
    actor_sector: str | None = None
    recipient_country: str | None = None
    recipient_sector: str | None = None
    modality: str | None = None  # "historical" for background events
    # Numbers the text gives for the event (None: none given, or not annotated)
    dead: int | None = None
    injured: int | None = None
    size: int | None = None


@dataclass(frozen=True, slots=True)
class GoldStory:
    id: str
    text: str
    published: str | None
    events: tuple[GoldEvent, ...]
    unmapped: tuple[str, ...] = ()  # gold CAMEO codes with no PLOVER type (01x, 02x)
    # PETRARCH records: every gold (source code, target code, CAMEO code), mapped or not
    codings: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class GoldSet:
    name: str
    kind: str  # native | plover | petrarch
    stories: tuple[GoldStory, ...]


def read_gold(path: Path) -> GoldSet:
    """Read a gold file, recognising its format by its name and first bytes."""
    if not path.is_file():
        raise InputError(f"no gold file at {path}")
    head = path.read_text(encoding="utf-8")[:2000].lstrip()
    if path.suffix == ".xml" or head.startswith("<"):
        return GoldSet(path.name, "petrarch", read_petrarch(path))
    if head.startswith("["):
        return GoldSet(path.name, "plover", read_plover(path))
    return GoldSet(path.name, "native", read_native(path))


def read_native(path: Path, *, data: Path = SHARED_DATA) -> tuple[GoldStory, ...]:
    """Native gold; a record with `ref` instead of `text` takes its text from the public set
    it names (sliced by `start`/`end`), and its spans are checked against that text."""
    onto = ontology()
    stories = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            text = raw.get("text")
            if text is None:
                ref = raw["ref"]
                text = ref_text(ref["set"], str(ref["id"]), start=raw.get("start"),
                                end=raw.get("end"), root=data)
                if text is None:
                    raise AbsentSet(f"{path}: set {ref['set']!r} is not present under {data}")
            events = tuple(_native_event(e, onto.types) for e in raw.get("events", []))
            if "ref" in raw:
                _check_spans(raw["events"], text)
            story_id = str(raw.get("id") or f"{raw['ref']['set']}:{raw['ref']['id']}")
            stories.append(GoldStory(story_id, text, raw.get("published"), events))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}:{number}: not a gold record ({exc!r})") from exc
    return tuple(stories)


def _check_spans(events: list[dict[str, Any]], text: str) -> None:
    for e in events:
        for span in [*(e.get("actor") or ()), *(e.get("recipient") or ()), e.get("loc")]:
            if span is not None and span not in text:
                raise ValueError(f"span {span!r} is not in the referenced text")


def _native_event(e: dict[str, Any], types: tuple[str, ...]) -> GoldEvent:
    plover = ontology().plover_label(e["type"])
    if plover is None:
        raise ValueError(f"unknown event type {e['type']!r}; use one of {', '.join(types)}")
    recipient = e.get("recipient")
    return GoldEvent(
        type=plover, actor=tuple(e.get("actor") or ()),
        recipient=None if recipient is None else tuple(recipient),
        symmetric=bool(e.get("symmetric", False)),
        alt=tuple(a for a in (ontology().plover_label(x) for x in e.get("alt") or ()) if a),
        optional=bool(e.get("optional", False)), mode=e.get("mode"), loc=e.get("loc"),
        country=e.get("country"), lat=e.get("lat"), lon=e.get("lon"), date=e.get("date"),
        actor_country=e.get("actor_country"), actor_sector=e.get("actor_sector"),
        recipient_country=e.get("recipient_country"),
        recipient_sector=e.get("recipient_sector"), modality=e.get("modality"),
        dead=_figure(e.get("dead"), "dead"), injured=_figure(e.get("injured"), "injured"),
        size=_figure(e.get("size"), "size"))


CASUALTY_KINDS = ("dead", "injured", "size")


def _figure(value: Any, kind: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                              or value < 0):
        raise ValueError(f"{kind} must be a whole number of people or null, not {value!r}")
    return value


def read_plover(path: Path) -> tuple[GoldStory, ...]:
    """PLOVER_GSR_CAMEO.json: one coded sentence per record; older labels are mapped."""
    onto = ontology()
    stories = []
    for raw in json.loads(path.read_text(encoding="utf-8")):
        plover = onto.plover_label(str(raw.get("event", "")))
        if plover is None or not raw.get("text"):
            continue  # the DOCUMENT header and anything without a sentence
        alt = ("ACCUSE",) if str(raw["event"]).upper() == "INVESTIGATE" else ()

        def texts(value: Any) -> tuple[str, ...]:
            return tuple(a["actorText"] for a in value) if isinstance(value, list) else ()

        def first(value: Any, key: str) -> str | None:
            """The first party's country block or sector, as the PLOVER records give it."""
            if not isinstance(value, list) or not value:
                return None
            code = str(value[0].get(key) or "")
            return code[:3] if len(code) >= 3 and code[:3].isalpha() else None

        recipient = texts(raw.get("target"))
        event = GoldEvent(type=plover, actor=texts(raw.get("source")),
                          recipient=recipient or None, alt=alt, mode=raw.get("mode") or None,
                          actor_country=first(raw.get("source"), "code"),
                          actor_sector=first(raw.get("source"), "sector"),
                          recipient_country=first(raw.get("target"), "code"),
                          recipient_sector=first(raw.get("target"), "sector"),
                          dead=_plover_figure(raw.get("dead")),
                          injured=_plover_figure(raw.get("injured")),
                          size=_plover_figure(raw.get("size")))
        stories.append(GoldStory(str(raw["id"]), raw["text"], None, (event,)))
    return tuple(stories)


def _plover_figure(value: Any) -> int | None:
    """A PLOVER record's dead/injured/size ("156", "Thousands", "Tens of thousands") read by
    Khaldun's own rules (vague plurals as ACLED counts them); None for none or a word that is
    no number ("group")."""
    if value is None or not str(value).strip():
        return None
    return number_value(str(value).split(), words())


_SENTENCE = re.compile(r"<Sentence\s([^>]*?)/?>(.*?)(?=<Sentence\s|</Sentences>|\Z)", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\s([^>]*?)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)


def read_petrarch(path: Path) -> tuple[GoldStory, ...]:
    """PETRARCH validation XML (the files are not well-formed XML, so read by pattern).

    Gold events carry CAMEO codes and actor codes, not spans; a record coded
    noevents="True" is an event-free story.
    """
    onto = ontology()
    stories = []
    for attrs_text, body in _SENTENCE.findall(path.read_text(encoding="utf-8")):
        attrs = dict(_ATTR.findall(attrs_text))
        text = _TEXT.search(body)
        if not text or attrs.get("evaluate") == "false":
            continue
        events = []
        unmapped = []
        codings = []
        for coding in _CODING.findall(body):
            c = dict(_ATTR.findall(coding))
            code = c.get("eventcode")
            if not code or c.get("noevents") == "True":
                continue
            codings.append((c.get("sourcecode", ""), c.get("targetcode", ""), code))
            plover = onto.type_of(code)
            if plover is None:  # CAMEO 01/02 (statements, appeals) have no PLOVER type
                unmapped.append(code)
                continue
            events.append(GoldEvent(type=plover, actor=(), recipient=None, cameo=code,
                                    actor_code=c.get("sourcecode"),
                                    recipient_code=c.get("targetcode")))
        date = attrs.get("date", "")
        published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
        stories.append(GoldStory(attrs.get("id", ""), " ".join(text.group(1).split()),
                                 published, tuple(events), tuple(unmapped), tuple(codings)))
    return tuple(stories)
