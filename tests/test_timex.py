"""Time expressions against an anchor date, and datelines."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.dateline import read_dateline
from kg.extract.timex import normalize
from kg.records import xsd_kind

ANCHOR = date(2025, 7, 10)  # a Thursday
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.mark.parametrize("phrase, expected", [
    # weekdays: the most recent one on or before the anchor
    ("on Thursday", "2025-07-10"),
    ("Thursday", "2025-07-10"),
    ("Wednesday", "2025-07-09"),
    ("on Friday", "2025-07-04"),
    ("Sunday", "2025-07-06"),
    ("last Thursday", "2025-07-03"),
    ("last Wednesday", "2025-07-09"),
    # days relative to the anchor
    ("the day before", "2025-07-09"),
    ("yesterday", "2025-07-09"),
    ("today", "2025-07-10"),
    ("three days ago", "2025-07-07"),
    # months: the most recent one, keeping month precision
    ("in February", "2025-02"),
    ("in December", "2024-12"),
    ("in July", "2025-07"),
    ("May and June", "2025-05"),
    ("last month", "2025-06"),
    # explicit dates
    ("July 10", "2025-07-10"),
    ("on July 10", "2025-07-10"),
    ("10 July 2024", "2024-07-10"),
    ("January 5, 2017", "2017-01-05"),
    ("March 2016", "2016-03"),
    ("2017", "2017"),
    ("in 2014", "2014"),
    ("2025-07-10", "2025-07-10"),
    # vague spans: only the year or the month is sure
    ("earlier this year", "2025"),
    ("last year", "2024"),
    ("earlier this month", "2025-07"),
])
def test_normalize(phrase, expected):
    assert normalize(phrase, ANCHOR) == expected


@pytest.mark.parametrize("phrase", ["the 1990s", "in the 1990s", "1990s", "the 2010s"])
def test_decades_have_no_value(phrase):
    assert normalize(phrase, ANCHOR) is None


@pytest.mark.parametrize("phrase", ["blah blah", "purple monkey dishwasher", "", "several days ago", "soon"])
def test_nonsense_has_no_value(phrase):
    assert normalize(phrase, ANCHOR) is None


def test_without_anchor_only_explicit_dates():
    assert normalize("January 5, 2017", None) == "2017-01-05"
    assert normalize("2017", None) == "2017"
    assert normalize("on Thursday", None) is None
    assert normalize("July 10", None) is None
    assert normalize("last month", None) is None


def test_case_and_spacing_do_not_matter():
    assert normalize("  ON   thursday. ", ANCHOR) == "2025-07-10"
    assert normalize("IN FEBRUARY", ANCHOR) == "2025-02"


@pytest.mark.parametrize("phrase, expected", [("in early March", "2025-03"), ("in late 2024", "2024")])
def test_preposition_then_early_or_late(phrase, expected):
    assert normalize(phrase, ANCHOR) == expected


@pytest.mark.parametrize("value, kind", [("2025-07-10", "date"), ("2025-02", "gYearMonth"), ("2025", "gYear")])
def test_xsd_kind(value, kind):
    assert xsd_kind(value) == kind


@pytest.mark.parametrize("phrase, kind", [("on Thursday", "date"), ("in February", "gYearMonth"),
                                          ("earlier this year", "gYear"), ("three days ago", "date"),
                                          ("last month", "gYearMonth"), ("March 2016", "gYearMonth")])
def test_precision_of_normalized_values(phrase, kind):
    assert xsd_kind(normalize(phrase, ANCHOR)) == kind


@settings(max_examples=200, deadline=None)
@given(anchor=st.dates(min_value=date(1, 1, 7)), name=st.sampled_from(WEEKDAY_NAMES),
       prefix=st.sampled_from(["", "on "]))
def test_weekday_is_the_latest_such_day_up_to_the_anchor(anchor, name, prefix):
    value = normalize(prefix + name, anchor)
    assert value is not None
    day = date.fromisoformat(value)
    assert anchor - timedelta(days=6) <= day <= anchor
    assert day.weekday() == WEEKDAY_NAMES.index(name)


# --------------------------------------------------------------------------- datelines

def test_dateline_with_place_and_date():
    text = "KUALA LUMPUR, July 10 – On Thursday, U.S. Secretary of State Marco Rubio sat down with Lavrov."
    dateline = read_dateline(text, date(2025, 7, 10))
    assert dateline is not None
    assert dateline.place == "KUALA LUMPUR"
    assert dateline.date == date(2025, 7, 10)
    assert text[dateline.end:].lstrip().startswith("On Thursday")


def test_dateline_date_takes_its_year_from_the_publication_date():
    dateline = read_dateline("TOKYO, March 16. /TASS/. Japan has protested.", date(2025, 7, 10))
    assert dateline is not None
    assert dateline.place == "TOKYO"
    assert dateline.date == date(2025, 3, 16)


def test_dateline_without_publication_date_has_no_date():
    dateline = read_dateline("TOKYO, March 16. /TASS/. Japan has protested.", None)
    assert dateline is not None
    assert (dateline.place, dateline.date) == ("TOKYO", None)


def test_dateline_covers_the_tass_agency_tag():
    text = "TOKYO, March 16. /TASS/. Japan has protested."
    dateline = read_dateline(text, date(2025, 7, 10))
    assert text[dateline.end:].lstrip().startswith("Japan")


def test_dateline_with_agency():
    text = "WASHINGTON (Reuters) - The United States said on Friday it would send more aid."
    dateline = read_dateline(text, date(2025, 7, 10))
    assert dateline is not None
    assert dateline.place == "WASHINGTON"
    assert dateline.date is None
    assert text[dateline.end:].startswith("The United States")


@pytest.mark.parametrize("text", [
    "US Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov on Thursday in Malaysia.",
    "The meeting in Kuala Lumpur did not result in any immediate breakthroughs.",
    "",
])
def test_no_dateline(text):
    assert read_dateline(text, date(2025, 7, 10)) is None


@pytest.mark.parametrize("text", ["1000000 days ago", "10000 years ago", "2025-13-45", "2025-02-30"])
def test_impossible_dates_are_none(text):
    assert normalize(text, date(2025, 7, 10)) is None


@pytest.mark.parametrize("text", ["52", "(52)", "15", "3"])
def test_a_bare_number_is_no_date(text):
    # "Pompeo (52) has defended ...": an age or a count the model tagged as a date
    assert normalize(text, date(2025, 7, 10)) is None


@pytest.mark.parametrize("text,forward,expected", [
    ("on the 3rd", False, "2025-07-03"), ("the 15th", False, "2025-06-15"),
    ("the 15th", True, "2025-07-15"), ("on the 3rd", True, "2025-08-03")])
def test_a_day_of_the_month_alone_is_in_the_anchor_s_month_or_the_one_beside_it(text, forward, expected):
    assert normalize(text, date(2025, 7, 10), forward=forward) == expected
