"""The two real sample texts in ../shared/samples (skipped when ../shared is absent)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khaldun.apps.cli import app
from khaldun.records import Event
from tests.conftest import shared_path

pytestmark = pytest.mark.slow
CONTRACT_KEYS = set(Event.__dataclass_fields__)

# (type or types, actor word, recipient word) from the coder issue; words are content words.
SAMPLE_EVENTS = [
    ({"THREATEN", "ASSAULT"}, "forces", "militiamen"),
    ({"ACCUSE"}, "sadr", "gates"),
    ({"REQUEST"}, "gates", "sadr"),
    ({"THREATEN"}, "he", "militia"),
    ({"ASSAULT"}, "militia", "worshippers"),
    ({"THREATEN"}, "americans", "sadr"),
    ({"REQUEST"}, "sadr", "men"),
]


def coded(*args: str) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, ["code", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]


def _has(records: list[dict], types: set[str], actor: str, recipient: str) -> bool:  # type: ignore[type-arg]
    def words(refs: list[dict]) -> str:  # type: ignore[type-arg]
        return " ".join(r["text"] for r in refs).lower()

    return any(r["event"] in types and actor in words(r["actor"])
               and recipient in words(r["recipient"]) for r in records if not r["negated"])


def test_samples_contract_and_no_events_from_junk_labels_or_question() -> None:
    blog = coded(str(shared_path("samples", "sadr-city-blog.txt")))
    lines = coded("--lines", str(shared_path("samples", "mahdi-army-sentences.txt")))
    for record in blog + lines:
        assert set(record) >= CONTRACT_KEYS, CONTRACT_KEYS - set(record)
        assert record["coder"].startswith("khaldun ")
    texts = [r["text"] for r in lines]
    assert not any("应用推荐" in t or t.startswith("ECONOMIST") or "Why Basra" in t
                   or "prime minister, Nuri" in t or t.startswith("Does that mean")
                   for t in texts)


def test_samples_all_seven_sample_events() -> None:
    records = (coded(str(shared_path("samples", "sadr-city-blog.txt")))
               + coded("--lines", str(shared_path("samples", "mahdi-army-sentences.txt"))))
    missing = [spec for spec in SAMPLE_EVENTS if not _has(records, *spec)]
    assert missing == []


def test_samples_name_spellings_resolve_to_one_actor_each() -> None:
    """In the sample texts, every spelling of Muqtada al-Sadr is one actor, every spelling of
    Nouri al-Maliki another, and Sadr City neither."""
    text = (shared_path("samples", "mahdi-army-sentences.txt").read_text(encoding="utf-8")
            + "\n" + shared_path("samples", "sadr-city-blog.txt").read_text(encoding="utf-8"))
    names = ["Muqtada al-Sadr", "Muqtada el-Sadr", "Moqtada al-Sadr", "Mr Sadr", "al-Sadr",
             "Nouri al-Maliki", "Nuri al-Maliki", "Maliki", "Sadr City"]
    for name in names:
        assert name in text, name
    result = CliRunner().invoke(app, ["actors", "resolve", *names, "--json", "--context",
                                      " ".join(text.split())])
    assert result.exit_code == 0, result.output
    ids = {r["query"]: r["actor_id"] for r in map(json.loads, result.stdout.splitlines())}
    sadr = {ids[n] for n in names[:5]}
    maliki = {ids[n] for n in names[5:8]}
    assert sadr == {"muqtada-al-sadr"} and maliki == {"nouri-al-maliki"}
    assert ids["Sadr City"] not in sadr | maliki
