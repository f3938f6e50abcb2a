"""cron: which expressions and time zones are valid, why not, and when they fire."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from pulumi_qoder import cron
from pulumi_qoder.cron import cron_error, next_fires, parse_cron, timezone_error

VALID = [
    "* * * * *",
    "0 9 * * *",
    "30 9 * * 1-5",
    "*/15 0-6/2 1,15 jan-mar 0,7",
    "0 0 1 * MON",
    "5/10 * * * *",
    "59 23 31 12 sun-sat",
    "0 9 29 2 *",  # leap days only
    "0 0 29 2 */3",  # Feb 29 that is a Sunday, Wednesday or Saturday (2032, 2040, ...)
    "0 9 30 2 1",  # day-of-month and day-of-week are ORed: every Monday in February
]


@pytest.mark.parametrize("expression", VALID)
def test_standard_expressions_are_valid(expression):
    assert cron_error(expression) is None


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("* * * *", "must have 5 fields (minute hour day-of-month month day-of-week), got 4"),
        ("0 0 * * * *", "got 6"),
        ("", "got 0"),
        ("60 * * * *", "minute: 60 is out of range 0-59"),
        ("* 24 * * *", "hour: 24 is out of range 0-23"),
        ("* * 0 * *", "day-of-month: 0 is out of range 1-31"),
        ("* * * 13 *", "month: 13 is out of range 1-12"),
        ("* * * * 8", "day-of-week: 8 is out of range 0-7"),
        ("* * * foo *", "month: 'foo' is not a value (1-12 or a name like 'feb')"),
        ("* * * * */0", "day-of-week: step in '*/0' must be a positive whole number"),
        ("5-1 * * * *", "minute: range '5-1' runs backwards"),
        ("0 9 L * *", "'L' is not supported"),
        ("0 9 * * 5#2", "is not supported"),
        ("@daily", "shortcuts like '@daily' are not supported"),
        ("1,,2 * * * *", "minute: empty list item"),
    ],
)
def test_invalid_expressions_say_why(expression, reason):
    assert reason in cron_error(expression)


def test_a_non_string_is_not_an_expression():
    assert cron_error(5) == "cron expression must be a string"


def test_seven_and_zero_both_mean_sunday():
    assert parse_cron("0 0 * * 7").days_of_week == parse_cron("0 0 * * 0").days_of_week


@pytest.mark.parametrize("name", ["Asia/Shanghai", "UTC", "America/New_York", "Europe/London"])
def test_iana_zones_are_valid(name):
    assert timezone_error(name) is None


@pytest.mark.parametrize("name", ["Mars/Olympus", "asia/shanghai", "UTC+8", "", None, "localtime"])
def test_other_zone_names_are_not(name):
    assert timezone_error(name)


def test_next_fires_match_the_documented_example():
    # CONTRACT §2.2: created Sun 2026-06-14, "30 9 * * 1-5" Asia/Shanghai fires Mon-Fri 01:30Z.
    after = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)
    fires = next_fires("30 9 * * 1-5", "Asia/Shanghai", after)
    assert [f.isoformat() for f in fires] == [
        f"2026-06-{day}T01:30:00+00:00" for day in (15, 16, 17, 18, 19)
    ]


def test_day_of_month_and_day_of_week_are_ored_when_both_set():
    after = datetime(2026, 6, 1, tzinfo=timezone.utc)  # a Monday
    fires = next_fires("0 0 13 * 5", "UTC", after, count=3)
    assert [f.day for f in fires] == [5, 12, 13]


def test_a_skipped_wall_clock_time_does_not_fire():
    after = datetime(2026, 3, 7, tzinfo=timezone.utc)
    fires = next_fires("30 2 * * *", "America/New_York", after, count=2)
    assert [f.date().isoformat() for f in fires] == ["2026-03-07", "2026-03-09"]


@pytest.mark.parametrize(
    "expression",
    ["0 9 30 2 *", "0 9 31 4 *", "0 0 30,31 2 *", "0 0 31 2,4,6,9,11 *", "*/5 * 30-31 feb *"],
    ids=["feb-30", "apr-31", "feb-30-or-31", "31st-of-short-months", "names-and-ranges"],
)
def test_an_expression_that_never_fires_is_invalid(expression):
    assert cron_error(expression) == (
        "never fires: no calendar date matches its day-of-month, month and day-of-week"
    )
    assert next_fires(expression, "UTC", datetime(2026, 6, 14, tzinfo=timezone.utc)) == []


def test_the_never_fires_window_holds_every_date_on_every_weekday():
    # the check must not depend on today, so it scans a fixed window; it is complete only
    # if every (month, day, weekday) the calendar has, Feb 29 included, occurs in it
    start = cron._CALENDAR_START
    seen = {
        ((d := start + timedelta(days=i)).month, d.day, d.weekday())
        for i in range(cron._CALENDAR_DAYS)
    }
    assert len(seen) == 366 * 7
    assert date(2029, 1, 1) - start == timedelta(days=cron._CALENDAR_DAYS)
