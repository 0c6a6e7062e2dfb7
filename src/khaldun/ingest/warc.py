"""WARC and WARC.gz web archives (read with warcio): every archived HTML page is a story.

- A `response` (or `resource`) record whose content is HTML becomes a story through
  trafilatura's main-text extraction (pages.page_story): id and url are the record's
  WARC-Target-URI (so the same page read from a feed link, a fetch or an archive is one story),
  published is the page's own date if trafilatura finds one, else the day of the WARC-Date.
- A response that is not a page (an image, a PDF, a 404, a redirect) is a rejection that says
  what it was, so every capture is accounted for; `request`, `metadata`, `warcinfo` and
  `revisit` records hold no page of their own and are passed over.
- A record warcio cannot read is a rejection named `<file>@<byte offset>`; reading goes on at
  the next record found after it (the next gzip member, or the next `WARC/` header line).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from khaldun.ingest.fields import STAGE, publication_day
from khaldun.ingest.pages import decode_page, page_story
from khaldun.records import Rejection, Story

WARC_SUFFIXES = (".warc", ".warc.gz")
_PAGE_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Where a record can start: a gzip member's magic bytes, or a WARC header's first line.
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."
_MAX_PAGE_BYTES = 20 * 1024 * 1024  # a bigger "page" is not a news article


def read_warc(path: Path, *, name: str) -> Iterator[Story | Rejection]:
    """Every HTML capture of a WARC file as a Story, every other capture and every unreadable
    record as a Rejection, in file order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    origin = str(path)
    with path.open("rb") as fh:
        head = fh.read(2)
        if not head:  # warcio reads an empty file as an archive of no records
            yield Rejection(name, STAGE, "empty file", origin)
            return
        gzipped = head == _GZIP_MAGIC[:2]
        start: int | None = 0
        while start is not None:
            fh.seek(start)
            records = ArchiveIterator(fh)  # its offsets count from the file's start
            start = None
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    break
                except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
                    # warcio stops at a record it cannot read; go on at the next one.
                    bad = records.offset
                    yield Rejection(f"{name}@{bad}", STAGE, f"unreadable WARC record at byte "
                                    f"{bad}: {_one_line(exc)}; the records after it are read",
                                    f"{origin}@{bad}")
                    start = _next_record(fh, after=bad, gzipped=gzipped)
                    break
                # Where this record starts (warcio's get_record_offset would read it first).
                where = f"{origin}@{records.offset}"
                try:
                    item = _capture(record, name=name, origin=where)
                except (OSError, EOFError, ValueError, zlib.error) as exc:
                    item = Rejection(f"{name}@{records.offset}", STAGE,
                                     f"unreadable WARC record content: {_one_line(exc)}", where)
                if item is not None:
                    yield item


def _next_record(fh: BinaryIO, *, after: int, gzipped: bool) -> int | None:
    """Offset of the first place after `after` where a record may start, or None."""
    marker = _GZIP_MAGIC if gzipped else _WARC_LINE
    position = after + 1
    fh.seek(position)
    tail = b""
    while chunk := fh.read(1 << 20):
        found = (tail + chunk).find(marker)
        if found >= 0:
            hit = position - len(tail) + found
            return hit if gzipped else hit + 1  # the WARC line starts after the newline
        tail = chunk[-(len(marker) - 1):]
        position += len(chunk)
    return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _capture(record: Any, *, name: str, origin: str) -> Story | Rejection | None:
    if record.rec_type not in _PAGE_RECORDS:
        return None
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    story_id = url or f"{name}@{origin.rsplit('@', 1)[-1]}"
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        content_type = record.http_headers.get_header("Content-Type") or ""
        if not status.startswith("2"):
            return Rejection(story_id, STAGE, f"archived response has HTTP status "
                             f"{status or 'unknown'}, not a page; skipped", origin)
    else:  # a resource record: the WARC header gives the content's type
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media = content_type.split(";")[0].strip().lower()
    if media not in _HTML_TYPES:
        return Rejection(story_id, STAGE, f"archived response is {media or 'of no stated type'},"
                         f" not an HTML page; skipped", origin)
    stream = record.content_stream()
    body = bytearray()
    while len(body) <= _MAX_PAGE_BYTES and (chunk := stream.read(1 << 16)):
        body += chunk
    if len(body) > _MAX_PAGE_BYTES:
        return Rejection(story_id, STAGE, f"archived page is over {_MAX_PAGE_BYTES:,} bytes; "
                         f"skipped", origin)
    return page_story(decode_page(bytes(body), content_type), story_id=story_id, origin=origin,
                      url=url or None, fallback_day=_warc_day(record))


def _warc_day(record: Any) -> str | None:
    try:
        return publication_day(record.rec_headers.get_header("WARC-Date") or "")
    except ValueError:
        return None
