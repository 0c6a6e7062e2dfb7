"""The codebook's accuracy table, written from an eval report (`khaldun eval --codebook FILE`).

The table sits between two marker lines in the codebook, so a rerun replaces it and nothing
else; the figures are what `khaldun eval` last measured, never typed by hand.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from khaldun.errors import KhaldunError

START = "<!-- accuracy table: written by `khaldun eval --codebook`; do not edit by hand -->"
END = "<!-- end of accuracy table -->"
# (report key, column title) in the order shown.
COLUMNS = (("type_f1", "type F1"), ("triple_f1", "who-did-what-to-whom F1"),
           ("country_dyad_f1", "country dyad F1"), ("no_event_precision", "no-event precision"),
           ("location_accuracy", "location accuracy"), ("date_accuracy", "date accuracy"),
           ("root_set_f1", "CAMEO root-set F1"))


PLACES = (("geowebnews", "accuracy_161km", "GeoWebNews toponyms within 161 km"),
          ("event_location", "agreement", "event-location: the event's place agrees"))


def _cell(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def accuracy_table(report: dict[str, Any]) -> str:
    """A Markdown table: one row per gold set of the report, one column per measure."""
    rows = ["| gold set | stories | " + " | ".join(t for _, t in COLUMNS) + " |",
            "|---|---:|" + "---:|" * len(COLUMNS)]
    for name, scores in report.items():
        if not isinstance(scores, dict) or "stories" not in scores:
            continue
        rows.append(f"| {name} | {scores.get('stories')} | " +
                    " | ".join(_cell(scores.get(key)) for key, _ in COLUMNS) + " |")
    places = [(title, report[name].get(key)) for name, key, title in PLACES
              if isinstance(report.get(name), dict)]
    if places:
        rows += ["", "| place measure | value |", "|---|---:|",
                 *(f"| {title} | {_cell(value)} |" for title, value in places)]
    return "\n".join(rows)


def update_codebook(path: Path, report: dict[str, Any], *, measured: str | None = None
                    ) -> None:
    """Replace the accuracy table between the markers of `path` (added at the end when the
    file has none yet); `measured` is the day of the report (default today)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KhaldunError(f"cannot read the codebook {path}: {exc.strerror}") from None
    block = (f"{START}\nMeasured {measured or time.strftime('%Y-%m-%d')} by `khaldun eval`."
             f"\n\n"
             f"{accuracy_table(report)}\n{END}")
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
