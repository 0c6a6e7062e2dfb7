"""Places: the gazetteer, toponym resolution and the event's location.

Rules are tested on a tiny fake gazetteer (`Gazetteer.from_entries`); the real GeoNames build
is tested once per session in a temporary cache (marked slow: ~15-25 s to build).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from khaldun.places.gazetteer import (
    Candidate,
    Gazetteer,
    cache_path,
    import_geonames,
    load_tables,
    name_key,
    save_tables,
)
from khaldun.places.locate import (
    locate_event,
    parse_toponym,
    place_mentions,
    resolve_toponym,
    story_places,
    to_place,
)
from khaldun.records import ActorRef, Event, Place, Sentence, Token

C = Candidate
FAKE = [
    C(1, "Iraq", 33.0, 44.0, "IRQ", None, "country", 38_000_000, "derived"),
    C(2, "Baghdad", 33.34, 44.40, "IRQ", "Baghdad", "capital", 7_216_000),
    C(3, "Sadr City", 33.389, 44.458, "IRQ", "Baghdad", "city", 1_211_849),
    C(4, "Basrah", 30.51, 47.81, "IRQ", "Basra", "city", 1_326_564),
    C(5, "Basra", 30.0, 70.0, "PAK", None, "city", 1_029),
    C(6, "An Najaf", 31.5, 44.0, "IRQ", "An Najaf", "admin1", 615_765, "derived"),
    C(7, "Najaf", 32.0, 44.33, "IRQ", "An Najaf", "city", 482_576),
    C(8, "Georgia", 42.0, 43.5, "GEO", None, "country", 3_704_500, "derived"),
    C(9, "Georgia", 32.7, -83.4, "USA", "Georgia", "admin1", 4_835_606, "derived"),
    C(10, "Washington", 47.4, -120.5, "USA", "Washington", "admin1", 6_544_495, "derived"),
    C(11, "Washington", 38.895, -77.036, "USA", "District of Columbia", "capital", 689_545),
    C(12, "Paris", 48.853, 2.349, "FRA", None, "capital", 2_138_551),
    C(13, "Paris", 33.66, -95.55, "USA", "Texas", "city", 24_171),
    C(14, "Eu", 50.05, 1.42, "FRA", None, "city", 7_500),
    C(15, "Al Anbar", 33.0, 44.0, "IRQ", "Al Anbar", "admin1", 0, "country"),
    C(16, "Ambar", 38.0, 40.0, "TUR", None, "city", 5_063),
    C(17, "Kandahar", 31.6, 65.7, "AFG", "Kandahar", "admin1", 1_200_000, "derived"),
    C(18, "Kandahar", 31.61, 65.71, "AFG", "Kandahar", "city", 391_190),
    C(19, "Birmingham", 52.48, -1.9, "GBR", "England", "city", 984_333),
    C(20, "Birmingham", 33.52, -86.8, "USA", "Alabama", "city", 212_237),
    C(21, "Africa", 7.19, 21.09, None, None, "continent", 1_031_833_000),
    C(22, "United States", 39.5, -98.0, "USA", None, "country", 327_167_434, "derived"),
]
ALTERNATES = {4: ["Basra", "Al-Basra"], 3: ["Sadr"], 6: ["Najaf"], 15: ["Anbar"], 16: ["Anbar"],
              22: ["U.S.", "USA", "America"]}


@pytest.fixture(scope="module")
def fake() -> Gazetteer:
    return Gazetteer.from_entries(FAKE, alternates=ALTERNATES)


@pytest.mark.parametrize(("text", "key"), [
    ("Sadr City", "sadr city"), ("Al-Başrah", "al basrah"), ("the Kremlin", "kremlin"),
    ("U.S.", "u s"), ("Côte d'Ivoire", "cote d ivoire"), ("Deir ez-Zor", "deir ez zor"),
])
def test_places_name_key_folds(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(("text", "name", "part", "kind"), [
    ("northern Iraq", "iraq", "north", None),
    ("eastern Baghdad", "baghdad", "east", None),
    ("north of Baghdad", "baghdad", "north", None),
    ("outskirts of the Mosul", "mosul", "outskirts", None),
    ("Kandahar province", "kandahar province", None, "province"),
    ("Sadr City", "sadr city", None, "city"),
])
def test_places_parse_toponym(text: str, name: str, part: str | None,
                              kind: str | None) -> None:
    toponym = parse_toponym(text)
    assert (toponym.name, toponym.part, toponym.kind) == (name, part, kind)


@pytest.mark.parametrize(("name", "context", "expected"), [
    ("Iraq", set(), (1, "country")),
    ("Sadr City", set(), (3, "whole name")),  # "City" is part of the name
    ("Sadr", set(), (3, "")),  # an alternate name
    ("Basra", set(), (4, "")),  # the big alternate beats the tiny own-name homonym
    ("Al-Basra", set(), (4, "")),
    ("Najaf", set(), (7, "rather than the division")),  # the city, not its province
    ("Kandahar", set(), (18, "rather than the division")),
    ("Kandahar province", set(), (17, "names an admin1")),
    ("Georgia", set(), (8, "outranks")),  # a country beats a state of the same name
    ("Georgia", {"USA"}, (9, "story context USA")),
    ("Georgia", Counter({"GEO": 2, "RUS": 1}), (8, "")),
    ("Washington", set(), (11, "capital")),  # a capital beats the state
    ("Paris", {"USA"}, (12, "capital")),  # a capital beats a small homonym in context
    ("Birmingham", set(), (19, "largest population")),
    ("Birmingham", Counter({"USA": 3}), (20, "story context USA")),
    ("Anbar", set(), (15, "placed at its country")),  # a division without coordinates
    ("northern Iraq", set(), (1, "north of Iraq")),
    ("eastern Baghdad", set(), (2, "east of Baghdad")),
    ("U.S.", set(), (22, "")),
])
def test_places_resolve_toponym_ranking(fake: Gazetteer, name: str, context: set[str],
                                        expected: tuple[int, str]) -> None:
    found, why = resolve_toponym(name, context_countries=context, gazetteer=fake)
    assert found is not None, why
    assert found.geonameid == expected[0], why
    assert expected[1] in why or expected[1] == "whole name"


@pytest.mark.parametrize(("name", "why"), [
    ("Iraqi", "demonym"), ("Americans", "demonym"), ("Atlantis", "not in the gazetteer"),
    ("EU", "abbreviation"),  # not the town of Eu
])
def test_places_resolve_toponym_not_places(fake: Gazetteer, name: str, why: str) -> None:
    found, reason = resolve_toponym(name, context_countries=set(), gazetteer=fake)
    assert found is None and why in reason


def test_places_demonym_as_country_when_asked(fake: Gazetteer) -> None:
    found, why = resolve_toponym("Iraqi", context_countries=set(), gazetteer=fake,
                                 demonyms=True)
    assert found is not None and found.feature == "country" and "demonym" in why


@pytest.mark.parametrize(("geonameid", "resolution"), [
    (1, "country"), (2, "city"), (3, "city"), (9, "admin1"), (15, "country"),
])
def test_places_to_place_resolution(fake: Gazetteer, geonameid: int, resolution: str) -> None:
    candidate = fake.by_id(geonameid)
    assert candidate is not None
    assert to_place(candidate, candidate.name).resolution == resolution


# --- the event's place, on hand-made parses ------------------------------------------------

def _sentence(spec: list[tuple[str, str, int, str, str]]) -> Sentence:
    """Tokens from (text, dep, head, pos, entity type) rows."""
    tokens, idx = [], 0
    previous = ""
    for i, (text, dep, head, pos, ent) in enumerate(spec):
        iob = ("I" if previous == ent else "B") if ent else "O"
        tokens.append(Token(i, text, text.lower(), pos, "", dep, head, ent, iob, idx))
        idx += len(text) + 1
        previous = ent
    text = " ".join(t[0] for t in spec)
    return Sentence("s1", 0, text, 0, len(text), "text", tuple(tokens))


def _event(sentence: Sentence, trigger: str, event: str = "ASSAULT",
           actors: tuple[str, ...] = ()) -> Event:
    refs = tuple(ActorRef(a, None, None, None, None, None, None, "test") for a in actors)
    return Event(id="e", story_id="s1", sentence=0, text=sentence.text, char_start=0,
                 char_end=len(sentence.text), trigger=trigger, event=event, mode=None,
                 context=(), cameo="190", quad_code=4, intensity=-10.0, actor=refs,
                 recipient=(), location=None, date=None, date_granularity=None,
                 date_text=None, negated=False, modality=None, attribution=None,
                 confidence=0.5)


CLASHED_IN_SADR_CITY = [  # Troops clashed with fighters in Sadr City , Baghdad .
    ("Troops", "nsubj", 1, "NOUN", ""), ("clashed", "ROOT", 1, "VERB", ""),
    ("with", "prep", 1, "ADP", ""), ("fighters", "pobj", 2, "NOUN", ""),
    ("in", "prep", 1, "ADP", ""), ("Sadr", "compound", 6, "PROPN", "GPE"),
    ("City", "pobj", 4, "PROPN", "GPE"), (",", "punct", 6, "PUNCT", ""),
    ("Baghdad", "appos", 6, "PROPN", "GPE"), (".", "punct", 1, "PUNCT", ""),
]
WASHINGTON_SAID = [  # Washington condemned the attack .
    ("Washington", "nsubj", 1, "PROPN", "GPE"), ("condemned", "ROOT", 1, "VERB", ""),
    ("the", "det", 3, "DET", ""), ("attack", "dobj", 1, "NOUN", ""),
    (".", "punct", 1, "PUNCT", ""),
]
SHELLED_THE_TOWN = [  # Rebels shelled the town of Najaf .
    ("Rebels", "nsubj", 1, "NOUN", ""), ("shelled", "ROOT", 1, "VERB", ""),
    ("the", "det", 3, "DET", ""), ("town", "dobj", 1, "NOUN", ""),
    ("of", "prep", 3, "ADP", ""), ("Najaf", "pobj", 4, "PROPN", "PERSON"),
    (".", "punct", 1, "PUNCT", ""),
]
OFFICIALS_IN_BASRA = [  # Officials in Basra accused Baghdad .
    ("Officials", "nsubj", 3, "NOUN", ""), ("in", "prep", 0, "ADP", ""),
    ("Basra", "pobj", 1, "PROPN", "GPE"), ("accused", "ROOT", 3, "VERB", ""),
    ("Baghdad", "dobj", 3, "PROPN", "GPE"), (".", "punct", 3, "PUNCT", ""),
]


@pytest.mark.parametrize(("spec", "trigger", "event", "actors", "expected", "rule"), [
    (CLASHED_IN_SADR_CITY, "clashed", "ASSAULT", (), "Sadr City", "attached to the trigger"),
    (SHELLED_THE_TOWN, "shelled", "ASSAULT", (), "Najaf", "acts on"),  # tagged PERSON
    (OFFICIALS_IN_BASRA, "accused", "ACCUSE", ("Officials",), "Basra", "argument"),
    # speech does not happen where its object is
    (OFFICIALS_IN_BASRA, "accused", "ACCUSE", ("Baghdad",), "Basra", "argument"),
])
def test_places_locate_event_from_parse(fake: Gazetteer, spec: list[tuple[str, str, int, str,
                                                                            str]],
                                        trigger: str, event: str, actors: tuple[str, ...],
                                        expected: str, rule: str) -> None:
    sentence = _sentence(spec)
    place, why = locate_event(_event(sentence, trigger, event, actors), sentence, [], fake)
    assert place is not None, why
    assert place.text == expected and rule in why


def test_places_capital_as_actor_is_no_place(fake: Gazetteer) -> None:
    sentence = _sentence(WASHINGTON_SAID)
    event = _event(sentence, "condemned", "ACCUSE", ("Washington",))
    place, why = locate_event(event, sentence, [], fake)
    assert place is None and "no place" in why
    dateline = Place("BAGHDAD", "Baghdad", 2, 33.34, 44.4, "Baghdad", "IRQ", "city")
    place, why = locate_event(event, sentence, [dateline], fake)
    assert place == dateline and "dateline" in why


def test_places_story_places_skip_actors(fake: Gazetteer) -> None:
    sentences = [_sentence(WASHINGTON_SAID), _sentence(CLASHED_IN_SADR_CITY)]
    places = story_places(sentences, fake, set())
    assert [p.text for p in places][:1] == ["Sadr City"]


def test_places_mentions_most_specific_first() -> None:
    sentence = _sentence(CLASHED_IN_SADR_CITY)
    mentions = place_mentions(sentence, 1)
    assert [m.text for m in mentions][:2] == ["Sadr City", "Baghdad"]


# --- the cache --------------------------------------------------------------------------------

def test_places_cache_round_trip(fake: Gazetteer, tmp_path: Path) -> None:
    save_tables(fake.tables, cache_path(tmp_path))
    again = Gazetteer.load(tmp_path)  # reads the file, builds nothing
    assert again.tables == fake.tables
    assert again.lookup("Sadr")[0].geonameid == 3


def test_places_import_geonames_replaces_and_adds(fake: Gazetteer, tmp_path: Path) -> None:
    save_tables(fake.tables, cache_path(tmp_path))
    dump = tmp_path / "IQ.txt"
    rows = [
        ["1", "Iraq", "Iraq", "Republic of Iraq", "33", "44", "A", "PCLI", "IQ", "", "00", "",
         "", "", "38000000", "", "", "Asia/Baghdad", "2020-01-01"],
        ["99", "Kut", "Kut", "Al-Kut,Kut al-Amara", "32.5", "45.8", "P", "PPLA", "IQ", "",
         "16", "", "", "", "315162", "", "", "Asia/Baghdad", "2020-01-01"],
        ["98", "Tigris", "Tigris", "", "31", "47.4", "H", "STM", "IQ", "", "00", "", "", "",
         "0", "", "", "", "2020-01-01"],
    ]
    dump.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    report = import_geonames(dump, cache_dir=tmp_path)
    assert (report.rows, report.added, report.replaced, report.skipped) == (3, 1, 1, 1)
    gazetteer = Gazetteer(load_tables(tmp_path))
    iraq = gazetteer.by_id(1)
    assert iraq is not None and iraq.point == "geonames" and iraq.lat == 33.0
    assert gazetteer.lookup("Kut al-Amara")[0].geonameid == 99
    assert gazetteer.lookup("Republic of Iraq")[0].geonameid == 1


# --- the real gazetteer -----------------------------------------------------------------------

@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer.load(tmp_path_factory.mktemp("gazetteer"))


@pytest.mark.slow
@pytest.mark.parametrize(("name", "context", "geonameid", "country", "feature"), [
    ("Sadr City", set(), 7802746, "IRQ", "city"),
    ("Basra", set(), None, "IRQ", "city"),
    ("Najaf", set(), None, "IRQ", "city"),
    ("Karbala", set(), None, "IRQ", "city"),
    ("Baghdad", set(), None, "IRQ", "capital"),
    ("Fallujah", set(), None, "IRQ", "city"),
    ("Georgia", {"USA"}, None, "USA", "admin1"),
    ("Georgia", set(), None, "GEO", "country"),
    ("Washington", set(), None, "USA", "capital"),
    ("U.S.", set(), None, "USA", "country"),
    ("the Kremlin", set(), None, "RUS", "capital"),
    ("England", set(), None, "GBR", "admin1"),
])
def test_places_real_gazetteer(gazetteer: Gazetteer, name: str, context: set[str],
                               geonameid: int | None, country: str, feature: str) -> None:
    found, why = resolve_toponym(name, context_countries=context, gazetteer=gazetteer)
    assert found is not None, why
    assert (found.country, found.feature) == (country, feature), why
    assert geonameid is None or found.geonameid == geonameid


@pytest.mark.slow
def test_places_real_gazetteer_sadr_city_primary_name(gazetteer: Gazetteer) -> None:
    sadr = gazetteer.by_id(7802746)
    assert sadr is not None and abs(sadr.lat - 33.389) < 0.01 and abs(sadr.lon - 44.458) < 0.01
    assert any(c.geonameid == 7802746 for c in gazetteer.lookup("Sadr"))  # alternate too


@pytest.mark.slow
def test_places_real_gazetteer_bashra_is_not_a_geonames_spelling(gazetteer: Gazetteer) -> None:
    # GeoNames lists Basrah, Al-Basra, Bassora, Busra ... but not "Bashra": no fuzzy guessing.
    assert all(c.country != "IRQ" for c in gazetteer.lookup("Bashra"))
    assert gazetteer.lookup("Al-Basra")[0].country == "IRQ"
