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
           ("dead_accuracy", "dead exact"), ("injured_accuracy", "injured exact"),
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


TYPES_START = "<!-- types table: written by `khaldun eval --codebook` from the ontology, the " \
              "trigger lexicon and the ACLED mapping; do not edit by hand -->"
TYPES_END = "<!-- end of types table -->"


def types_table() -> str:
    """PLOVER types with their quad class, CAMEO code prefixes, modes (with the CAMEO codes
    the trigger lexicon gives them) and ACLED counterparts, from the data files themselves."""
    import json
    from importlib import resources

    from khaldun.store.shapes import ACLED_BY_MODE, ACLED_BY_TYPE, acled_type

    folder = resources.files("khaldun.events").joinpath("data")
    data = json.loads(folder.joinpath("ontology.json").read_text("utf-8"))
    lexicon = folder.joinpath("triggers.tsv").read_text("utf-8")
    prefixes: dict[str, list[str]] = {}
    for prefix, kind in data["cameo_prefix_type"].items():
        prefixes.setdefault(kind, []).append(prefix)
    modes: dict[str, dict[str, set[str]]] = {}
    for line in lexicon.splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 5 or cells[3] in ("", "-"):
            continue
        modes.setdefault(cells[2], {}).setdefault(cells[3], set()).add(cells[4])
    rows = ["| PLOVER type | quad | CAMEO codes | modes (CAMEO) | ACLED event type |",
            "|---|---:|---|---|---|"]
    for kind in data["types"]:
        quads = {data["quad_by_root"].get(p[:2]) for p in prefixes.get(kind, [])}
        mode_text = ", ".join(f"{m} ({'/'.join(sorted(c for c in codes if c != '-'))})"
                              if codes - {"-"} else m
                              for m, codes in sorted(modes.get(kind, {}).items()))
        acled = sorted({v[1] for (k, _), v in ACLED_BY_MODE.items() if k == kind} |
                       ({ACLED_BY_TYPE[kind][1]} if kind in ACLED_BY_TYPE else set()) |
                       ({t[1] for t in [acled_type({"event": kind})] if t}))
        rows.append(f"| {kind} | {'/'.join(str(q) for q in sorted(q for q in quads if q))} | "
                    f"{', '.join(sorted(prefixes.get(kind, [])))} | {mode_text or '—'} | "
                    f"{'; '.join(acled) or '— (left out)'} |")
    return "\n".join(rows)


def _replace(text: str, start: str, end: str, block: str) -> str:
    if start in text and end in text:
        before, rest = text.split(start, 1)
        return before + block + rest.split(end, 1)[1]
    return text.rstrip("\n") + "\n\n" + block + "\n"


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
    text = _replace(text, START, END, block)
    text = _replace(text, TYPES_START, TYPES_END, f"{TYPES_START}\n{types_table()}\n{TYPES_END}")
    path.write_text(text, encoding="utf-8")
