"""Nothing lost to bad input, nothing clobbered (issue 17, items 1-4). Each test reproduces
one way data was lost before: an export over the database, repeated ids dropped silently, one
malformed field aborting a run, one bad byte losing a whole stream or the rows before it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from khaldun.errors import KhaldunError
from khaldun.ingest.readers import read_paths
from khaldun.pipeline import unique_ids
from khaldun.records import CodedStory, Rejection, Story
from khaldun.store.db import Store
from khaldun.store.export import export


def _stored_db(path: Path, stories: list[Story]) -> None:
    with Store.open(path) as store:
        run_id = store.start_run(command="test", coder="test", model="none")
        store.write_batch([CodedStory(s, (), ()) for s in stories], run_id=run_id)


# 1. export -o never clobbers the database or an existing file


def test_export_refuses_to_write_onto_its_database(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    _stored_db(db, [Story("s1", "Troops attacked the town.")])
    before = db.read_bytes()
    with Store.open(db, read_only=True) as store, pytest.raises(KhaldunError, match="database"):
        export(store, "jsonl", db, force=True)
    assert db.read_bytes() == before


def test_export_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    _stored_db(db, [Story("s1", "Troops attacked the town.")])
    out = tmp_path / "keep.csv"
    out.write_text("precious", encoding="utf-8")
    with Store.open(db, read_only=True) as store:
        with pytest.raises(KhaldunError, match="--force"):
            export(store, "csv", out)
        assert out.read_text(encoding="utf-8") == "precious"
        export(store, "csv", out, force=True)
    assert out.read_text(encoding="utf-8").startswith("id,story_id")
    assert not list(tmp_path.glob(".*partial"))


def test_export_cli_onto_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    _stored_db(db, [Story("s1", "Troops attacked the town.")])
    before = db.read_bytes()
    done = subprocess.run([sys.executable, "-m", "khaldun.apps.cli", "export", "--db", str(db),
                           "-o", str(db), "--force"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "refusing to export onto the database" in done.stderr
    assert "Traceback" not in done.stderr
    assert db.read_bytes() == before


# 2. a repeated id is reported and stored as a rejection, or counted as replaced


def test_pipeline_unique_ids_rejects_later_stories_with_a_seen_id() -> None:
    items = [Story("a", "First text.", origin="f:1"), Story("b", "Other.", origin="f:2"),
             Story("a", "First text.", origin="f:3"), Story("a", "Changed text.", origin="f:4")]
    out = list(unique_ids(items))
    assert [type(x).__name__ for x in out] == ["Story", "Story", "Rejection", "Rejection"]
    same, changed = out[2], out[3]
    assert isinstance(same, Rejection) and "the same story again" in same.reason
    assert isinstance(changed, Rejection) and "different text" in changed.reason
    assert "f:1" in changed.reason  # says which one was kept


def test_store_counts_a_story_replaced_by_new_content(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    _stored_db(db, [Story("s1", "Old text.")])
    with Store.open(db) as store:
        counts = store.write_batch([CodedStory(Story("s1", "New text."), (), ())],
                                   run_id="r2")
        assert (counts.stories, counts.replaced, counts.unchanged) == (1, 1, 0)
        text = store.con.execute("SELECT text FROM stories").fetchall()
    assert text == [("New text.",)]


# 3. every malformed field is a rejection of that story; reading goes on


def _jsonl(tmp_path: Path, lines: list[str]) -> list[Story | Rejection]:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return list(read_paths([str(path)]))


@pytest.mark.parametrize(("line", "reason"), [
    (json.dumps({"id": "d", "text": "Troops attacked.", "published": "2024-02-30"}),
     "not a real date"),
    ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ('{"id": "s\\ud800", "text": "Troops attacked."}', "id is not valid Unicode"),
    ('{"id": "t", "title": "x\\ud800", "text": "Troops attacked."}', "'title' field is not"),
    ('{"id": "u", "text": "Troops \\udfff attacked."}', "'text' field is not"),
])
def test_readers_malformed_field_is_a_rejection_and_reading_goes_on(
        tmp_path: Path, line: str, reason: str) -> None:
    good = json.dumps({"id": "ok", "text": "Police arrested two men."})
    out = _jsonl(tmp_path, [good, line, good.replace('"ok"', '"ok2"')])
    assert [x.id if isinstance(x, Story) else None for x in out] == ["ok", None, "ok2"]
    rejection = out[1]
    assert isinstance(rejection, Rejection) and reason in rejection.reason
    rejection.story_id.encode("utf-8")  # storable: no lone surrogate left in the id


def test_readers_csv_field_longer_than_the_csv_module_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    long_text = "Rebels attacked the town. " * 8000  # 208,000 characters
    path.write_text(f"id,text\nbig,{long_text}\nsmall,Police arrested two men.\n",
                    encoding="utf-8")
    out = list(read_paths([str(path)]))
    assert [(type(x).__name__, x.id if isinstance(x, Story) else x.story_id) for x in out] \
        == [("Story", "big"), ("Story", "small")]


# 4. one bad byte costs one record, never the stream or the rows before it


def test_readers_stdin_jsonl_with_a_bad_byte_keeps_every_good_line() -> None:
    lines = [json.dumps({"id": f"s{n}", "text": "Troops attacked the town."}).encode()
             for n in range(93)]
    lines.insert(50, b'{"id": "bad", "text": "caf\xe9"}')
    out = list(read_paths(["-"], stdin=io.BytesIO(b"\n".join(lines) + b"\n")))
    stories = [x for x in out if isinstance(x, Story)]
    rejected = [x for x in out if isinstance(x, Rejection)]
    assert len(stories) == 93 and len(rejected) == 1
    assert "invalid UTF-8" in rejected[0].reason and rejected[0].story_id == "stdin:51"


def test_readers_stdin_lines_with_a_bad_byte_keeps_every_good_line() -> None:
    data = b"Troops attacked the town.\nPolice \xff arrested two men.\nRebels shelled it.\n"
    out = list(read_paths(["-"], lines=True, stdin=io.BytesIO(data)))
    assert [type(x).__name__ for x in out] == ["Story", "Rejection", "Story"]


def test_readers_csv_with_a_bad_byte_late_keeps_earlier_and_later_rows(tmp_path: Path) -> None:
    rows = [f"r{n},Troops attacked town number {n}.".encode() for n in range(400)]
    rows[350] = b"r350,caf\xe9 was attacked."
    path = tmp_path / "late.csv"
    path.write_bytes(b"id,text\n" + b"\n".join(rows) + b"\n")
    out = list(read_paths([str(path)]))
    stories = [x.id for x in out if isinstance(x, Story)]
    rejected = [x for x in out if isinstance(x, Rejection)]
    assert len(stories) == 399 and stories[0] == "r0" and stories[-1] == "r399"
    assert len(rejected) == 1 and "line 352" in rejected[0].reason


def test_readers_csv_quoted_multiline_record_keeps_its_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_bytes(b'id,text\na,"Troops attacked\nthe town."\nb,"bad \xe9\nbyte"\nc,Fine.\n')
    out = list(read_paths([str(path)]))
    assert [type(x).__name__ for x in out] == ["Story", "Rejection", "Story"]
    assert isinstance(out[0], Story) and out[0].text == "Troops attacked\nthe town."


# 9. CSV exports never hand a spreadsheet a formula


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+1 234", "'+1 234"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Iraqi troops", "Iraqi troops"), (-5.0, -5.0), (None, None),
])
def test_export_csv_cells_are_neutralised(value: object, expected: object) -> None:
    from khaldun.store.export import safe_cell

    assert safe_cell(value) == expected


def test_export_csv_file_neutralises_a_formula_title(tmp_path: Path) -> None:
    import csv

    from tests.test_api import SPECS, make_db

    db = make_db(tmp_path / "f.duckdb", [replace_title(SPECS[0], "=HYPERLINK(\"http://x\")")])
    out = tmp_path / "events.csv"
    with Store.open(db, read_only=True) as store:
        export(store, "csv", out)
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["title"] == "'=HYPERLINK(\"http://x\")"


def replace_title(spec: object, title: str) -> object:
    from dataclasses import replace

    return replace(spec, title=title)  # type: ignore[type-var]


def test_cli_events_negative_limit_is_one_clear_line(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    _stored_db(db, [Story("s1", "Troops attacked the town.")])
    done = subprocess.run([sys.executable, "-m", "khaldun.apps.cli", "events", "--db", str(db),
                           "--limit", "-1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--limit" in done.stderr


# 8. Exports stream: memory stays flat however many events are stored


@pytest.mark.parametrize("fmt", ["jsonl", "geojson", "csv"])
def test_export_streams_instead_of_holding_every_event(tmp_path: Path, fmt: str) -> None:
    import json as json_module
    import tracemalloc
    from dataclasses import replace as swap

    from tests.test_api import SPECS, coded

    template = coded(SPECS[0])
    db = tmp_path / "big.duckdb"
    with Store.open(db) as store:
        for batch in range(10):
            stories = [CodedStory(swap(template.story, id=f"s{batch}-{n}"), template.sentences,
                                  tuple(swap(e, id=f"e{batch}-{n}", story_id=f"s{batch}-{n}")
                                        for e in template.events))
                       for n in range(1_000)]
            store.write_batch(stories, run_id="big")
    out = tmp_path / f"events.{fmt}"
    with Store.open(db, read_only=True) as store:
        tracemalloc.start()
        held = len(store.query_events())  # every record in memory at once, as before
        _, holding = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        tracemalloc.start()
        n = export(store, fmt, out)
        _, streaming = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert n == held == 10_000
    assert streaming < holding / 4, (streaming, holding)
    if fmt == "geojson":
        assert len(json_module.loads(out.read_text(encoding="utf-8"))["features"]) == 10_000
