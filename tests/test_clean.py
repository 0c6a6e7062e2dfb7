from __future__ import annotations

import pytest

from khaldun.ingest.clean import clean, normalise
from khaldun.records import CleanStory, Rejection, Story


def blocks(text: str) -> list[tuple[str, str, str | None]]:
    result = clean(Story("s", text), max_chars=10_000)
    assert isinstance(result, CleanStory)
    return [(result.text[b.start:b.end], b.kind, b.source) for b in result.blocks]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Troops\u00a0 attacked\u200b  the town. ", "Troops attacked the town."),
    ("Cafe\u0301 owners protested.", "Caf\u00e9 owners protested."),
    ("line one\r\nLine two", "line one\nLine two"),
    ("The army said that\nrebels attacked.", "The army said that rebels attacked."),
    ("A.\n\n\n\nB.", "A.\n\nB."),
])
def test_clean_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_clean_junk_line_is_kept_but_not_text() -> None:
    got = blocks("Police arrested two men in Lagos.\n应用推荐\nShare this article")
    assert got == [("Police arrested two men in Lagos.", "text", None),
                   ("应用推荐", "junk", None), ("Share this article", "junk", None)]


def test_clean_source_label_becomes_source_and_headline_is_not_coded() -> None:
    got = blocks("ECONOMIST: Why Basra's Shias think their imam will return\n"
                 "REUTERS: Troops shelled the city on Monday.")
    assert got == [("ECONOMIST:", "label", "Economist"),
                   ("Why Basra's Shias think their imam will return", "headline", "Economist"),
                   ("REUTERS:", "label", "Reuters"),
                   ("Troops shelled the city on Monday.", "text", "Reuters")]


def test_clean_label_on_its_own_line_is_source_of_what_follows() -> None:
    got = blocks("AFP:\nRebels seized the airport.")
    assert got == [("AFP:", "label", "Afp"), ("Rebels seized the airport.", "text", "Afp")]


def test_clean_title_case_line_without_stop_is_a_headline() -> None:
    got = blocks("Rebels Seize Airport In Goma\nRebels seized the airport in Goma on Friday.")
    assert [k for _, k, _ in got] == ["headline", "text"]


@pytest.mark.parametrize("text", [
    "La police a arrêté deux hommes à Paris hier soir selon le ministère.",
    "Полиция задержала двух человек в Москве вечером в пятницу.",
    "警方周五晚上在北京逮捕了两名男子。",
])
def test_clean_rejects_stories_that_are_not_english(text: str) -> None:
    result = clean(Story("s", text), max_chars=10_000)
    assert isinstance(result, Rejection)
    assert result.reason.startswith(("not English", "no English words"))


def test_clean_rejects_a_story_over_the_size_limit() -> None:
    result = clean(Story("big", "word " * 300), max_chars=1000)
    assert isinstance(result, Rejection)
    assert "the limit is 1,000" in result.reason and result.stage == "clean"
