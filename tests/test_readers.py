from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from khaldun.ingest.readers import read_paths
from khaldun.records import Rejection, Story


def read(*paths: Path | str, lines: bool = False, stdin: bytes | None = None) -> list:
    return list(read_paths([str(p) for p in paths], lines=lines,
                           stdin=io.BytesIO(stdin) if stdin is not None else None))


def test_readers_txt_is_one_story_named_after_the_file(tmp_path: Path) -> None:
    f = tmp_path / "report.txt"
    f.write_text("Rebels attacked the town.\nTroops withdrew.", encoding="utf-8")
    (story,) = read(f)
    assert isinstance(story, Story)
    assert story.id == "report.txt"
    assert "Troops withdrew." in story.text


def test_readers_txt_lines_makes_a_story_per_nonempty_line(tmp_path: Path) -> None:
    f = tmp_path / "lines.txt"
    f.write_text("First story.\n\nSecond story.\n", encoding="utf-8")
    stories = read(f, lines=True)
    assert [s.id for s in stories] == ["lines.txt:1", "lines.txt:3"]


def test_readers_jsonl_fields_flow_through(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    row = {"id": "s1", "text": "Police arrested two men.", "published": "2020-05-01",
           "title": "Arrests", "source": "Wire", "url": "https://example.org/1", "extra": 1}
    f.write_text(json.dumps(row) + "\n", encoding="utf-8")
    (story,) = read(f)
    assert (story.id, story.published, story.title, story.source, story.url) == (
        "s1", "2020-05-01", "Arrests", "Wire", "https://example.org/1")


def test_readers_jsonl_timestamp_published_keeps_the_date(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "s", "text": "x y", "published": "2020-05-01T10:00:00Z"}),
                 encoding="utf-8")
    assert read(f)[0].published == "2020-05-01"


def test_readers_csv_rows_are_stories(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text('id,text,published\nc1,"Troops shelled the village, officials said.",'
                 "2019-01-02\nc2,Talks began.,\n", encoding="utf-8")
    stories = read(f)
    assert [(s.id, s.published) for s in stories] == [("c1", "2019-01-02"), ("c2", None)]


def test_readers_html_main_text(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    body = " ".join(["Kenyan police arrested twelve protesters in Nairobi on Monday."] * 3)
    f.write_text(f"<html><head><title>Nairobi arrests</title></head><body><nav>Home | News"
                 f"</nav><article><h1>Nairobi arrests</h1><p>{body}</p><p>The interior "
                 f"ministry said the protest had not been authorised by the city.</p>"
                 f"</article></body></html>", encoding="utf-8")
    (story,) = read(f)
    assert isinstance(story, Story)
    assert "Kenyan police arrested" in story.text
    assert "Home | News" not in story.text


def test_readers_folder_is_recursive_and_ids_are_relative(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text("Two.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    assert [s.id for s in read(tmp_path)] == ["a.txt", "sub/b.txt"]


@pytest.mark.parametrize(("stdin", "expected"), [
    (b"Protesters marched in Lima.", ["stdin"]),
    (b'{"id": "j1", "text": "Protesters marched."}\n', ["j1"]),
])
def test_readers_stdin_text_or_jsonl(stdin: bytes, expected: list[str]) -> None:
    assert [s.id for s in read("-", stdin=stdin)] == expected


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    ("latin1.txt", "Caf\u00e9 bombed".encode("latin-1"), "invalid UTF-8 at byte 3"),
    ("notes.docx", b"PK\x03\x04", "unknown file type '.docx'"),
    ("nocol.csv", b"id,body\n1,Troops attacked.\n", "CSV has no 'text' column"),
])
def test_readers_bad_files_become_rejections(tmp_path: Path, name: str, content: bytes,
                                             reason: str) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    (item,) = read(f)
    assert isinstance(item, Rejection)
    assert item.stage == "ingest"
    assert reason in item.reason
    assert "\n" not in item.reason


def test_readers_malformed_json_line_rejected_rest_read(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text('{"id": "ok1", "text": "Fine."}\n{"id": "bad", "text": \n'
                 '{"id": "ok2", "text": "Also fine."}\n[1, 2]\n{"id": "empty", "text": ""}\n',
                 encoding="utf-8")
    items = read(f)
    assert [type(i).__name__ for i in items] == ["Story", "Rejection", "Story", "Rejection",
                                                  "Rejection"]
    assert "malformed JSON on line 2" in items[1].reason
    assert "not a JSON object" in items[3].reason
    assert "no text" in items[4].reason


@pytest.mark.parametrize(("name", "content"), [
    ("empty.jsonl", b""), ("blank.csv", b" \n\n"), ("binary.jsonl", b'{"id": 1}\x00\x01'),
    ("latin1.csv", "id,text\n1,Caf\u00e9 bombed\n".encode("latin-1")),
])
def test_readers_bad_files_of_many_stories_become_rejections(tmp_path: Path, name: str,
                                                              content: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    (item,) = read(f)
    assert isinstance(item, Rejection) and item.stage == "ingest"


def test_readers_stream_files_of_many_stories_a_bad_line_alone_is_rejected(
        tmp_path: Path) -> None:
    f = tmp_path / "many.jsonl"
    f.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "Troops left."}\n'
                  + '{"id": "b", "text": "Caf\u00e9 bombed."}\n'.encode("latin-1")
                  + b'{"id": "c", "text": "Rebels attacked."}\n')
    items = iter(read_paths([str(f)]))
    first = next(items)  # read lazily: the rest of the file is not needed yet
    assert isinstance(first, Story) and first.id == "a"
    rest = list(items)
    assert isinstance(rest[0], Rejection) and "invalid UTF-8" in rest[0].reason
    assert rest[0].story_id == "many.jsonl:2"
    assert isinstance(rest[1], Story) and rest[1].id == "c"
    lines = tmp_path / "lines.txt"
    lines.write_bytes(b"One story.\r\n\r\nAnother story.\n")
    assert [(s.id, s.text) for s in read(lines, lines=True)] == [
        ("lines.txt:1", "One story."), ("lines.txt:3", "Another story.")]


def test_readers_bad_published_and_foreign_language_field(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "d", "text": "x", "published": "last week"}\n'
                 '{"id": "l", "text": "x", "language": "fr"}\n', encoding="utf-8")
    a, b = read(f)
    assert "'published' must be a date" in a.reason
    assert "language 'fr' is not supported" in b.reason


def test_readers_missing_path(tmp_path: Path) -> None:
    (item,) = read(tmp_path / "nope.txt")
    assert isinstance(item, Rejection) and "no such file" in item.reason


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("published", "2025-03-10", "2025-03-10"),
    ("published", "Tue, 10 Mar 2025 14:05:00 GMT", "2025-03-10"),
    ("published", "10 Mar 2025", "2025-03-10"),
    ("published", "Tue, 10 Mar 25 23:05 EST", "2025-03-10"),  # the day as written, not UTC
    ("date", "2025-03-10T14:05:00Z", "2025-03-10"),
    ("Date", "2025-03-10T23:30:00-05:00", "2025-03-10"),
    ("pubDate", "Mon, 10 March 2025 14:05:00 +0100", "2025-03-10"),
    ("published_at", "2025-03-10 14:05:00", "2025-03-10"),
    ("publication_date", "2025-03-10", "2025-03-10"),
    ("pub_date", "2025-03-10", "2025-03-10"),
    ("datePublished", "2025-03-10T14:05:00.123+00:00", "2025-03-10"),
])
def test_readers_date_columns_under_common_names(tmp_path: Path, column: str, value: str,
                                                 expected: str) -> None:
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"id": "j", "text": "x y", column: value}), encoding="utf-8")
    csv_file = tmp_path / "a.csv"
    csv_file.write_text(f'id,text,{column}\nc,x y,"{value}"\n', encoding="utf-8")
    assert [s.published for s in read(jsonl, csv_file)] == [expected, expected]


def test_readers_published_wins_over_other_date_names(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("id,text,date,published\na,x y,2020-01-01,2021-02-03\nb,x y,2020-01-01,\n",
                 encoding="utf-8")
    assert [s.published for s in read(f)] == ["2021-02-03", "2020-01-01"]


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("published", "2024-02-30", "'published' is not a real date, got '2024-02-30'"),
    ("date", "Mon, 31 Feb 2025 10:00:00 GMT", "'date' is not a real date"),
    ("pubDate", "Tue, 10 Foo 2025", "'pubDate' must be a date (YYYY-MM-DD, an ISO 8601"),
    ("published_at", "yesterday", "'published_at' must be a date"),
])
def test_readers_impossible_date_rejects_the_story_alone(tmp_path: Path, column: str,
                                                         value: str, reason: str) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "bad", "text": "x y", column: value}) + "\n"
                 + json.dumps({"id": "ok", "text": "x y", column: "2025-03-10"}) + "\n",
                 encoding="utf-8")
    bad, ok = read(f)
    assert isinstance(bad, Rejection) and bad.reason.startswith(reason)
    assert isinstance(ok, Story) and ok.published == "2025-03-10"
