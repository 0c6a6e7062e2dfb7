"""Issue 15 item 5: the codebook's accuracy table is written from an eval report, in place."""

from __future__ import annotations

from pathlib import Path

from khaldun.evaluate.codebook import END, START, update_codebook

REPORT = {"real_test.jsonl": {"stories": 99, "type_f1": 0.6041, "triple_f1": 0.3093,
                              "country_dyad_f1": 0.19, "no_event_precision": 0.8,
                              "location_accuracy": None, "date_accuracy": 0.857,
                              "dead_accuracy": 0.6667, "injured_accuracy": None},
          "geowebnews": {"accuracy_161km": 0.858}}


def test_codebook_accuracy_table_is_rewritten_in_place(tmp_path: Path) -> None:
    book = tmp_path / "CODEBOOK.md"
    book.write_text("# Codebook\n\nfields...\n", encoding="utf-8")
    update_codebook(book, REPORT, measured="2026-12-07")
    first = book.read_text(encoding="utf-8")
    assert ("| real_test.jsonl | 99 | 0.604 | 0.309 | 0.190 | 0.800 | — | 0.857 | 0.667 | — | — |"
            in first)
    assert "| GeoWebNews toponyms within 161 km | 0.858 |" in first
    update_codebook(book, {**REPORT, "real_test.jsonl": {**REPORT["real_test.jsonl"],
                                                         "triple_f1": 0.41}})
    second = book.read_text(encoding="utf-8")
    assert second.count(START) == 1 and second.count(END) == 1
    assert "| 0.410 |" in second and "fields..." in second


def test_codebook_in_the_repo_has_a_generated_table() -> None:
    book = Path(__file__).resolve().parents[1] / "docs" / "CODEBOOK.md"
    text = book.read_text(encoding="utf-8")
    assert START in text and END in text and "| real_test.jsonl |" in text


def test_codebook_types_table_matches_the_data_files() -> None:
    from khaldun.evaluate.codebook import TYPES_END, TYPES_START, types_table

    book = Path(__file__).resolve().parents[1] / "docs" / "CODEBOOK.md"
    text = book.read_text(encoding="utf-8")
    table = text.split(TYPES_START, 1)[1].split(TYPES_END, 1)[0].strip()
    assert table == types_table()  # rewrite with khaldun eval --codebook docs/CODEBOOK.md
    assert "| ASSAULT | 4 | 175, 18, 19, 20 |" in table
