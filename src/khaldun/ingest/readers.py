"""Readers: turn paths (files, folders, `-` for stdin) into `Story` records.

Anything that cannot be read becomes a `Rejection` with the reason; reading goes on with the next
file or line. Supported: .txt (one story per file, or one per line with `lines=True`), .jsonl,
.csv, .html/.htm (main text through trafilatura), RSS/Atom feeds (.rss, .atom, and .xml when
its root is a feed: feeds.py), web archives (.warc, .warc.gz: warc.py), lists of URLs (.urls)
and URLs given as paths (urls.py; fetched only when a `Fetcher` is passed), folders
(recursive).
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from khaldun.ingest.feeds import FEED_SUFFIXES, feed_root, is_feed, read_feed
from khaldun.ingest.fetch import Fetcher
from khaldun.ingest.fields import STAGE, story_from_fields
from khaldun.ingest.pages import page_story
from khaldun.ingest.urls import URL_SUFFIXES, is_url, linked_text, read_url, read_url_list
from khaldun.ingest.warc import WARC_SUFFIXES, read_warc
from khaldun.records import Rejection, Story

__all__ = ["KNOWN_SUFFIXES", "read_paths", "story_from_fields"]
TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
HTML_SUFFIXES = (".html", ".htm")
KNOWN_SUFFIXES = (TEXT_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
                  + WARC_SUFFIXES + URL_SUFFIXES)
# A CSV field may be as long as a story may be (max_story_chars is checked later, with its
# own message); the csv module's default limit of 131,072 would end the file's reading.
csv.field_size_limit(64 * 1024 * 1024)

Item = Story | Rejection
_BINARY = "binary file (contains NUL bytes); give a text, JSONL, CSV or HTML file"


def read_paths(paths: Sequence[str], *, lines: bool = False, stdin: BinaryIO | None = None,
               fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Yield a Story or a Rejection for every story found under `paths`, in order. A path may
    be an http(s) URL; URLs (given or in .urls files) and the pages feed items link to are
    fetched only through `fetcher` (None: no network, each URL a rejection)."""
    for raw in paths:
        if is_url(raw):
            yield from read_url(raw, origin=raw, fetcher=fetcher)
            continue
        if raw == "-":
            if stdin is None:
                yield Rejection("<stdin>", STAGE, "no standard input to read", "-")
                continue
            yield from _read_stdin(stdin, lines=lines)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                yield from _read_file(child, name=child.relative_to(path).as_posix(),
                                      lines=lines, fetcher=fetcher)
        elif path.is_file():
            yield from _read_file(path, name=path.name, lines=lines, fetcher=fetcher)
        else:
            yield Rejection(path.name or raw, STAGE, f"no such file or folder: {raw}", raw)


def _read_stdin(stdin: BinaryIO, *, lines: bool) -> Iterator[Item]:
    """Standard input: JSONL when it starts with '{' (or text with --lines) is read line by
    line, so one bad line is one rejection; otherwise the whole stream is one story."""
    head = stdin.read(8192)
    first = head.lstrip()[:1]
    if first == b"{" or (lines and head.strip()):
        suffix = ".jsonl" if first == b"{" else ".txt"
        rest = iter(lambda: stdin.read(1 << 16), b"")
        yield from _stream_lines(_joined_lines(head, rest), name="stdin", origin="-",
                                 suffix=suffix)
        return
    yield from _read_bytes(head + stdin.read(), name="stdin", origin="-", suffix=None,
                           lines=lines)


def _joined_lines(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Lines (with their ends) of a byte stream given as a first chunk and the rest."""
    pending = b""
    for chunk in itertools.chain([head], chunks):
        *complete, pending = (pending + chunk).split(b"\n")
        for line in complete:
            yield line + b"\n"
    if pending:
        yield pending


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def _read_file(path: Path, *, name: str, lines: bool,
               fetcher: Fetcher | None) -> Iterator[Item]:
    suffix = _suffix(path)
    if suffix not in KNOWN_SUFFIXES:
        yield Rejection(name, STAGE,
                        f"unknown file type {suffix or '(none)'!r}; expected one of "
                        f"{', '.join(KNOWN_SUFFIXES)}", str(path))
        return
    try:
        if suffix in JSONL_SUFFIXES + CSV_SUFFIXES or (lines and suffix in TEXT_SUFFIXES):
            yield from _stream_file(path, name=name, suffix=suffix)
            return
        if suffix in WARC_SUFFIXES:
            yield from read_warc(path, name=name)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(name, STAGE, f"cannot read file: {exc.strerror}", str(path))
        return
    if suffix in FEED_SUFFIXES:
        yield from _read_feed_file(data, name=name, origin=str(path), suffix=suffix,
                                   fetcher=fetcher)
    elif suffix in URL_SUFFIXES:
        text, problem = _decode(data)
        if problem:
            yield Rejection(name, STAGE, problem, str(path))
        else:
            yield from read_url_list(text, name=name, origin=str(path), fetcher=fetcher)
    else:
        yield from _read_bytes(data, name=name, origin=str(path), suffix=suffix, lines=lines)


def _read_feed_file(data: bytes, *, name: str, origin: str, suffix: str,
                    fetcher: Fetcher | None) -> Iterator[Item]:
    """A feed file; `.xml` is many things, so it is read only when its root is a feed's."""
    if not data.strip():
        yield Rejection(name, STAGE, "empty file", origin)
        return
    if suffix == ".xml" and not is_feed(data[:4096]):
        root = feed_root(data[:4096])
        yield Rejection(name, STAGE, f"an .xml file is read only as an RSS or Atom feed; this "
                        f"one's root element is {f'<{root}>' if root else 'missing'}", origin)
        return
    page_text = None if fetcher is None else (lambda link: linked_text(link, fetcher))
    yield from read_feed(data, name=name, origin=origin, page_text=page_text)


def _stream_file(path: Path, *, name: str, suffix: str) -> Iterator[Item]:
    """A file of many stories (JSONL, CSV, a text file with --lines) read line by line, so
    memory does not grow with the file and a line that is not UTF-8 is rejected on its own."""
    origin = str(path)
    with path.open("rb") as fh:
        head = fh.read(8192)
        blank = not head.strip() and not any(chunk.strip() for chunk in iter(
            lambda: fh.read(1 << 16), b""))
        if blank or b"\x00" in head:
            yield Rejection(name, STAGE, "empty file" if blank else _BINARY, origin)
            return
        fh.seek(0)
        yield from _stream_lines(fh, name=name, origin=origin, suffix=suffix)


def _stream_lines(raw_lines: Iterable[bytes], *, name: str, origin: str,
                  suffix: str) -> Iterator[Item]:
    if suffix in CSV_SUFFIXES:
        yield from _read_csv_lines(raw_lines, name=name, origin=origin)
        return
    for number, raw in enumerate(raw_lines, start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield Rejection(f"{name}:{number}", STAGE,
                            f"invalid UTF-8 at byte {exc.start} of line {number}; re-save "
                            f"the file as UTF-8", f"{origin}:{number}")
            continue
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl_line(line, number, name=name, origin=origin)
        elif line.strip():
            story_id = f"{name}:{number}"
            text = line.rstrip("\r\n")
            yield Story(id=story_id, text=text, origin=f"{origin}:{number}")


def _decode(data: bytes) -> tuple[str, str | None]:
    """Decode UTF-8 text; the second value says why the bytes are not text, if they are not."""
    if not data.strip():
        return "", "empty file"
    if b"\x00" in data[:8192]:
        return "", _BINARY
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return "", f"invalid UTF-8 at byte {exc.start}; re-save the file as UTF-8"


def _read_bytes(data: bytes, *, name: str, origin: str, suffix: str | None,
                lines: bool) -> Iterator[Item]:
    text, problem = _decode(data)
    if problem:
        yield Rejection(name, STAGE, problem, origin)
        return
    if suffix is None:  # stdin: JSONL when it starts with an object, else text
        suffix = ".jsonl" if text.lstrip().startswith("{") else ".txt"
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(text, name=name, origin=origin)
    elif suffix in CSV_SUFFIXES:
        yield from _read_csv(text, name=name, origin=origin)
    elif suffix in HTML_SUFFIXES:
        yield _read_html(text, name=name, origin=origin)
    elif lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                yield Story(id=f"{name}:{number}", text=line, origin=f"{origin}:{number}")
    else:
        yield Story(id=name, text=text, origin=origin)


def _read_jsonl(text: str, *, name: str, origin: str) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), start=1):
        yield from _jsonl_line(line, number, name=name, origin=origin)


def _jsonl_line(line: str, number: int, *, name: str, origin: str) -> Iterator[Item]:
    if not line.strip():
        return
    where = f"{origin}:{number}"
    try:
        fields = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Rejection(f"{name}:{number}", STAGE,
                        f"malformed JSON on line {number}: {exc.msg} at column {exc.colno}",
                        where)
        return
    except RecursionError:
        yield Rejection(f"{name}:{number}", STAGE,
                        f"JSON on line {number} is nested too deeply to read", where)
        return
    if not isinstance(fields, dict):
        yield Rejection(f"{name}:{number}", STAGE, f"line {number} is not a JSON object", where)
        return
    yield story_from_fields(fields, default_id=f"{name}:{number}", origin=where)


def _read_csv(text: str, *, name: str, origin: str) -> Iterator[Item]:
    yield from _read_csv_lines((line.encode("utf-8") for line in text.splitlines(True)),
                               name=name, origin=origin)


def _read_csv_lines(raw_lines: Iterable[bytes], *, name: str, origin: str) -> Iterator[Item]:
    """CSV records from raw lines, each line decoded on its own: a record with a byte that is
    not UTF-8, or a malformed record, is rejected alone and the rows around it are read."""
    bad: set[int] = set()  # physical line numbers that were not UTF-8

    def decoded() -> Iterator[str]:
        for number, raw in enumerate(raw_lines, start=1):
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                bad.add(number)
                yield raw.decode("utf-8", errors="replace")

    reader = csv.reader(decoded())
    try:
        columns = next(reader, [])
    except csv.Error as exc:
        yield Rejection(name, STAGE, f"CSV header cannot be read: {exc}", origin)
        return
    if bad:
        yield Rejection(name, STAGE, "invalid UTF-8 in the CSV header; re-save the file as "
                        "UTF-8", origin)
        return
    if "text" not in columns:
        yield Rejection(name, STAGE,
                        f"CSV has no 'text' column (columns: {', '.join(columns) or 'none'})",
                        origin)
        return
    first = reader.line_num + 1  # physical line where the next record starts
    while True:
        where = f"{origin}:{first}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Rejection(f"{name}:{first}", STAGE, f"malformed CSV record at line {first}: "
                            f"{exc}", where)
            first = reader.line_num + 1
            continue
        lines = set(range(first, reader.line_num + 1))
        first = reader.line_num + 1
        if lines & bad:
            yield Rejection(f"{name}:{min(lines)}", STAGE, f"invalid UTF-8 in the CSV record "
                            f"at line {min(lines & bad)}; re-save the file as UTF-8", where)
            continue
        if not any(cell.strip() for cell in row):
            continue
        yield story_from_fields(dict(zip(columns, row, strict=False)),
                                default_id=f"{name}:{min(lines)}", origin=where)


def _read_html(text: str, *, name: str, origin: str) -> Item:
    return page_story(text, story_id=name, origin=origin)
