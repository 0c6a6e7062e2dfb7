"""The story contract's fields (DESIGN.md section 2) turned into a `Story`, or a `Rejection`.

Every reader (JSONL, CSV, feeds, WARC, fetched pages) builds its stories here, so a field is
checked the same way whatever the input format. The publication date is read from `published`
or, when that is absent, from the first of its common other names (`DATE_KEYS`), and a
date-time in ISO 8601 or RFC 822 form is cut to its day.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from khaldun.records import Rejection, Story

STAGE = "ingest"
# Column or key names taken for the publication date, in order of preference; matched without
# regard to case ('Date', 'PUBDATE').
DATE_KEYS = ("published", "pubDate", "pub_date", "published_at", "publication_date",
             "publish_date", "date_published", "datePublished", "date")
_DATE_KEYS_LOWER = tuple(key.lower() for key in DATE_KEYS)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# RFC 822 / 2822 as feeds and mail write it: an optional weekday, then day, month name, year,
# and whatever time and zone follow ('Tue, 10 Mar 2025 14:05:00 GMT').
_RFC822 = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?,?\s+"
                     r"(\d{4}|\d{2})(?!\d)")
_MONTHS = {name: n for n, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_SURROGATE = re.compile("[\ud800-\udfff]")
FORMATS = "YYYY-MM-DD, an ISO 8601 date-time or an RFC 822 date"


def publication_day(value: str) -> str:
    """The day a date or date-time names, as YYYY-MM-DD. The day is the one written, in the
    writer's own time zone, never moved to UTC: '2025-03-10T23:30:00-05:00' is 2025-03-10,
    the day the story's readers saw. Raises ValueError with the reason."""
    value = value.strip()
    iso = _ISO.match(value)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        rfc = _RFC822.match(value)
        if not rfc or rfc.group(2).lower() not in _MONTHS:
            raise ValueError(f"must be a date ({FORMATS})")
        day, month = int(rfc.group(1)), _MONTHS[rfc.group(2).lower()]
        year = int(rfc.group(3))
        if len(rfc.group(3)) == 2:  # RFC 2822 section 4.3: 00-49 are 2000s, 50-99 1900s
            year += 2000 if year < 50 else 1900
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise ValueError("is not a real date") from None


def _date_field(fields: dict[str, Any]) -> tuple[str, Any]:
    """The key and value of the publication date: `published` if given, else the first other
    date name (`DATE_KEYS`) with a value."""
    by_lower: dict[str, str] = {}
    for key in fields:
        if isinstance(key, str):
            by_lower.setdefault(key.lower(), key)
    for name in _DATE_KEYS_LOWER:
        found = by_lower.get(name)
        if found is not None and fields[found] not in (None, ""):
            return found, fields[found]
    return "published", None


def story_from_fields(fields: dict[str, Any], *, default_id: str, origin: str) -> Story | Rejection:
    """Build a Story from the contract's fields (DESIGN.md section 2); other keys are ignored."""
    story_id = fields.get("id")
    story_id = default_id if story_id in (None, "") else str(story_id)
    if _SURROGATE.search(story_id):
        return Rejection(_SURROGATE.sub("\ufffd", story_id), STAGE, "the id is not valid "
                         "Unicode (a lone surrogate escape such as \\ud800); fix the id", origin)
    date_key, published = _date_field(fields)
    for key in ("text", "title", "source", "url", date_key, "language"):
        value = fields.get(key)
        if isinstance(value, str) and _SURROGATE.search(value):
            return Rejection(story_id, STAGE, f"the {key!r} field is not valid Unicode (a lone "
                             f"surrogate escape such as \\ud800); fix the field", origin)
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejection(story_id, STAGE, "no text: the 'text' field is missing or empty", origin)
    if published is not None:
        try:
            published = publication_day(str(published))
        except ValueError as exc:
            return Rejection(story_id, STAGE, f"{date_key!r} {exc}, got {published!r}", origin)
    if fields.get("language") not in (None, "", "en"):
        return Rejection(story_id, STAGE,
                         f"language {fields['language']!r} is not supported; Khaldun codes "
                         f"English ('en')", origin)

    def optional(key: str) -> str | None:
        value = fields.get(key)
        return None if value in (None, "") else str(value)

    return Story(id=story_id, text=text, published=published, title=optional("title"),
                 source=optional("source"), url=optional("url"), origin=origin)
