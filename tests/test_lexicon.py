from __future__ import annotations

import pytest

from khaldun.errors import DataFileError
from khaldun.events.lexicon import default_lexicon, parse_lexicon
from khaldun.events.ontology import ontology


def test_lexicon_bundled_file_loads_and_touches_all_16_types() -> None:
    lexicon = default_lexicon()
    types = {e.event for entries in lexicon.by_head.values() for e in entries}
    assert types == set(ontology().types)
    assert len(lexicon) >= 200


def test_lexicon_most_specific_entry_first() -> None:
    entries = default_lexicon().candidates("strike", "NOUN")
    assert entries[0].others  # "air strike" / "hunger strike" before plain "strike"
    assert entries[-1].event == "PROTEST"


@pytest.mark.parametrize(("line", "message"), [
    ("attack\tVERB\tASSAULT\t-\t190\tobj\t-", "expected 8 tab-separated cells"),
    ("attack\tADJ\tASSAULT\t-\t190\tobj\t-\t-", "pos must be VERB or NOUN"),
    ("attack\tVERB\tFIGHT\t-\t190\tobj\t-\t-", "'FIGHT' is not a PLOVER type"),
    ("attack\tVERB\tASSAULT\t-\t99\tobj\t-\t-", "is not a CAMEO code"),
    ("attack\tVERB\tAID\t-\t190\tobj\t-\t-", "CAMEO 190 maps to ASSAULT, not AID"),
    ("attack\tVERB\tASSAULT\t-\t190\tobj\t-\tloud", "unknown flags"),
])
def test_lexicon_invalid_lines_name_the_line_and_the_fix(line: str, message: str) -> None:
    with pytest.raises(DataFileError, match=r"test\.tsv:2: .*") as info:
        parse_lexicon("# header\n" + line, onto=ontology(), name="test.tsv")
    assert message in str(info.value)


@pytest.mark.parametrize(("cameo", "plover", "quad", "intensity"), [
    ("190", "ASSAULT", 4, -10.0), ("0841", "RETREAT", 2, 5.0), ("081", "CONCEDE", 2, 5.0),
    ("163", "COERCE", 4, -4.0), ("057", "SUPPORT", 1, 3.5), ("111", "ACCUSE", 3, -2.0),
    ("1831", "ASSAULT", 4, -9.0), ("141", "PROTEST", 4, -6.5),
])
def test_ontology_cameo_to_plover(cameo: str, plover: str, quad: int, intensity: float) -> None:
    onto = ontology()
    assert (onto.type_of(cameo), onto.quad(cameo), onto.intensity(cameo)) == (
        plover, quad, intensity)


@pytest.mark.parametrize(("label", "expected"), [
    ("DEMAND", "REQUEST"), ("disapprove", "ACCUSE"), ("FIGHT", "ASSAULT"), ("AID", "AID"),
    ("NONSENSE", None)])
def test_ontology_old_labels(label: str, expected: str | None) -> None:
    assert ontology().plover_label(label) == expected


def test_lexicon_flags_and_noun_object_constraints_are_read() -> None:
    text = ("storm\tVERB\tASSAULT\t-\t190\tobj\t-\triot,place\n"
            "raid\tVERB\tCOERCE\tseize\t171\tobj\t-\tarmed\n"
            "release\tNOUN\tRETREAT\trelease\t0841\tof\t!report|statement\t-")
    lexicon = parse_lexicon(text, onto=ontology(), name="test.tsv")
    (storm,) = lexicon.candidates("storm", "VERB")
    (raid,) = lexicon.candidates("raid", "VERB")
    (release,) = lexicon.candidates("release", "NOUN")
    flags = [(e.riot, e.armed, e.place) for e in (storm, raid, release)]
    assert flags == [(True, False, True), (False, True, False), (False, False, False)]
    assert release.banned_objects == frozenset({"report", "statement"})
