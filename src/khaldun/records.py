"""The frozen records that flow between stages.

Every stage takes these and returns new ones; nothing is mutated in place. None of them holds a
spaCy object, so all of them pickle (for Ray) and map to Arrow/Parquet columns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

SentenceKind = Literal["text", "junk", "label", "headline", "question"]


@dataclass(frozen=True, slots=True)
class Story:
    """One input story, as read; `origin` says where it came from (file and line)."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str = ""

    @property
    def content_hash(self) -> str:
        """Hash of what coding depends on: re-coding a story with the same hash changes nothing."""
        key = "\x1f".join([self.id, self.text, self.published or "", self.title or "",
                           self.source or "", self.url or ""])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Block:
    """A cleaned line or paragraph of a story; `kind` says whether it may hold events."""

    start: int
    end: int
    kind: SentenceKind
    source: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class CleanStory:
    """A story after normalisation, split into blocks that offsets point into."""

    story: Story
    text: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a parsed sentence; `head` and `i` index into the sentence's tokens."""

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str
    ent_iob: str
    idx: int  # character offset in the story text
    ws: str = " "


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a story with its parse (empty for sentences that are never coded)."""

    story_id: str
    index: int
    text: str
    char_start: int
    char_end: int
    kind: SentenceKind
    tokens: tuple[Token, ...] = ()
    source: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A noun phrase found as an event's actor or recipient, before resolution."""

    text: str
    head: Token
    tokens: tuple[Token, ...]
    rule: str  # which parse rule found it, e.g. "nsubj of 'attack'"
    # Words of the head's "in"/"of"/"from" phrases that the mention leaves out: they say where
    # an unnamed actor belongs ("a court in Guyana", "the mayor of ... Nablus").
    around: tuple[Token, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor or recipient mention as it appears in an event."""

    text: str
    actor_id: str | None
    name: str | None
    country: str | None
    sector: str | None
    kind: str | None
    code: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "actor_id": self.actor_id, "name": self.name,
                "country": self.country, "sector": self.sector, "kind": self.kind,
                "code": self.code, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    name: str
    geonameid: int | None
    lat: float
    lon: float
    admin1: str | None
    country_code: str | None
    resolution: str

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "geonameid": self.geonameid,
                "lat": self.lat, "lon": self.lon, "admin1": self.admin1,
                "country_code": self.country_code, "resolution": self.resolution}


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the contract of DESIGN.md section 2."""

    id: str
    story_id: str
    sentence: int
    text: str
    char_start: int
    char_end: int
    trigger: str
    event: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str
    quad_code: int
    intensity: float
    actor: tuple[ActorRef, ...]
    recipient: tuple[ActorRef, ...]
    location: Place | None
    date: str | None
    date_granularity: str | None
    date_text: str | None
    negated: bool
    modality: str | None
    attribution: str | None
    confidence: float
    reasons: dict[str, str] = field(default_factory=dict)
    coder: str = ""
    published: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    # Numbers the sentence gives for this event (events/casualties.py); None: none given.
    dead: int | None = None
    injured: int | None = None
    size: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "story_id": self.story_id, "sentence": self.sentence,
            "text": self.text, "char_start": self.char_start, "char_end": self.char_end,
            "trigger": self.trigger, "event": self.event, "mode": self.mode,
            "context": list(self.context), "cameo": self.cameo, "quad_code": self.quad_code,
            "intensity": self.intensity,
            "actor": [a.as_dict() for a in self.actor],
            "recipient": [r.as_dict() for r in self.recipient],
            "location": self.location.as_dict() if self.location else None,
            "dead": self.dead, "injured": self.injured, "size": self.size,
            "date": self.date, "date_granularity": self.date_granularity,
            "date_text": self.date_text, "negated": self.negated, "modality": self.modality,
            "attribution": self.attribution, "confidence": self.confidence,
            "reasons": dict(self.reasons), "coder": self.coder,
            "published": self.published, "title": self.title, "source": self.source,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    """A story (or a piece of input) that a stage could not handle, and why."""

    story_id: str
    stage: str
    reason: str
    origin: str = ""


@dataclass(frozen=True, slots=True)
class CodedStory:
    """Everything the pipeline produced for one story."""

    story: Story
    sentences: tuple[Sentence, ...]
    events: tuple[Event, ...]


def event_id(story_id: str, sentence: int, event: str,
             actor_ids: tuple[str, ...], recipient_ids: tuple[str, ...]) -> str:
    """The stable event id of DESIGN.md section 2."""
    key = "\x1f".join([story_id, str(sentence), event, ",".join(actor_ids),
                       ",".join(recipient_ids)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
