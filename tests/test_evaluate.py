from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from khaldun.evaluate.gold import GoldEvent, GoldSet, GoldStory, read_gold
from khaldun.evaluate.run import below_floors, evaluate, place_scores
from khaldun.evaluate.score import assign, event_matches, score
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


def test_evaluate_assign_is_a_maximum_matching_whatever_the_order() -> None:
    # The first system event matches both gold events; the second only the first gold event.
    # A greedy matcher in output order finds one pair; the maximum matching finds two.
    golds = [GoldEvent("ASSAULT", ("rebels",), None), GoldEvent("ASSAULT", ("rebels",),
                                                                  ("town",))]
    events = [sys_event("ASSAULT", ["rebels"], ["town"]), sys_event("ASSAULT", ["rebels"], [])]
    for order in (events, events[::-1]):
        result = score(GoldSet("g", "native", (GoldStory("a", "t", None, tuple(golds)),)),
                       {"a": order})
        assert (result.triple.tp, result.triple.fp, result.triple.fn) == (2, 0, 0)


def test_evaluate_assign_pairs_each_gold_event_with_its_own_sentence() -> None:
    # pattern: one force, a list of strikes; each gold strike is scored (place, date,
    # figures) on the event told in the sentence that names its place
    golds = [GoldEvent("ASSAULT", ("coalition",), ("ISIL",), loc=town) for town in
             ("Mosul", "Sinjar")]
    events = [{**sys_event("ASSAULT", ["coalition"], ["ISIL"]), "text": f"Near {town}, a "
               f"strike hit ISIL."} for town in ("Sinjar", "Mosul")]
    matched = assign(events, golds, event_matches)
    assert {g: events[e]["text"] for g, e in matched.items()} == {
        0: "Near Mosul, a strike hit ISIL.", 1: "Near Sinjar, a strike hit ISIL."}


def _dyad_event(event: str, actor: list[str], recipient: list[str]) -> dict[str, Any]:
    out = sys_event(event, actor, recipient)
    for party, country in zip(out["actor"] + out["recipient"], actor + recipient, strict=True):
        party["country"] = country
    return out


@pytest.mark.parametrize(("system", "gold", "expected"), [
    (_dyad_event("ASSAULT", ["TUR"], ["SYR"]),
     GoldEvent("ASSAULT", ("Turkey",), ("Kurds",), actor_country="TUR",
               recipient_country="SYR"), True),
    (_dyad_event("ASSAULT", ["TUR"], ["IRQ"]),
     GoldEvent("ASSAULT", ("Turkey",), ("Kurds",), actor_country="TUR",
               recipient_country="SYR"), False),
    (_dyad_event("ASSAULT", ["TUR"], []),
     GoldEvent("ASSAULT", ("Turkey",), None, actor_country="TUR"), True),
    (_dyad_event("CONSULT", ["USA", "RUS"], []),
     GoldEvent("CONSULT", ("Kerry", "Lavrov"), None, symmetric=True, actor_country="USA",
               recipient_country="RUS"), True),  # reciprocal: both among the parties
    # PLOVER's IGO bloc holds the UN system and the EU; a state is no IGO
    (_dyad_event("REQUEST", ["UNO"], ["SYR"]),
     GoldEvent("REQUEST", ("UN",), ("Syria",), actor_country="IGO", recipient_country="SYR"),
     True),
    (_dyad_event("REQUEST", ["FRA"], ["SYR"]),
     GoldEvent("REQUEST", ("UN",), ("Syria",), actor_country="IGO", recipient_country="SYR"),
     False),
])
def test_evaluate_country_dyad_rules(system: dict[str, Any], gold: GoldEvent,
                                     expected: bool) -> None:
    from khaldun.evaluate.score import dyad_matches

    assert dyad_matches(system, gold) is expected


def test_evaluate_petrarch_peer_metrics_count_every_system_event() -> None:
    story = GoldStory("p", "t", None, (GoldEvent("ASSAULT", (), None, cameo="190"),),
                      codings=(("USA", "RUS", "190"), ("USA", "RUS", "015")))
    coded = _dyad_event("ASSAULT", ["USA"], ["RUS"])
    coded["actor"][0]["code"], coded["recipient"][0]["code"] = "USAGOV", "RUS"
    no_codes = sys_event("ACCUSE", ["someone"], [])
    no_codes["cameo"] = "112"
    result = score(GoldSet("g", "petrarch", (story,)), {"p": [coded, no_codes]})
    summary = result.summary()
    # roots: system {19, 11}, gold {19, 01}: tp 1, fp 1, fn 1
    assert summary["root_set_f1"] == 0.5
    assert summary["events_without_codes"] == 1
    # exact codes: USAGOV != USA; country blocks agree on (USA, RUS, 19)
    assert result.code_triples.tp == 0 and result.country_triples.tp == 1


@pytest.mark.slow
@pytest.mark.parametrize("name", ["real_dev.jsonl", "real_test.jsonl"])
def test_evaluate_gate_real_news_gold_meets_the_floors(coder: Coder, name: str) -> None:
    shared_path("data", "re3d")
    shared_path("data", "geowebnews", "GWN.xml")
    floors = json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))
    (result,) = evaluate([GOLD / "real" / name], coder)
    assert below_floors([result], floors) == []


def test_evaluate_real_news_gold_is_big_enough_and_split() -> None:
    shared_path("data", "re3d")
    shared_path("data", "geowebnews", "GWN.xml")
    from khaldun.evaluate.gold import read_native

    dev = read_native(GOLD / "real" / "real_dev.jsonl")  # checks every span against its text
    test = read_native(GOLD / "real" / "real_test.jsonl")
    assert len(dev) + len(test) >= 80
    assert sum(len(s.events) for s in (*dev, *test)) >= 600
    assert len(test) >= (len(dev) + len(test)) / 4  # a third by hash; never below a quarter
    assert not {s.id for s in dev} & {s.id for s in test}


def test_evaluate_reference_gold_skips_cleanly_when_the_set_is_absent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from khaldun.errors import AbsentSet
    from khaldun.evaluate import gold, run

    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"ref": {"set": "re3d", "id": "X"}, "events": []}) + "\n",
                    encoding="utf-8")
    with pytest.raises(AbsentSet):
        gold.read_native(path, data=tmp_path / "nowhere")
    monkeypatch.setattr(run, "read_gold", lambda p: gold.read_native(p, data=tmp_path / "no"))
    notes: list[str] = []
    assert evaluate([path], coder=None, notes=notes) == []  # type: ignore[arg-type]
    assert notes and "not present" in notes[0]
