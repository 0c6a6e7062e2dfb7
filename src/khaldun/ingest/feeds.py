"""RSS and Atom feeds (read with feedparser): every item of a feed is a story.

- id: the item's own identifier (RSS `<guid>`, Atom `<id>`), else its link, else
  `sha256:` and 16 hex digits of a hash of the feed's title, the item's title and its text. The
  id does not depend on the file name or on when the feed was read, so the same item read
  again, from a file or a URL, is the same story.
- title, url (the item's link, when it is an http(s) address), source (the feed's title).
- published: the item's `<pubDate>` (Atom `<published>`), else its updated date, cut to the
  day as written (see fields.publication_day); a form we do not read but feedparser does is
  taken from feedparser, in UTC.
- text: the item's content, else its summary, as plain text (pages.fragment_text); when the
  caller passes `page_text` (khaldun code --fetch), the linked page's main text instead.

An item that cannot be a story (no text, an impossible date) is a rejection and the next item
is read. A repeated item comes out twice with one id; pipeline.unique_ids rejects the second.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

from khaldun.ingest.fields import STAGE, publication_day, story_from_fields
from khaldun.ingest.pages import fragment_text
from khaldun.records import Rejection, Story

FEED_SUFFIXES = (".rss", ".atom", ".xml")
# The first element of an XML document (after its declaration, comments and doctype).
_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")
_FEED_ROOTS = (b"rss", b"feed", b"RDF")  # RSS 2.0, Atom, RSS 1.0 (rdf:RDF)

PageText = Callable[[str], str | None]


def feed_root(head: bytes) -> str | None:
    """The root element's name when the bytes start an XML document; None if they do not."""
    root = _ROOT.search(head)
    return root.group(1).decode("ascii", "replace") if root else None


def is_feed(head: bytes) -> bool:
    """Whether a document's root element is a feed's: rss, feed (Atom) or rdf:RDF."""
    root = _ROOT.search(head)
    return root is not None and root.group(1).split(b":")[-1] in _FEED_ROOTS


def read_feed(data: bytes, *, name: str, origin: str,
              page_text: PageText | None = None) -> Iterator[Story | Rejection]:
    """Every item of an RSS or Atom document as a Story or a Rejection; a document that is no
    feed, or a feed without items, is one rejection named after the file."""
    import feedparser  # imported here: only feeds need it

    # Bytes, never a str: feedparser reads a str as a URL or a file name to open.
    parsed = feedparser.parse(bytes(data))
    entries = parsed.get("entries", [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        reason = (f"not a readable RSS or Atom feed: {problem}" if problem is not None
                  else "the feed has no items")
        yield Rejection(name, STAGE, reason, origin)
        return
    if problem is not None and _is_xml_error(problem):
        # feedparser's tolerant parser still found items; items after the fault may be gone.
        yield Rejection(name, STAGE, f"the feed is not well-formed XML ({problem}); the "
                        f"{len(entries)} items found around the fault were read, later ones "
                        f"may be missing", origin)
    source = _plain(parsed.feed.get("title_detail")) or None
    for number, entry in enumerate(entries, start=1):
        yield _item_story(entry, source=source, origin=f"{origin}#item{number}",
                          page_text=page_text)


def _is_xml_error(problem: object) -> bool:
    from xml.sax import SAXException

    return isinstance(problem, SAXException)


def _plain(detail: Any) -> str:
    """Text of a feedparser text construct ({'type': ..., 'value': ...}) without markup."""
    if not detail or not detail.get("value"):
        return ""
    value = str(detail["value"])
    if "html" in str(detail.get("type", "")) and "<" in value:
        return fragment_text(value).strip()
    return value.strip()


def _is_web(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def item_id(entry: Any, *, source: str | None, title: str, text: str) -> str:
    """The id rule of the module docstring: guid/id, else link, else a content hash."""
    for key in ("id", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    key = "\x1f".join([source or "", title, text])
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _item_text(entry: Any) -> str:
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        text = _plain(detail)
        if text:
            return text
    return ""


def _item_day(entry: Any) -> str | None:
    """The item's date as written; feedparser's own (UTC) reading for forms we do not read."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return publication_day(str(raw))
        except ValueError:
            struct = entry.get(f"{key}_parsed")
            if isinstance(struct, time.struct_time):
                return time.strftime("%Y-%m-%d", struct)
            return str(raw)  # left for story_from_fields to reject with its reason
    return None


def _item_story(entry: Any, *, source: str | None, origin: str,
                page_text: PageText | None) -> Story | Rejection:
    title = _plain(entry.get("title_detail"))
    text = _item_text(entry)
    story_id = item_id(entry, source=source, title=title, text=text)
    # feedparser copies a guid or Atom id into `link` when there is no link ('hw-3',
    # 'tag:...'): only a web address is a link.
    link = entry.get("link") if _is_web(entry.get("link")) else None
    if page_text is not None and link:
        text = page_text(link) or text  # the feed's own text when the page gives none
    if not text:
        return Rejection(story_id, STAGE, "the feed item has no content or summary (the "
                         "linked page is read only with --fetch)", origin)
    return story_from_fields({"id": story_id, "text": text, "title": title or None,
                              "published": _item_day(entry), "source": source, "url": link},
                             default_id=story_id, origin=origin)
