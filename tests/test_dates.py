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


@pytest.mark.slow
@pytest.mark.parametrize(("text", "published", "date", "reason"), [
    ("Somali officials blamed al-Shabaab for Saturday's truck bombing in Mogadishu.",
     "2017-10-16", "2017-10-16", "publication date"),  # Saturday is the bombing's date
    ("Turkey deployed troops to the border after Syrian forces shot down a jet on Friday.",
     "2012-06-27", "2012-06-27", "publication date"),
    ("Police arrested twelve protesters in Nairobi on Monday.", "2021-03-02", "2021-03-01",
     "'Monday'"),
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
