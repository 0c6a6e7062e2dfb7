"""Dates: the date of each event, relative to the story's published date.

For now an event takes its story's published date at day granularity (the rule for sentences
without a date expression); reading date expressions in the sentence comes with the places and
dates work. Every date carries the reason it was chosen.
"""

from __future__ import annotations

from dataclasses import replace

from khaldun.records import Event, Story


def date_event(event: Event, story: Story) -> Event:
    reasons = dict(event.reasons)
    if story.published:
        reasons["date"] = "publication date"
        return replace(event, date=story.published, date_granularity="day", date_text=None,
                       reasons=reasons)
    reasons["date"] = "no date expression and no publication date"
    return replace(event, date=None, date_granularity=None, date_text=None, reasons=reasons)
