"""Web pages and HTML fragments to text, through trafilatura (the one HTML extractor we use).

A whole page (a saved .html file, a WARC response, a fetched URL) goes through main-text
extraction, which drops menus and page furniture; a fragment (a feed item's content) is already
the article's text, so it only loses its markup.
"""

from __future__ import annotations

from typing import Any

from khaldun.ingest.fields import STAGE, publication_day, story_from_fields
from khaldun.records import Rejection, Story

NO_MAIN_TEXT = "no main text found in the HTML page"


def page_story(html: str | bytes, *, story_id: str, origin: str, url: str | None = None,
               fallback_day: str | None = None, fallback_source: str | None = None
               ) -> Story | Rejection:
    """A story from a whole HTML page: main text, title, date, site name. `url` (where the page
    was fetched or archived) wins over the page's own canonical link; `fallback_day` and
    `fallback_source` are used when the page names no date or site."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    body = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not body or not body.strip():
        return Rejection(story_id, STAGE, NO_MAIN_TEXT, origin)
    meta = trafilatura.extract_metadata(html)
    fields: dict[str, Any] = {"id": story_id, "text": body, "url": url}
    if meta is not None:
        fields.update(title=meta.title, published=meta.date, source=meta.sitename,
                      url=url or meta.url)
    fields["published"] = _day_or_none(fields.get("published")) or fallback_day
    fields["source"] = fields.get("source") or fallback_source
    return story_from_fields(fields, default_id=story_id, origin=origin)


def _day_or_none(value: object) -> str | None:
    """The page's own date when it is a real one; trafilatura's guess is not worth a
    rejection when a fallback (the archive or feed date) exists."""
    if not isinstance(value, str):
        return None
    try:
        return publication_day(value)
    except ValueError:
        return None


def decode_page(body: bytes, content_type: str) -> str | bytes:
    """The page as text when its charset is declared and right; else the bytes, for
    trafilatura to guess the encoding."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            try:
                return body.decode(value.strip().strip("\"'"))
            except (LookupError, UnicodeDecodeError):
                break
    return body


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment such as a feed item's content: paragraphs on their own
    lines, entities decoded, no markup. Empty when the fragment holds no text."""
    import trafilatura

    # Wrapped as an article so that trafilatura keeps the whole fragment as the main text.
    text = trafilatura.extract(f"<html><body><article>{html}</article></body></html>",
                               include_comments=False, include_tables=False)
    if text and text.strip():
        return text
    # A fragment trafilatura judged not to be text (a lone link, a list): all of its text.
    return str(trafilatura.html2txt(f"<html><body>{html}</body></html>"))
