"""Normalise time expressions against an anchor date (the dateline's or the publication date).

Keeps the precision the text gives: "Thursday" -> xsd:date, "in February" -> xsd:gYearMonth,
"earlier this year" -> xsd:gYear. News conventions decide the direction: a bare weekday or month
is the most recent one on or before the anchor.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
MONTH_ABBREVIATIONS = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
DAY_OFFSETS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
               "overnight": 0, "yesterday": -1, "the day before": -1, "the previous day": -1,
               "a day earlier": -1, "tomorrow": 1, "the next day": 1, "the following day": 1,
               "the day after": 1, "last night": -1}
# Vague spans: only the month or the year can be said for sure.
MONTH_OF_ANCHOR = ("this week", "earlier this week", "later this week", "recent days", "the past few days",
                   "this month", "earlier this month", "the past week", "days")
YEAR_OF_ANCHOR = ("this year", "earlier this year", "later this year", "recent months", "recent weeks",
                  "the past few months", "months")


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _recent_month(month: int, anchor: date) -> int:
    """Year of the most recent `month` not after the anchor's month."""
    return anchor.year if month <= anchor.month else anchor.year - 1


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return MONTH_ABBREVIATIONS.get(word)


@lru_cache(maxsize=4096)
def normalize(text: str, anchor: date | None, forward: bool = False) -> str | None:
    """The ISO value ("2025-07-10", "2025-02" or "2025") that `text` names, or None. A bare weekday,
    month or day of a month is the most recent one on or before the anchor; of what is still to come
    (`forward`: "will visit on Friday", "talks planned for December"), the next one on or after it.

    >>> normalize("on Thursday", date(2025, 7, 10))
    '2025-07-10'
    >>> normalize("in February", date(2025, 7, 10))
    '2025-02'
    >>> normalize("on Wednesday", date(2017, 2, 12), forward=True)
    '2017-02-15'
    """
    phrase = re.sub(r"\s+", " ", text.lower()).strip(" .,")
    leading = r"^(on|in|since|by|during|from|until|as of|at|early|late|mid|the end of|the start of)\s+"
    while re.match(leading, phrase):
        phrase = re.sub(leading, "", phrase)  # "in early March", "by late 2024"
    phrase = phrase.removeprefix("the ") if phrase.startswith("the ") and phrase[4:] in WEEKDAYS else phrase
    if re.fullmatch(r"\(?\d{1,3}\)?", phrase):
        return None  # "Pompeo (52)", "15": an age or a count the model took for a date, no day, month or year
    try:
        value = _explicit(phrase, anchor, forward) or (_relative(phrase, anchor, forward) if anchor else None)
    except (OverflowError, ValueError):
        return None  # "a million days ago", "2025-13-45"
    return value if value and _in_range(value) else None


def _in_range(value: str) -> bool:
    """A value XSD can type: a year from 1 to 9999, and a real calendar date."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) or value[:4] == "0000":
        return False
    try:
        if len(value) == 10:
            date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) != 7 or 1 <= int(value[5:]) <= 12


def _explicit(phrase: str, anchor: date | None, forward: bool = False) -> str | None:
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", phrase):
        return phrase
    if (m := re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)", phrase)) and anchor is not None:
        day = int(m.group(1))  # "on the 3rd": that day of the anchor's month, or of the month before (after)
        after = day > anchor.day if not forward else day >= anchor.day
        year, month = (anchor.year, anchor.month) if after == forward else \
            _shift_month(anchor.year, anchor.month, 1 if forward else -1)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if m := re.fullmatch(r"(?:the )?(\d{4})|(?:the )?year (\d{4})", phrase):
        return m.group(1) or m.group(2)
    if m := re.fullmatch(r"([a-z]+)\.?,? (\d{4})", phrase):
        month = _month_number(m.group(1))
        return month_value(int(m.group(2)), month) if month else None
    if m := re.fullmatch(r"(?:[a-z]+,? )?([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?", phrase) or \
            re.fullmatch(r"(?:[a-z]+,? )?(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?(?:,? (\d{4}))?", phrase):
        first, second, year = m.groups()
        month_word, day = (first, second) if not first.isdigit() else (second, first)
        month = _month_number(month_word)
        if not month or not 1 <= int(day) <= 31:
            return None
        if year is None:
            if anchor is None:
                return None
            next_year, next_month = _shift_month(anchor.year, anchor.month, 1)
            if forward:
                year = anchor.year if (month, int(day)) >= (anchor.month, anchor.day) else anchor.year + 1
            else:
                year = next_year if month == next_month else _recent_month(month, anchor)  # early next month is ahead
        try:
            return date(int(year), month, int(day)).isoformat()
        except ValueError:
            return None
    return None


def _relative(phrase: str, anchor: date, forward: bool = False) -> str | None:
    words = phrase.split()
    if phrase in DAY_OFFSETS:
        return (anchor + timedelta(days=DAY_OFFSETS[phrase])).isoformat()
    if words and words[-1] in WEEKDAYS and len(words) <= 2 and (len(words) == 1 or words[0] in ("last", "this", "next", "past")):
        target = WEEKDAYS.index(words[-1])
        back = (anchor.weekday() - target) % 7
        if words[0] == "next":
            return (anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7)).isoformat()
        if forward and words[0] != "last":
            return (anchor + timedelta(days=(target - anchor.weekday()) % 7)).isoformat()
        if words[0] == "last" and back == 0:
            back = 7
        return (anchor - timedelta(days=back)).isoformat()
    if words and (month := _month_number(words[0])) and (len(words) == 1 or words[1] == "and"):
        if forward:
            return month_value(anchor.year if month >= anchor.month else anchor.year + 1, month)
        return month_value(_recent_month(month, anchor), month)
    if m := re.fullmatch(r"(last|next) (month|year|week)", phrase):
        delta = -1 if m.group(1) == "last" else 1
        if m.group(2) == "year":
            return f"{anchor.year + delta:04d}"
        if m.group(2) == "month":
            return month_value(*_shift_month(anchor.year, anchor.month, delta))
        shifted = anchor + timedelta(days=7 * delta)
        return month_value(shifted.year, shifted.month)
    if m := re.fullmatch(r"(\w+) (day|week|month|year)s? (ago|earlier)", phrase):
        count = _number(m.group(1))
        if count is None:
            return None
        unit = m.group(2)
        if unit == "day":
            return (anchor - timedelta(days=count)).isoformat()
        if unit == "week":
            shifted = anchor - timedelta(days=7 * count)
            return month_value(shifted.year, shifted.month)
        if unit == "month":
            return month_value(*_shift_month(anchor.year, anchor.month, -count))
        return f"{anchor.year - count:04d}"
    if any(phrase.endswith(v) for v in MONTH_OF_ANCHOR):
        return month_value(anchor.year, anchor.month)
    if any(phrase.endswith(v) for v in YEAR_OF_ANCHOR):
        return f"{anchor.year:04d}"
    return _dateparser(phrase, anchor)


def _number(word: str) -> int | None:
    small = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None}
    if word.isdigit():
        return int(word)
    return small.get(word)


def _dateparser(phrase: str, anchor: date) -> str | None:
    """Last resort for explicit forms the rules above do not know; dateparser says the precision."""
    if not re.search(r"\d", phrase) and not any(m in phrase for m in MONTHS):
        return None
    if re.search(r"\d0s\b", phrase):
        return None  # a decade has no XSD type
    if re.search(r"\b(hour|minute|second|day|week|month|year)s?\b|-(hour|day|week|month|year)", phrase):
        return None  # a duration ("24-hour", "two weeks"), not a point in time
    data = _parser(anchor).get_date_data(phrase)
    if data is None or data.date_obj is None:
        return None
    value = data.date_obj.date()
    if data.period == "day":
        return value.isoformat()
    if data.period == "month":
        return month_value(value.year, value.month)
    return f"{value.year:04d}"


@lru_cache(maxsize=64)
def _parser(anchor: date):
    """dateparser's parser for one anchor date (building one costs milliseconds)."""
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day), "PREFER_DATES_FROM": "past"}
    return DateDataParser(languages=["en"], settings=settings)


