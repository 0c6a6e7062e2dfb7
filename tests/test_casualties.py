"""Issue 15 item 1: dead, injured and size read from the event's sentence, with the span and
a reason; null when no number is given; one figure, one event. Sentences written for these
tests; real spaCy parses."""

from __future__ import annotations

import pytest

from khaldun.events.casualties import number_value, words
from khaldun.pipeline import Coder
from khaldun.records import CodedStory, Event, Story


def code(coder: Coder, text: str) -> list[Event]:
    (result,) = coder.code_batch([Story("t", text, published="2024-03-10")])
    assert isinstance(result, CodedStory)
    return list(result.events)


def figures(coder: Coder, text: str, trigger: str) -> tuple[int | None, int | None, int | None]:
    (event,) = [e for e in code(coder, text) if e.trigger.split()[0] == trigger]
    return event.dead, event.injured, event.size


@pytest.mark.parametrize(("words_", "value"), [
    (["1,600"], 1600), (["twenty", "-", "five"], 25), (["1.2", "million"], 1_200_000),
    (["two", "hundred", "and", "fifty"], 250), (["a", "dozen"], 12), (["two", "dozen"], 24),
    (["dozens"], 12), (["hundreds"], 100), (["Tens", "of", "thousands"], 10_000),
    (["hundreds", "of", "thousands"], 100_000), (["several", "hundred"], 100),
    (["scores"], 20), (["many"], None), (["years"], None),
])
def test_casualties_number_words(words_: list[str], value: int | None) -> None:
    assert number_value(words_, words()) == value


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # killed, wounded, lower bounds, number words
    ("Gunmen stormed a bus station in Maiduguri on Friday, killing at least 20 civilians.",
     "stormed", (20, None, None)),
    ("Jihadists overran an army base near Gao, killing more than 1,600 soldiers over two days.",
     "overran", (1600, None, None)),
    ("Rebels ambushed a supply convoy outside Beni, killing two soldiers and wounding five.",
     "ambushed", (2, 5, None)),
    ("A drone strike on a house in Saada killed a man and four children, relatives said.",
     "killed", (5, None, None)),
    ("The militia shelled a camp for displaced families, killing dozens.",
     "shelled", (12, None, None)),
    ("Troops opened fire on the marchers, killing hundreds and possibly thousands.",
     "opened", (100, None, None)),
    ("Police fired rubber bullets at striking miners, wounding a dozen of them.",
     "fired", (None, 12, None)),
    ("About forty villagers were wounded when militiamen raided the settlement.",
     "wounded", (None, 40, None)),
    ("A suicide bomber blew himself up at a funeral, leaving 31 people dead and 50 wounded.",
     "blew", (31, 50, None)),
    ("Police attacked the sit-in, but no one was hurt, organisers said.",
     "attacked", (None, 0, None)),
    ("Bandits killed or injured 14 travellers on the road to Sokoto.",
     "killed", (None, None, 14)),
    # sizes: crowds, forces, people arrested or taken
    ("Tens of thousands of teachers marched through Buenos Aires on Thursday.",
     "marched", (None, None, 10_000)),
    ("Some 3,000 farmers blocked the motorway to Lyon with tractors.",
     "blocked", (None, None, 3000)),
    ("The army deployed 3,000 troops and forty armoured vehicles to the northern border.",
     "deployed", (None, None, 3000)),
    ("Riot police detained hundreds of students outside the parliament in Tbilisi.",
     "detained", (None, None, 100)),
    ("Gunmen kidnapped 27 pupils from a boarding school in Kagara.",
     "kidnapped", (None, None, 27)),
])
def test_casualties_patterns(coder: Coder, text: str, trigger: str,
                             expected: tuple[int | None, int | None, int | None]) -> None:
    assert figures(coder, text, trigger) == expected


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger"), [
    ("A 56-year-old farmer was shot dead at a checkpoint near Nablus in 2019.", "shot"),
    ("The rebels announced a 10-point plan and staged a two-day strike in Juba.", "strike"),
    ("Militants attacked the mine two years ago and seized $40,000 from its safe.", "attacked"),
    ("Militants attacked the mine two years ago and seized $40,000 from its safe.", "seized"),
    ("Soldiers opened fire on the protesters on 12 March, the commission said.", "opened"),
    ("Police fired tear gas at demonstrators in Dakar, injuring several.", "fired"),
])
def test_casualties_other_numbers_are_never_taken(coder: Coder, text: str, trigger: str) -> None:
    dead, injured, size = figures(coder, text, trigger)
    # Only the one person shot: not 56, 2019, 10, two, 40,000 or 12.
    assert (dead, injured) in ((None, None), (1, None)) and size in (None, 1)
    assert dead == (1 if "shot dead" in text else None)


@pytest.mark.slow
def test_casualties_carry_their_span_and_reason(coder: Coder) -> None:
    (event,) = [e for e in code(coder, "Gunmen stormed a bus station in Maiduguri on Friday, "
                                       "killing at least 20 civilians.")
                if e.event == "ASSAULT"]
    assert event.dead == 20
    assert "'killing at least 20 civilians'" in event.reasons["dead"]
    assert "lower bound" in event.reasons["dead"]
    assert event.as_dict()["dead"] == 20 and event.as_dict()["injured"] is None


@pytest.mark.slow
def test_casualties_are_never_counted_twice(coder: Coder) -> None:
    # "wounding" is coded as an event of its own; its figure belongs to the ambush whose
    # outcome it tells, and the wounding event says so.
    events = [e for e in code(coder, "Insurgents ambushed a police patrol near Kunduz, killing "
                                     "three officers and wounding seven others.")
              if e.event == "ASSAULT"]
    assert sum(e.dead or 0 for e in events) == 3
    assert sum(e.injured or 0 for e in events) == 7
    others = [e for e in events if e.trigger != "ambushed"]
    assert all("one figure, one event" in e.reasons.get("injured", "one figure, one event")
               for e in others)
    # Two events in one sentence, each with its own clause's number.
    events = code(coder, "Police arrested 40 students in Dhaka, and soldiers killed two "
                         "farmers in Rangpur.")
    by_type = {e.event: e for e in events}
    assert (by_type["COERCE"].size, by_type["COERCE"].dead) == (40, None)
    assert (by_type["ASSAULT"].dead, by_type["ASSAULT"].size) == (2, None)


@pytest.mark.slow
def test_casualties_only_for_the_four_types(coder: Coder) -> None:
    events = code(coder, "The minister met 200 delegates in Geneva on Monday.")
    assert events and all(e.dead is None and e.size is None for e in events)
