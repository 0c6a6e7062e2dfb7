from __future__ import annotations

import pytest

from khaldun.dates import find_dates
from khaldun.pipeline import Coder
from khaldun.records import CodedStory, Story


@pytest.mark.parametrize(("text", "published", "value", "granularity"), [
    ("Rebels attacked the town on Sunday.", "2008-04-06", "2008-04-06", "day"),  # a Sunday
    ("Rebels attacked the town on Sunday.", "2008-04-08", "2008-04-06", "day"),
    ("Rebels attacked the town last Sunday.", "2008-04-06", "2008-03-30", "day"),
    ("Police arrested him yesterday.", "2008-04-06", "2008-04-05", "day"),
    ("Gunmen attacked a checkpoint last night.", "2008-04-06", "2008-04-05", "day"),
    ("Militants shelled the base overnight.", "2008-04-06", "2008-04-05", "day"),
    ("The talks open today.", "2008-04-06", "2008-04-06", "day"),
    ("Troops withdrew on March 25.", "2008-04-06", "2008-03-25", "day"),
    ("Troops withdrew on 25 March.", "2008-04-06", "2008-03-25", "day"),
    ("Troops withdrew on March 25.", "2008-03-01", "2007-03-25", "day"),  # not in the future
    ("Troops withdrew on March 25, 2003.", "2008-04-06", "2003-03-25", "day"),
    ("Troops withdrew on 2003-03-25.", None, "2003-03-25", "day"),
    ("The army took the city in March 2003.", "2008-04-06", "2003-03", "month"),
    ("Protests began last August.", "2008-04-06", "2007-08", "month"),
    ("Protests began in February.", "2008-04-06", "2008-02", "month"),
    ("In 2004, US marines besieged Fallujah.", "2008-04-06", "2004", "year"),
    ("The ministry was bombed last year.", "2008-04-06", "2007", "year"),
    ("Two days ago, rebels seized the airport.", "2008-04-06", "2008-04-04", "day"),
    ("Rebels seized the airport three days ago.", "2008-04-06", "2008-04-03", "day"),
    ("Earlier this month police raided the office.", "2008-04-06", "2008-04", "month"),
    ("Police raided the office last month.", "2008-01-10", "2007-12", "month"),
    ("Rebels attacked the town on Wednesday.", "2021-06-09", "2021-06-09", "day"),  # a Wednesday
    ("Students marched on parliament tonight.", "2011-01-25", "2011-01-25", "day"),
    ("Soldiers seized the broadcaster overnight.", "2017-11-15", "2017-11-14", "day"),
    ("Gunmen raided the village a day ago.", "2017-11-15", "2017-11-14", "day"),
    ("The army withdrew on 3 January.", "2015-01-20", "2015-01-03", "day"),
    ("Police arrested the rapper last October.", "2023-01-15", "2022-10", "month"),
    ("Police arrested the rapper last October.", "2022-11-15", "2022-10", "month"),
    ("Iraq invaded Kuwait in 1990.", "2020-08-02", "1990", "year"),
    ("Rwanda marked the 1994 genocide.", "2019-04-07", "1994", "year"),
    ("Three years ago, rebels attacked the town.", "2018-04-05", "2015", "year"),
    ("Rebels attacked the town two months ago.", "2018-04-05", "2018-02", "month"),
    # counted from the publication date here; date_event counts from the last date named
    ("Troops retook the airport a day later.", "2016-04-07", "2016-04-08", "day"),
    ("Troops retook the airport two days later.", "2016-04-07", "2016-04-09", "day"),
    ("Soldiers raided the village that night.", "2016-04-07", "2016-04-07", "day"),
    ("Troops fired two days after the vote.", "2016-04-07", "2016-04-05", "day"),
])
def test_dates_expressions(text: str, published: str | None, value: str,
                           granularity: str) -> None:
    (found,) = find_dates(text, published)
    assert (found.value, found.granularity) == (value, granularity)
    assert found.text in text


@pytest.mark.parametrize("text", ["Rebels attacked the town on Sunday.", "Police arrested him "
                                  "yesterday.", "Troops withdrew on March 25."])
def test_dates_relative_expressions_need_a_publication_date(text: str) -> None:
    assert find_dates(text, None) == []


def test_dates_impossible_date_is_ignored() -> None:
    assert find_dates("Talks resumed on February 30.", "2008-04-06") == []


def test_dates_explicit_date_after_publication_is_a_deadline() -> None:
    text = "The junta rejected a demand to hold elections by February 2022."
    assert find_dates(text, "2021-12-13") == []
    (found,) = find_dates(text, "2021-12-13", ahead=True)  # what is still to come keeps it
    assert found.value == "2022-02"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "published", "date", "reason"), [
    ("Somali officials blamed al-Shabaab for Saturday's truck bombing in Mogadishu.",
     "2017-10-16", "2017-10-16", "publication date"),  # Saturday is the bombing's date
    ("Turkey deployed troops to the border after Syrian forces shot down a jet on Friday.",
     "2012-06-27", "2012-06-27", "publication date"),
    ("Police arrested twelve protesters in Nairobi on Monday.", "2021-03-02", "2021-03-01",
     "'Monday'"),
    # a date before the "after" is not in the after clause, whatever the parse says
    ("Protesters blocked roads in Beirut last night after the cabinet proposed a new tax.",
     "2019-10-18", "2019-10-17", "'last night'"),
    # what happens during a visit happens on the visit's date
    ("The prime minister praised the troops during a visit to Basra on Sunday.", "2017-07-10",
     "2017-07-09", "'Sunday'"),
    # a conjoined clause with its own subject and no date: the publication date
    ("Rebels shelled the port on Monday, and the government appealed for international help.",
     "2016-04-07", "2016-04-04", "'Monday'"),
    # a year on another noun is that noun's
    ("Opposition leaders condemned the government for the massacre of villagers by soldiers in "
     "2009.", "2013-03-20", "2013-03-20", "publication date"),
    # a date after publication is a deadline, not when the rejection happened
    ("The junta rejected a demand to hold elections by February 2022.", "2021-12-13",
     "2021-12-13", "publication date"),
])
def test_dates_belong_to_their_own_clause(coder: Coder, text: str, published: str, date: str,
                                          reason: str) -> None:
    (result,) = coder.code_batch([Story("d", text, published=published)])
    assert isinstance(result, CodedStory)
    event = result.events[0]
    assert event.date == date
    assert event.reasons["date"].startswith(reason)


def test_dates_weekday_of_a_coming_event_is_the_next_one() -> None:
    (found,) = find_dates("Mr Sadr will meet tribal leaders on Wednesday.", "2008-04-01",
                          ahead=True)
    assert found.value == "2008-04-02"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "published", "trigger", "date", "reason"), [
    # an after clause with no date of its own shares the date of the clause it hangs on
    ("Troops sealed the border on Tuesday after rebels attacked a customs post.", "2015-05-07",
     "attacked", "2015-05-05", "'Tuesday'"),
    ("The army shelled the rebel town on Friday, two days after rebels ambushed a convoy.",
     "2016-04-10", "shelled", "2016-04-08", "'Friday'"),
    ("The army shelled the rebel town on Friday, two days after rebels ambushed a convoy.",
     "2016-04-10", "ambushed", "2016-04-06", "'two days after' (counted from 'Friday')"),
    ("Rebels seized the airport on Monday, and government troops retook it a day later.",
     "2016-04-07", "retook", "2016-04-05", "'a day later' (counted from 'Monday')"),
    ("Gunmen attacked a police station on Saturday, and soldiers raided their village that "
     "night.", "2016-04-11", "raided", "2016-04-09", "'that night' (counted from 'Saturday')"),
    ("Rebels shelled the port on Monday, and the government appealed for international help.",
     "2016-04-07", "appealed", "2016-04-07", "publication date"),
    ("Rwanda remembered the 1994 genocide, in which militias killed some 800,000 people.",
     "2019-04-07", "killed", "1994", "'1994'"),
    ("Opposition leaders condemned the government for the massacre of villagers by soldiers in "
     "2009.", "2013-03-20", "massacre", "2009", "'in 2009'"),
])
def test_dates_of_each_event_in_a_sentence(coder: Coder, text: str, published: str,
                                           trigger: str, date: str, reason: str) -> None:
    (result,) = coder.code_batch([Story("d", text, published=published)])
    assert isinstance(result, CodedStory)
    (event,) = [e for e in result.events if e.trigger.split()[0] == trigger]
    assert event.date == date
    assert event.reasons["date"].startswith(reason)


@pytest.mark.slow
def test_dates_counted_from_the_last_date_named_in_the_story(coder: Coder) -> None:
    text = "Rebels seized the airport on Monday. Two days later government troops retook it."
    (result,) = coder.code_batch([Story("d", text, published="2016-04-07")])
    assert isinstance(result, CodedStory)
    assert [e.date for e in result.events] == ["2016-04-04", "2016-04-06"]


# PLOVER's historical mode: an event whose own date ends over a year before its story.
@pytest.mark.slow
@pytest.mark.parametrize(("text", "historical"), [
    ("Gavrilo Princip assassinated Archduke Franz Ferdinand in 1914.", True),
    ("Protesters clashed with police in Cairo in 2011.", True),
    ("Three years ago, rebels attacked the town.", True),
    ("Rebels attacked the town two months ago.", False),
    ("Police arrested two men on Monday.", False),
    ("The court sentenced him in March 2018.", False),
    ("Rebels will attack the town in 2019.", False),  # a plan is not background
])
def test_dates_events_long_before_the_story_are_historical(coder: Coder, text: str,
                                                           historical: bool) -> None:
    (result,) = coder.code_batch([Story("h", text, published="2018-04-05")])
    assert isinstance(result, CodedStory)
    events = [e for e in result.events if not e.negated]
    assert events
    assert any(e.modality == "historical" for e in events) is historical
    for e in events:
        if e.modality == "historical":
            assert "over a year before the story" in e.reasons["modality"]


def test_dates_every_match_holds_a_cue_word() -> None:
    """find_dates skips a pattern where none of its cue words is: every match holds one."""
    from khaldun.bench import corpus
    from khaldun.dates import _CUES, _PATTERNS

    texts = [s.text for s in corpus(40)] + [
        "On 25 March 2008, March 25, 2008 and 2008-03-25; on March 25, 25 March, in March 2008,"
        " last August, in August, in 2004, the 1994 genocide, last year, last Sunday, on "
        "Sunday, yesterday, last night, overnight, today, this morning, tonight, two days "
        "later, the next day, the following day, three days after, that night, the same day, "
        "five days ago, two years ago, three months ago, earlier this month, last month."]
    assert set(_CUES) == {kind for kind, _ in _PATTERNS}
    for kind, pattern in _PATTERNS:
        matches = [m.group(0).lower() for text in texts for m in pattern.finditer(text)]
        assert matches, kind
        for match in matches:
            assert any(word in match for word in _CUES[kind]), (kind, match)
