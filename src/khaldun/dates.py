"""Dates: the date of each event, read from its sentence relative to the story's published date.

Expressions understood: full dates ("25 March 2008", "March 25, 2008", "2008-03-25"), a month
and day ("on March 25"), a month and year ("in March 2008"), a month alone ("last August",
"in August"), a year ("in 2004", "last year"), weekdays ("on Sunday": the publication's own
weekday means that day, otherwise the most recent one before it; "last Sunday" is always before
the publication day), "yesterday", "today", "last night", "overnight", "N days (months,
years) ago",
"earlier this month", "last month", a year naming an event ("the 1994 genocide"), and expressions
counted from the last date named before them, else from publication ("a day later", "the next
day", "that night", "two days after his arrest"). Dates after publication are plans or deadlines
("elections by February 2022") unless the event is still to come. Among the dates of the
trigger's own clause the one nearest the trigger wins; a time clause with none ("after Mexico
granted him asylum") shares the date of the clause it hangs on. A sentence with none takes the
publication date; a story with no publication date leaves relative expressions unresolved.
Every date carries the reason it was chosen. An event whose own date ends over a year before
the story is background: it takes PLOVER's "historical" mode, which lists and maps leave out
unless asked.
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
    # a year naming an event: "the 1994 genocide", "the 2010 operation"
    ("year_of_noun", re.compile(r"(?<=\bthe )(?P<year>(?:19|20)\d\d)(?= [a-z])")),
    ("last_year", re.compile(r"\blast\s+year\b", re.I)),
    ("last_weekday", re.compile(r"\blast\s+(?P<weekday>monday|tuesday|wednesday|thursday|"
                                r"friday|saturday|sunday)\b", re.I)),
    ("weekday", re.compile(r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|"
                           r"sunday)\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("last_night", re.compile(r"\b(?:last\s+night|overnight)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight)\b", re.I)),
    # Counted from another date, the last one named before ("a day later"), else publication:
    # "N days after" dates the event after "after", N days before that other date.
    ("days_later", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|"
                              r"ten)\s+days?\s+later\b|\bthe\s+(?:next|following)\s+day\b", re.I)),
    ("days_after", re.compile(r"\b(?P<n>\d+|a|an|the|one|two|three|four|five|six|seven|eight|"
                              r"nine|ten)\s+days?\s+after\b", re.I)),
    ("same_day", re.compile(r"\b(?:that|the\s+same)\s+(?:day|night|evening|morning)\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|"
                            r"ten)\s+days?\s+ago\b", re.I)),
    ("years_ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|"
                             r"ten)\s+years?\s+ago\b", re.I)),
    ("months_ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|"
                              r"ten)\s+months?\s+ago\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier|later)\s+this\s+month\b|\bthis\s+month\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month\b", re.I)),
]
# Words one of which every match of a pattern holds (in lower case), so that a sentence with
# none of them is not searched with it: most sentences hold no date (see `find_dates`).
_DIGITS = tuple("0123456789")
_CUES: dict[str, tuple[str, ...]] = {
    "iso": _DIGITS, "month_day_year": _DIGITS, "day_month_year": _DIGITS,
    "month_day": _DIGITS, "day_month": _DIGITS, "month_year": _DIGITS, "year": _DIGITS,
    "year_of_noun": _DIGITS, "last_month_name": ("last",), "last_year": ("last",),
    "last_weekday": ("last",),
    "in_month": ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                 "dec"),
    "weekday": ("day",), "yesterday": ("day",), "last_night": ("night",),
    "today": ("day", "this", "night"), "days_later": ("day",), "days_after": ("day",),
    "same_day": ("that", "same"), "days_ago": ("day",), "years_ago": ("year",),
    "months_ago": ("month",), "this_month": ("month",), "last_month": ("month",),
}
# Expressions that need the publication date to be resolved.
_RELATIVE = {"month_day", "day_month", "last_month_name", "in_month", "last_year",
             "last_weekday", "weekday", "yesterday", "last_night", "today", "days_ago",
             "this_month", "last_month", "days_later", "days_after", "same_day", "years_ago",
             "months_ago"}
# How many days each counted expression lies from the date it is counted from.
_SHIFTED = {"days_later": 1, "days_after": -1, "same_day": 0}


@dataclass(frozen=True, slots=True)
class Found:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    granularity: str
    text: str
    start: int
    reason: str
    kind: str = ""
    shift: int | None = None  # days from the date it is counted from ("a day later": 1)


def _month(m: re.Match[str]) -> int:
    key = m.group("month").lower().rstrip(".")
    return MONTHS[key] if key in MONTHS else MONTHS[key[:3]]


def _shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _count(m: re.Match[str]) -> int:
    """The number of days an expression counts ("two days ago": 2; "the next day": 1)."""
    n = (m.groupdict().get("n") or "one").lower()
    return int(n) if n.isdigit() else NUMBERS.get(n, 1)


def _shift(kind: str, m: re.Match[str]) -> int:
    return _SHIFTED[kind] * _count(m)


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
        if kind in ("year", "year_of_noun"):
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
            return (pub - timedelta(days=_count(m))).isoformat(), "day"
        if kind == "years_ago":  # "three years ago": that year, as precisely as it says
            return str(pub.year - _count(m)), "year"
        if kind == "months_ago":
            year, month = _shift_months(pub, -_count(m))
            return f"{year:04d}-{month:02d}", "month"
        if kind in _SHIFTED:
            return (pub + timedelta(days=_shift(kind, m))).isoformat(), "day"
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
    # A pattern is tried only where one of its cue words is; ASCII text only, whose lower
    # case is exactly what re.I matches.
    lower = text.lower() if text.isascii() else None
    taken: list[tuple[int, int]] = []
    out = []
    for kind, pattern in _PATTERNS:
        if lower is not None and not any(word in lower for word in _CUES[kind]):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            resolved = _resolve(kind, m, pub, ahead=ahead)
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            if pub and not ahead and kind not in _RELATIVE \
                    and resolved[0] > pub.isoformat()[:len(resolved[0])]:
                continue  # a deadline or plan ("elections by February 2022"), not a past date
            how = "relative to the publication date" if kind in _RELATIVE else "explicit"
            out.append(Found(resolved[0], resolved[1], m.group(0), m.start(),
                             f"'{m.group(0)}' ({how})", kind,
                             _shift(kind, m) if kind in _SHIFTED else None))
    return sorted(out, key=lambda f: f.start)


# Words that open another event's time ("after gunmen stormed ..."). "during" is left out: what
# happens during a visit happens at the visit's date.
_OTHER_TIME = frozenset({"after", "before", "ahead", "following", "since", "until"})


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


def _time_clause(tokens: tuple[Token, ...], i: int) -> int:
    """The nearest time clause or phrase of another event ("after the vote", "before police
    fired") that holds token `i`, or -1. A token before the clause's "after" is not in it,
    whatever the parse says ("blocked roads last night after the cabinet proposed ...")."""
    start, seen = i, set()
    while i not in seen:
        seen.add(i)
        t = tokens[i]
        if t.lemma in _OTHER_TIME and t.i != start:
            return i
        if any(c.head == i and c.dep in ("mark", "prep") and c.lemma in _OTHER_TIME
               and c.i < start for c in tokens):
            return i
        i = t.head
    return -1


def _ancestors(tokens: tuple[Token, ...], i: int) -> list[int]:
    """A token and its heads up to the root."""
    out = [i]
    while tokens[out[-1]].head != out[-1] and len(out) < 40:
        out.append(tokens[out[-1]].head)
    return out


def _applies(sentence: Sentence, found: Found, trigger: int) -> bool:
    """Does a date expression belong to the event whose trigger is token `trigger`? Only when
    it is in the trigger's own clause, is not another noun's ("Saturday's bombing") and is in
    the same time clause ("after gunmen stormed the station on Tuesday" dates the storming,
    not what came after it)."""
    tokens = sentence.tokens
    offset = sentence.char_start + found.start
    token = next((t for t in tokens if t.idx <= offset < t.idx + max(len(t.text), 1)), None)
    if token is None:
        return True
    if found.kind == "days_after":
        # "two days after his arrest" dates the arrest: the events inside the clause that its
        # "after" opens
        end = sentence.char_start + found.start + len(found.text) - 1
        after = next((t for t in tokens if t.idx <= end < t.idx + len(t.text)), token)
        return any(i == after.i or (i == after.head and after.dep == "mark")
                   for i in _ancestors(tokens, trigger))
    above = _ancestors(tokens, token.i)
    if found.kind == "year_of_noun":
        # "the 1994 genocide" dates the genocide: the noun itself and what its own clause
        # tells ("in which extremists killed ..."), not what is said about it years later
        noun = token.head
        if tokens[noun].tag in ("NNS", "NNPS"):
            return False  # more likely a count than a year: "the 2000 troops"
        return noun == trigger or noun in _ancestors(tokens, trigger)
    for i in above:
        if i == trigger:
            break
        t = tokens[i]
        if t.dep == "poss" or (t.i + 1 < len(tokens) and tokens[t.i + 1].dep == "case"):
            return t.head == trigger  # "Monday's bombing" belongs to the bombing
        # A year on a noun dates that noun: "rejected a call to investigate the killing of
        # civilians in 2009" (only years: weekdays on nouns are mostly misattached by the parse)
        if found.granularity == "year" and t.dep == "prep" and tokens[t.head].pos == "NOUN" \
                and t.head != trigger:
            return False
    if _time_clause(tokens, token.i) != _time_clause(tokens, trigger):
        return False
    # Conjoined clauses with their own subjects carry their own dates ("launched an assault
    # last night, and Russia sent tanks on Friday").
    return _conj_clause(tokens, token.i) == _conj_clause(tokens, trigger)


def _own_dates(sentence: Sentence, found: list[Found], trigger: int) -> list[Found]:
    """The dates that belong to the trigger's clause. A time clause that states no date of its
    own shares the date of the clause it hangs on ("landed on Tuesday after Mexico granted him
    asylum"); a conjoined clause with its own subject does not (reactions such as "and
    Kyiv thanked Berlin" are mostly reported on the publication day)."""
    tokens = sentence.tokens
    seen: list[int] = []
    while trigger not in seen:
        seen.append(trigger)
        own = [f for f in found if _applies(sentence, f, trigger)]
        clause = _time_clause(tokens, trigger)
        if own and len(seen) > 1:
            return [replace(f, reason=f"{f.reason}, the date of the clause that the time clause "
                                      "hangs on") for f in own]
        if own or clause == -1:
            return own
        trigger = tokens[clause].head
    return []


def _counted(found: Found, story: Story, sentence: Sentence | None, text: str) -> Found:
    """Count "a day later", "two days after", "that night" from the last day-exact date named
    before it in the story, else from the publication date."""
    before = story.text[:sentence.char_start] if sentence is not None else ""
    named = [f for f in find_dates(before, story.published) + find_dates(
        text[:found.start], story.published) if f.granularity == "day" and f.shift is None]
    if not named:
        return found  # already counted from the publication date
    anchor = named[-1]
    value = date.fromisoformat(anchor.value) + timedelta(days=found.shift or 0)
    return replace(found, value=value.isoformat(),
                   reason=f"'{found.text}' (counted from '{anchor.text}')")


# An event whose own date ends this long before the story is background ("in 2011", "during
# the 1994 genocide", "three years ago"), PLOVER's historical mode.
HISTORICAL_DAYS = 365


def _long_before(value: str, granularity: str, published: str | None) -> bool:
    """Whether a date (at its granularity) ends over HISTORICAL_DAYS before publication."""
    if not published:
        return False
    try:
        year = int(value[:4])
        if granularity == "year":
            end = date(year, 12, 31)
        elif granularity == "month":
            month = int(value[5:7])
            end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        else:
            end = date.fromisoformat(value[:10])
        return (date.fromisoformat(published) - end).days > HISTORICAL_DAYS
    except ValueError:
        return False


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
            found = _own_dates(sentence, found, trigger)
    if found:
        where = max(event.text.find(event.trigger.split()[0]) if event.trigger else 0, 0)
        best = min(found, key=lambda f: abs(f.start - where))
        if best.shift is not None:
            best = _counted(best, story, sentence, event.text)
        reasons["date"] = best.reason
        modality = event.modality
        if modality is None and _long_before(best.value, best.granularity, story.published):
            modality = "historical"
            reasons["modality"] = (f"dated {best.value} by '{best.text}', over a year before "
                                   f"the story ({story.published}): background, not news")
        return replace(event, date=best.value, date_granularity=best.granularity,
                       date_text=best.text, modality=modality, reasons=reasons)
    if story.published:
        reasons["date"] = "publication date"
        return replace(event, date=story.published, date_granularity="day", date_text=None,
                       reasons=reasons)
    reasons["date"] = "no date expression and no publication date"
    return replace(event, date=None, date_granularity=None, date_text=None, reasons=reasons)
