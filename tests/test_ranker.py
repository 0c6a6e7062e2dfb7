"""The learned actor/recipient ranker (events/ranker.py) and its training script."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from khaldun.errors import DataFileError
from khaldun.events.ranker import load_model, read_model
from khaldun.pipeline import Coder
from khaldun.records import CodedStory, Event, Story

ROOT = Path(__file__).resolve().parent.parent


def _train_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_ranker", ROOT / "scripts/train_ranker.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_ranker"] = module
    spec.loader.exec_module(module)
    return module


def code(coder: Coder, text: str) -> list[Event]:
    (result,) = coder.code_batch([Story("t", text, published="2020-01-01")])
    assert isinstance(result, CodedStory)
    return list(result.events)


def test_ranker_model_is_bundled_and_read() -> None:
    model = load_model()
    assert model is not None and 0.0 < model.fill < 1.0
    assert model.actor and model.recipient


@pytest.mark.parametrize("text", [
    "not json", '{"actor": {}, "recipient": {}}', '{"actor": [], "recipient": {}, "fill": 0.5}',
    '{"actor": {}, "recipient": {}, "fill": 3}'])
def test_ranker_model_errors_are_data_file_errors(text: str) -> None:
    with pytest.raises(DataFileError, match="ranker"):
        read_model(text, name="ranker.json")


# A slot the rules leave empty is filled by the likeliest noun phrase, with its reason; with the
# ranker off the rules' choice stands alone.
@pytest.mark.slow
def test_ranker_fills_a_recipient_the_rules_miss(coder: Coder) -> None:
    text = "Japan lifted travel curbs to and from North Korea on Monday."
    (event,) = [e for e in code(coder, text) if e.trigger == "lifted"]
    assert [r.text for r in event.recipient] == ["North Korea"]
    assert "ranker:" in event.recipient[0].reason
    (bare,) = [e for e in code(replace(coder, ranker=None), text) if e.trigger == "lifted"]
    assert not bare.recipient


# What the ranker never adds: who reports the event, the dateline, the setting of a reciprocal
# event, the other side's own state.
@pytest.mark.slow
@pytest.mark.parametrize(("text", "never"), [
    ("GAZA CITY, Palestinian Territories: Four children were killed on Friday, medics said.",
     {"medics", "Palestinian Territories", "GAZA CITY, Palestinian Territories"}),
    ("Ethiopia and Eritrea signed a peace declaration in Asmara on Monday.", {"Asmara"}),
    ("A report alleged that France was aware of the plans and that the French military took "
     "part in killings.", {"France"}),
])
def test_ranker_never_adds_these_parties(coder: Coder, text: str, never: set[str]) -> None:
    for e in code(coder, text):
        added = {p.text for p in (*e.actor, *e.recipient) if "ranker:" in p.reason}
        assert not added & never, (e.event, e.actor, e.recipient)


def test_ranker_training_labels_and_fit() -> None:
    train = _train_script()
    from khaldun.evaluate.gold import GoldEvent, GoldStory

    story = GoldStory("s", "Japan lifted curbs on North Korea.", None, (
        GoldEvent("CONCEDE", ("Japan",), ("North Korea",)),))
    rows = [{"story": "s", "sentence": 0, "type": "CONCEDE", "trigger": "lifted",
             "text": "Japan lifted curbs on North Korea.",
             "candidates": [{"i": 0, "text": "Japan", "features": ["bias", "dep=nsubj"]},
                            {"i": 4, "text": "North Korea", "features": ["bias", "dep=pobj"]},
                            {"i": 2, "text": "curbs", "features": ["bias", "dep=dobj"]}]},
            {"story": "s", "sentence": 0, "type": "ASSAULT", "trigger": "x", "text": "",
             "candidates": [{"i": 0, "text": "Japan", "features": ["bias"]}]}]
    examples = train.labelled(rows, {"s": story})
    assert [(f[1], a, r) for _, f, a, r in examples] == [
        ("dep=nsubj", 1, 0), ("dep=pobj", 0, 1), ("dep=dobj", 0, 0)]  # no gold ASSAULT: left out
    weights = train.fit([(["bias", "good"], 1)] * 20 + [(["bias", "bad"], 0)] * 20)
    assert weights["good"] > 0.5 > -0.5 > weights["bad"]
