"""The command line, run in-process with Typer's runner; asserts on stored rows."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from khaldun.apps.cli import app
from khaldun.records import Event

pytestmark = pytest.mark.slow
CONTRACT_KEYS = set(Event.__dataclass_fields__) - {"published", "title", "source", "url"}
runner = CliRunner()


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Kenyan police arrested twelve protesters in Nairobi.",
                                     encoding="utf-8")
    (folder / "stories.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Iraqi troops attacked Mahdi Army fighters.",
                    "published": "2008-03-25", "source": "Wire"}) + "\n"
        + '{"id": "broken", "text": \n', encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (folder / "latin1.txt").write_bytes("Caf\u00e9 attacked".encode("latin-1"))
    (folder / "nocol.csv").write_text("id,body\n1,Troops attacked.\n", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG")
    (folder / "french.txt").write_text("La police a arrêté deux hommes dans le centre de Paris "
                                       "et les a conduits au commissariat.", encoding="utf-8")
    (folder / "huge.txt").write_text("Rebels attacked the town. " * 800_000, encoding="utf-8")
    return folder


def test_cli_code_db_stores_good_stories_and_rejections(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    result = invoke("code", str(corpus), "--db", str(db))
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    stories = {r[0] for r in con.execute("SELECT story_id FROM stories").fetchall()}
    assert stories == {"good.txt", "j1"}
    reasons = dict(con.execute("SELECT story_id, reason FROM rejections").fetchall())
    assert reasons["empty.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["latin1.txt"].startswith("invalid UTF-8")
    assert reasons["nocol.csv"].startswith("CSV has no 'text' column")
    assert reasons["image.png"].startswith("unknown file type '.png'")
    assert reasons["stories.jsonl:2"].startswith("malformed JSON on line 2")
    assert "the limit is 1,000,000" in reasons["huge.txt"]
    assert reasons["french.txt"].startswith("not English")
    assert len(reasons) == 8
    assert "rejected huge.txt (clean)" in result.output
    events = con.execute("SELECT event, source FROM events ORDER BY event").fetchall()
    assert events == [("ASSAULT", "Wire"), ("COERCE", None)]


def test_cli_code_strict_fails_on_any_rejection(corpus: Path, tmp_path: Path) -> None:
    result = invoke("code", str(corpus), "--db", str(tmp_path / "k.duckdb"), "--strict")
    assert result.exit_code == 1


def test_cli_code_exit_1_when_nothing_coded(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert invoke("code", str(tmp_path / "empty.txt")).exit_code == 1


def test_cli_code_stdout_is_contract_jsonl(tmp_path: Path) -> None:
    result = invoke("code", "-", stdin="Turkish police arrested three journalists in Istanbul.")
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    assert set(lines[0]) >= CONTRACT_KEYS
    assert lines[0]["event"] == "COERCE" and lines[0]["story_id"] == "stdin"


def test_cli_code_csv_output(tmp_path: Path) -> None:
    result = invoke("code", "-", "--format", "csv",
                    stdin="Turkish police arrested three journalists in Istanbul.")
    header, row = result.stdout.splitlines()[:2]
    assert header.startswith("id,story_id,sentence,date")
    assert ",COERCE," in row


def test_cli_events_and_export(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "k.duckdb")
    invoke("code", str(corpus), "--db", db)
    listed = invoke("events", "--db", db, "--event", "ASSAULT", "--format", "jsonl")
    assert [json.loads(x)["event"] for x in listed.stdout.splitlines()] == ["ASSAULT"]
    by_actor = invoke("events", "--db", db, "--actor", "kenyan", "--format", "csv")
    assert len(by_actor.stdout.splitlines()) == 2
    table = invoke("events", "--db", db, "--since", "2008-01-01")
    assert "ASSAULT" in table.stdout
    for fmt in ("jsonl", "csv", "parquet", "geojson"):
        out = tmp_path / f"events.{fmt}"
        result = invoke("export", "--db", db, "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    rows = duckdb.sql(f"SELECT event, actor FROM '{tmp_path / 'events.parquet'}' "
                      "ORDER BY event").fetchall()
    assert rows == [("ASSAULT", ["Iraqi troops"]), ("COERCE", ["Kenyan police"])]
    geo = json.loads((tmp_path / "events.geojson").read_text())
    assert geo["type"] == "FeatureCollection"


def test_cli_events_without_database_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("events", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code != 0
    assert "no database" in str(result.exception)


def test_cli_demo_codes_the_bundled_corpus(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = invoke("demo", "--no-serve", "--db", str(db))
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    (stories,) = con.execute("SELECT count(*) FROM stories").fetchone() or (0,)
    (events,) = con.execute("SELECT count(*) FROM events WHERE NOT negated").fetchone() or (0,)
    types = {r[0] for r in con.execute("SELECT DISTINCT event FROM events").fetchall()}
    assert stories >= 30 and events >= 30
    assert len(types) >= 12
    assert "Demo events" in result.stdout


# Issue 15 item 4: the CLI's events command has the API's filters, one meaning each.
def test_cli_events_has_the_api_filters(tmp_path: Path) -> None:
    from tests.test_api import make_db

    db = str(make_db(tmp_path / "f.duckdb"))

    def ids(*args: str) -> set[str]:
        result = runner.invoke(app, ["events", "--db", db, "--format", "jsonl", *args])
        assert result.exit_code == 0, result.output
        return {json.loads(line)["id"] for line in result.stdout.splitlines()}

    assert ids("--country", "Iraq") == {"ev-assault1", "ev-assault2", "ev-accuse",
                                        "ev-protest"}
    assert ids("--actor-country", "FRA", "--since", "2010-03-02") == {"ev-aid"}  # a month
    assert ids("--actor-country", "FRA", "--until", "2010-02-28") == set()
    assert ids("--actor", "IRQ-MIL") == ids("--actor", "irq-mil")
    bad = runner.invoke(app, ["events", "--db", db, "--country", "Mesopotamia"])
    assert bad.exit_code == 2 and "is no country" in bad.output


# Issue 16 item 4: an error the system reports (a file that cannot be written) is one line and
# exit 2; --verbose shows the traceback.
def test_cli_system_errors_are_one_line_and_verbose_shows_the_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.test_api import make_db

    db = str(make_db(tmp_path / "e.duckdb"))
    args = [sys.executable, "-m", "khaldun.apps.cli"]
    plain = subprocess.run([*args, "export", "--db", db, "-o", "/proc/x.csv"],
                           capture_output=True, text=True, timeout=120)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1 and "/proc/" in plain.stderr
    verbose = subprocess.run([*args, "--verbose", "export", "--db", db, "-o", "/proc/x.csv"],
                             capture_output=True, text=True, timeout=120)
    assert verbose.returncode != 0 and "Traceback" in verbose.stderr


def test_cli_progress_knows_the_total_of_jsonl_input(tmp_path: Path) -> None:
    from khaldun.apps.cli import _known_total

    stories = tmp_path / "s.jsonl"
    stories.write_text('{"id": "a", "text": "x"}\n\n{"id": "b", "text": "y"}\n',
                       encoding="utf-8")
    assert _known_total([str(stories)], lines=False) == 2  # the bar gets an ETA
    assert _known_total([str(tmp_path)], lines=False) is None  # a folder: counted as read
