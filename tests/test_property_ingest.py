"""Property test of the reader -> coder -> store path (issue 17): whatever the JSONL lines
hold, the run never aborts, no story becomes an "internal error", and every input line is
accounted for (stored or rejected, with a reason). `scripts/fuzz_ingest.py N` runs the same
property over N cases (KHALDUN_FUZZ_EXAMPLES)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khaldun.ingest.readers import read_paths
from khaldun.pipeline import Coder, run
from khaldun.store.db import Store

pytestmark = pytest.mark.slow

_WORDS = ["Troops", "attacked", "police", "arrested", "protesters", "in", "Baghdad", "the",
          "army", "said", "Iraq", "rebels", "killed", "20", "civilians", ".", "?", "\u00e9",
          "\u5e94\u7528", "\ud800", "\x00", "\u200b", "\n", "\t", "=HYPERLINK()", "'", '"']
_text = st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join)
_any = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(), _text,
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                                      st.integers(), max_size=2))
_published = st.one_of(st.none(), st.sampled_from(["2024-02-30", "2024-02-29", "2023-02-29",
                                                   "0000-00-00", "2024-13-01", "9999-12-31",
                                                   "2008-04-06T10:00:00Z", "yesterday", ""]),
                       st.dates().map(str), _any)
_record = st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["a", "b", "c", "x/y", "\ud800", ""]), _any),
     "text": st.one_of(_text, _any)},
    optional={"published": _published, "title": st.one_of(_text, _any),
              "source": st.one_of(_text, _any), "url": st.one_of(_text, _any),
              "language": st.sampled_from(["en", "fr", "", None])})
_line = st.one_of(_record.map(lambda r: json.dumps(r, ensure_ascii=True)),
                  st.sampled_from(["{", "[]", "null", "[" * 3000 + "]" * 3000, "", "{}"]))


@settings(max_examples=int(os.environ.get("KHALDUN_FUZZ_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lines=st.lists(_line, min_size=1, max_size=6))
def test_property_ingest_every_line_is_accounted_for(coder: Coder, tmp_path: Path,
                                                     lines: list[str]) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "fuzz.duckdb"
    db.unlink(missing_ok=True)
    with Store.open(db) as store:
        summary = run(read_paths([str(path)]), coder, store=store)
        stored = store.con.execute("SELECT count(*) FROM stories").fetchone()
        rejected = store.con.execute("SELECT count(*) FROM rejections").fetchone()
    assert not [r for r in summary.rejections if "internal error" in r.reason]
    records = sum(bool(line.strip()) for line in lines) or 1  # an all-blank file: one
    # rejection ("empty file")
    assert stored is not None and rejected is not None
    assert stored[0] + rejected[0] == records
    assert summary.counts.stories + summary.counts.rejections == records
