from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from khaldun.evaluate.gold import GoldEvent, GoldSet, GoldStory, read_gold
from khaldun.evaluate.run import below_floors, evaluate, place_scores
from khaldun.evaluate.score import event_matches, score
from khaldun.pipeline import Coder
from tests.conftest import shared_path

GOLD = Path(__file__).parent / "gold"


def sys_event(event: str, actor: list[str], recipient: list[str], *,
              negated: bool = False) -> dict[str, Any]:
    return {"event": event, "actor": [{"text": a} for a in actor],
            "recipient": [{"text": r} for r in recipient], "negated": negated,
            "trigger": "x", "cameo": "190"}


@pytest.mark.parametrize(("system", "gold", "expected"), [
    (sys_event("ASSAULT", ["Turkish troops"], ["militiamen"]),
     GoldEvent("ASSAULT", ("Iraqi forces",), ("Mahdi militiamen",)), False),  # no shared word
    (sys_event("ASSAULT", ["the Iraqi troops"], ["the militiamen"]),
     GoldEvent("ASSAULT", ("Iraqi troops",), ("militiamen",)), True),
    (sys_event("COERCE", ["Iraqi troops"], ["militiamen"]),
     GoldEvent("ASSAULT", ("Iraqi troops",), ("militiamen",), alt=("COERCE",)), True),
    (sys_event("ASSAULT", ["Iraqi troops"], []),
     GoldEvent("ASSAULT", ("Iraqi troops",), None), True),  # null gold recipient: any
    (sys_event("ASSAULT", ["Iraqi troops"], []),
     GoldEvent("ASSAULT", ("Iraqi troops",), ("militiamen",)), False),
    (sys_event("CONSULT", ["Putin"], ["Erdogan"]),
     GoldEvent("CONSULT", ("Erdogan",), ("Putin",), symmetric=True), True),
    (sys_event("CONSULT", ["Putin"], ["Erdogan"]),
     GoldEvent("CONSULT", ("Erdogan",), ("Putin",)), False),
    (sys_event("ASSAULT", ["Erdoğan"], ["Kurds"]),
     GoldEvent("ASSAULT", ("Erdogan",), ("Kurds",)), True),  # diacritics folded
])
def test_evaluate_match_rules(system: dict[str, Any], gold: GoldEvent, expected: bool) -> None:
    assert event_matches(system, gold) is expected


def test_evaluate_score_counts_by_the_rules() -> None:
    gold = GoldSet("g", "native", (
        GoldStory("a", "t", None, (GoldEvent("ASSAULT", ("rebels",), ("town",)),
                                   GoldEvent("ACCUSE", ("army",), ("rebels",), optional=True))),
        GoldStory("b", "t", None, ()),
        GoldStory("c", "t", None, ()),
        GoldStory("d", "t", None, (GoldEvent("REQUEST", ("UN",), ("Russia",)),)),
    ))
    system = {
        "a": [sys_event("ASSAULT", ["rebels"], ["the town"]),
              sys_event("ASSAULT", ["the rebels"], ["town"]),  # second match: not an FP
              sys_event("ACCUSE", ["army"], ["rebels"]),  # optional gold: not an FP
              sys_event("AID", ["rebels"], ["town"])],  # a real false positive
        "b": [sys_event("ASSAULT", ["x"], ["y"], negated=True)],  # negated: ignored
        "c": [sys_event("PROTEST", ["students"], [])],
        "d": [],
    }
    s = score(gold, system).summary()
    # TP: a's ASSAULT; FP: a's AID and c's PROTEST; FN: d's REQUEST
    assert (s["triple_precision"], s["triple_recall"]) == (0.3333, 0.5)
    assert s["no_event_precision"] == 0.5
    assert s["per_type_f1"]["REQUEST"] == 0.0


def test_evaluate_reads_native_gold(tmp_path: Path) -> None:
    f = tmp_path / "g.jsonl"
    f.write_text(json.dumps({"id": "x", "text": "Rebels attacked.", "events": [
        {"type": "FIGHT", "actor": ["Rebels"], "recipient": None, "alt": ["DEMAND"]}]}) + "\n"
                 + json.dumps({"id": "y", "text": "Nothing.", "events": []}), encoding="utf-8")
    gold = read_gold(f)
    assert gold.kind == "native"
    assert gold.stories[0].events[0].type == "ASSAULT"
    assert gold.stories[0].events[0].alt == ("REQUEST",)
    assert gold.stories[1].events == ()


def test_evaluate_own_gold_is_valid_and_covers_the_issue() -> None:
    gold = read_gold(GOLD / "own.jsonl")
    assert len(gold.stories) >= 400
    assert sum(not s.events for s in gold.stories) >= 60
    counts: dict[str, int] = {}
    for story in gold.stories:
        for event in story.events:
            counts[event.type] = counts.get(event.type, 0) + 1
            for span in (*event.actor, *(event.recipient or ())):
                assert span in story.text, (story.id, span)
    assert len(counts) == 16 and min(counts.values()) >= 15


@pytest.mark.slow
def test_evaluate_gate_own_gold_meets_the_floors(coder: Coder) -> None:
    floors = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
    scores = evaluate([GOLD / "own.jsonl"], coder)
    assert below_floors(scores, floors) == []


@pytest.mark.slow
@pytest.mark.parametrize("parts", [("plover-gsr", "PLOVER_GSR_CAMEO.json"),
                                   ("petrarch-validation", "PETR2_GSR_validation.xml")])
def test_evaluate_gate_public_sets_meet_the_floors(coder: Coder, parts: tuple[str, str]) -> None:
    path = shared_path("data", *parts)
    floors = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
    (result,) = evaluate([path], coder)
    assert result.stories > 50
    assert below_floors([result], floors) == []


@pytest.mark.slow
def test_evaluate_gate_places_meet_the_floors(coder: Coder) -> None:
    shared_path("data", "geowebnews", "GWN.xml")
    floors = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
    extra = place_scores(coder)
    assert "geowebnews" in extra
    assert below_floors([], floors, extra=extra) == []
