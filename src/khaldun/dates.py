"""Dates: the date of each event, read from its sentence relative to the story's published date.

Expressions understood: full dates ("25 March 2008", "March 25, 2008", "2008-03-25"), a month
and day ("on March 25"), a month and year ("in March 2008"), a month alone ("last August",
"in August"), a year ("in 2004", "last year"), weekdays ("on Sunday": the publication's own
weekday means that day, otherwise the most recent one before it; "last Sunday" is always before
the publication day), "yesterday", "today", "last night", "overnight", "N days ago",
"earlier this month", "last month". Among several, the one nearest the trigger wins. A sentence
with none takes the publication date; a story with no publication date leaves relative
expressions unresolved. Every date carries the reason it was chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from khaldun.records import Event, Sentence, Story, Token

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10}

_M = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
     r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b")),
    ("month_day_year", re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                                  rf"(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("day_month_year", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}"
                                  rf",?\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("month_day", re.compile(rf"\b{_M}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)",
                             re.I)),
    ("day_month", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\b"
                             rf"(?!,?\s+(?:19|20)\d\d)", re.I)),
    ("month_year", re.compile(rf"\b{_M}\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("last_month_name", re.compile(rf"\blast\s+{_M}\b", re.I)),
    ("in_month", re.compile(rf"\b(?:in|since|during|early|late|mid-?)\s+{_M}\b(?!\s+\d)",
                            re.I)),
    ("year", re.compile(r"\b(?:in|during|since|by|of|year)\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("last_year", re.compile(r"\blast\s+year\b", re.I)),
    ("last_weekday", re.compile(r"\blast\s+(?P<weekday>monday|tuesday|wednesday|thursday|"
                                r"friday|saturday|sunday)\b", re.I)),
    ("weekday", re.compile(r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|"
                           r"sunday)\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("last_night", re.compile(r"\b(?:last\s+night|overnight)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight)\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|"
                            r"ten)\s+days?\s+ago\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier|later)\s+this\s+month\b|\bthis\s+month\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month\b", re.I)),
]
# Expressions that need the publication date to be resolved.
_RELATIVE = {"month_day", "day_month", "last_month_name", "in_month", "last_year",
             "last_weekday", "weekday", "yesterday", "last_night", "today", "days_ago",
             "this_month", "last_month"}


@dataclass(frozen=True, slots=True)
class Found:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    granularity: str
    text: str
    start: int
    reason: str


def _month(m: re.Match[str]) -> int:
    key = m.group("month").lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def _shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _resolve(kind: str, m: re.Match[str], pub: date | None, *, ahead: bool = False
             ) -> tuple[str, str] | None:
    """(value, granularity) for one match, or None when it cannot be resolved. With `ahead`
    (the event is still to come) a bare weekday is the next one, not the last."""
    try:
        if kind == "iso":
            return date(int(m["year"]), int(m["mnum"]), int(m["day"])).isoformat(), "day"
        if kind in ("month_day_year", "day_month_year"):
            return date(int(m["year"]), _month(m), int(m["day"])).isoformat(), "day"
        if kind == "month_year":
            return f"{int(m['year']):04d}-{_month(m):02d}", "month"
        if kind == "year":
            return m["year"], "year"
        if pub is None:
            return None
        if kind in ("month_day", "day_month"):
            found = date(pub.year, _month(m), int(m["day"]))
            if found > pub + timedelta(days=1):
                found = found.replace(year=pub.year - 1)
            return found.isoformat(), "day"
        if kind in ("last_month_name", "in_month"):
            month = _month(m)
            past = month < pub.month or (month == pub.month and kind == "in_month")
            return f"{pub.year if past else pub.year - 1:04d}-{month:02d}", "month"
        if kind == "last_year":
            return str(pub.year - 1), "year"
        if kind == "weekday" and ahead:
            forward = (WEEKDAYS[m["weekday"].lower()] - pub.weekday()) % 7
            return (pub + timedelta(days=forward)).isoformat(), "day"
        if kind in ("weekday", "last_weekday"):
            back = (pub.weekday() - WEEKDAYS[m["weekday"].lower()]) % 7
            if back == 0 and kind == "last_weekday":
                back = 7
            return (pub - timedelta(days=back)).isoformat(), "day"
        if kind in ("yesterday", "last_night"):
            return (pub - timedelta(days=1)).isoformat(), "day"
        if kind == "today":
            return pub.isoformat(), "day"
        if kind == "days_ago":
            n = m["n"].lower()
            return (pub - timedelta(days=int(n) if n.isdigit() else NUMBERS[n])).isoformat(), \
                "day"
        if kind == "this_month":
            return f"{pub.year:04d}-{pub.month:02d}", "month"
        if kind == "last_month":
            year, month = _shift_months(pub, -1)
            return f"{year:04d}-{month:02d}", "month"
    except ValueError:
        return None  # "February 30"
    return None


def find_dates(text: str, published: str | None, *, ahead: bool = False) -> list[Found]:
    """Every date expression in a sentence, resolved; overlapping matches keep the first.
    `ahead`: the event is still to come ("will meet on Wednesday": the next Wednesday)."""
    pub = date.fromisoformat(published) if published else None
    taken: list[tuple[int, int]] = []
    out = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            resolved = _resolve(kind, m, pub, ahead=ahead)
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            how = "relative to the publication date" if kind in _RELATIVE else "explicit"
            out.append(Found(resolved[0], resolved[1], m.group(0), m.start(),
                             f"'{m.group(0)}' ({how})"))
    return sorted(out, key=lambda f: f.start)


_OTHER_TIME = frozenset({"after", "before", "ahead", "following", "since", "until", "during"})


def _conj_clause(tokens: tuple[Token, ...], i: int) -> int:
    """The nearest conjoined clause with its own subject above a token, or -1 for the main
    one."""
    seen = set()
    while i not in seen:
        seen.add(i)
        t = tokens[i]
        if t.dep == "conj" and t.pos in ("VERB", "AUX") and any(
                c.head == i and c.dep in ("nsubj", "nsubjpass") for c in tokens):
            return i
        i = t.head
    return -1


def _applies(sentence: Sentence, found: Found, trigger: int) -> bool:
    """Does a date expression belong to the event whose trigger is token `trigger`? Only when
    it is in the trigger's own clause, is not another noun's ("Saturday's bombing") and is not
    in another event's time clause ("after gunmen stormed the station on Tuesday")."""
    tokens = sentence.tokens
    offset = sentence.char_start + found.start
    token = next((t for t in tokens if t.idx <= offset < t.idx + max(len(t.text), 1)), None)
    if token is None:
        return True
    above = [token.i]
    while tokens[above[-1]].head != above[-1] and len(above) < 40:
        above.append(tokens[above[-1]].head)
    for i in above:
        if i == trigger:
            return True
        t = tokens[i]
        if t.dep == "poss" or (t.i + 1 < len(tokens) and tokens[t.i + 1].dep == "case"):
            return t.head == trigger  # "Monday's bombing" belongs to the bombing
        marks = [c for c in tokens if c.head == i and c.dep in ("mark", "prep")
                 and c.lemma in _OTHER_TIME]
        if t.lemma in _OTHER_TIME or marks:
            return False
    # Conjoined clauses with their own subjects carry their own dates ("launched an assault
    # last night, and Russia sent tanks on Friday").
    return _conj_clause(tokens, token.i) == _conj_clause(tokens, trigger)


def date_event(event: Event, story: Story, sentence: Sentence | None = None) -> Event:
    """Give an event the date its own clause states, else the publication date."""
    reasons = dict(event.reasons)
    # A future event is ahead; a stated intention is coded as the statement, made already.
    ahead = event.modality == "future"
    found = find_dates(event.text, story.published, ahead=ahead)
    if found and sentence is not None and sentence.tokens:
        first = event.trigger.split()[0] if event.trigger else ""
        trigger = next((t.i for t in sentence.tokens if t.text == first), None)
        if trigger is not None:
            found = [f for f in found if _applies(sentence, f, trigger)]
    if found:
        where = max(event.text.find(event.trigger.split()[0]) if event.trigger else 0, 0)
        best = min(found, key=lambda f: abs(f.start - where))
        reasons["date"] = best.reason
        return replace(event, date=best.value, date_granularity=best.granularity,
                       date_text=best.text, reasons=reasons)
    if story.published:
        reasons["date"] = "publication date"
        return replace(event, date=story.published, date_granularity="day", date_text=None,
                       reasons=reasons)
    reasons["date"] = "no date expression and no publication date"
    return replace(event, date=None, date_granularity=None, date_text=None, reasons=reasons)
