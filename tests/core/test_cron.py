"""cron: which expressions and time zones are valid, why not, and when they fire."""

from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from pulumi_qoder.core.schedule import cron
from pulumi_qoder.core.schedule.cron import (
    CronError,
    cron_error,
    next_fires,
    parse_cron,
    timezone_error,
)

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
        ("60 * * * *", "minute field: values must be 0-59"),
        ("* 24 * * *", "hour field: values must be 0-23"),
        ("* * 0 * *", "day-of-month field: values must be 1-31"),
        ("* * * 13 *", "month field: values must be 1-12 or jan-dec"),
        ("* * * * 8", "day-of-week field: values must be 0-7 or sun-sat"),
        ("* * * foo *", "month field: items must be *, a value or a range of values (1-12 or"),
        ("* * * * */0", "day-of-week field: a step (/N) must be a whole number of at least 1"),
        ("5-1 * * * *", "minute field: a range must run from low to high"),
        ("0 9 L * *", "day-of-month field: L, W, # and ? are not supported"),
        ("0 9 * * 5#2", "day-of-week field: L, W, # and ? are not supported"),
        ("@daily", "shortcuts such as @daily are not supported"),
        ("1,,2 * * * *", "minute field: empty item between commas"),
    ],
)
def test_invalid_expressions_say_why(expression, reason):
    assert reason in cron_error(expression)


@pytest.mark.parametrize(
    ("expression", "field"),
    [
        ("\u00b2 9 * * *", "minute"),  # superscript two: str.isdigit() says True, int() fails
        ("\u0663 9 * * *", "minute"),  # Arabic-Indic three: int() reads it as 3
        ("\uff10 9 * * *", "minute"),  # fullwidth zero
        ("0 \u0669 * * *", "hour"),
        ("0 9 * * 1-\u0665", "day-of-week"),
        ("*/\u00b2 * * * *", "minute"),
        ("*/\u0662 * * * *", "minute"),
        ("0 9 \U0001d7d9 * *", "day-of-month"),  # mathematical double-struck one
    ],
    ids=["superscript", "arabic-indic", "fullwidth", "devanagari-hour", "dow-range-end",
         "superscript-step", "arabic-indic-step", "math-digit"],
)
def test_only_ascii_digits_are_digits(expression, field):
    reason = cron_error(expression)
    assert reason is not None and reason.startswith(f"{field} field: ")


def test_leading_zeros_are_the_same_number():
    assert parse_cron("007 09 01 01 00") == parse_cron("7 9 1 1 0")


def test_a_number_too_long_for_int_is_out_of_range():
    assert cron_error("9" * 5000 + " * * * *") == "minute field: values must be 0-59"
    assert cron_error("*/" + "9" * 5000 + " * * * *") is None  # a step past the range: once


@pytest.mark.parametrize(
    ("expression", "quoted"),
    [
        ("4242 9 * * *", "4242"),
        ("0 9 * secretmonth *", "secretmonth"),
        ("0 9 * * mon-s3cret", "s3cret"),
        ("*/s3cret 9 * * *", "s3cret"),
        ("59-17 9 * * *", "59-17"),
        ("0 9 Lsecret * *", "Lsecret"),
        ("@s3cret", "s3cret"),
        ("0 9,,17 * * *", "9,,17"),
        ("0 9 * \u0663\u0663 *", "\u0663"),
    ],
)
def test_no_reason_quotes_the_expression(expression, quoted):
    # the expression may have come from a secret: reasons name the field and the rule only
    reason = cron_error(expression)
    assert reason is not None
    assert quoted not in reason


def test_no_reason_quotes_the_timezone():
    assert "S3cret" not in timezone_error("Asia/S3cret")


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


def test_a_skipped_wall_clock_time_fires_an_hour_later():
    after = datetime(2026, 3, 7, tzinfo=timezone.utc)
    fires = next_fires("30 2 * * *", "America/New_York", after, count=2)
    # 02:30 does not exist on 2026-03-08: it runs at 03:30 EDT (07:30 UTC), as the emulator does
    assert [f.isoformat() for f in fires] == ["2026-03-07T07:30:00+00:00",
                                              "2026-03-08T07:30:00+00:00"]


@pytest.mark.parametrize("expression", ["30 2 * * *", "*/30 * * * *", "0 1,2,3 * * *",
                                        "15 2 * * 0", "30 1 * * *"])
@pytest.mark.parametrize("after", [datetime(2027, 3, 26, 12, tzinfo=timezone.utc),
                                   datetime(2027, 10, 29, 12, tzinfo=timezone.utc)])
def test_next_fires_agree_with_the_emulator_across_a_clock_change(expression, after):
    from pulumi_qoder.emulator.api.schedules import upcoming

    assert next_fires(expression, "Europe/Berlin", after, 5) == upcoming(
        expression, "Europe/Berlin", after, 5)


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


def _fuzz_strings(seed: int, count: int) -> list[str]:
    """Random text of the kinds a user, a template or a secret store can produce."""
    rng = random.Random(seed)
    alphabets = [
        "0123456789*,-/ ",
        "0123456789*,-/ LW#?@abcdefjmnorstuvwy",
        "\u00b2\u00b3\u00b9\u0660\u0663\u0669\u0966\uff10\uff19\u2003\u00a0\t\n\x00\x1c",
        "".join(chr(c) for c in range(0x20, 0x2FF)),
    ]
    out = ["", " ", "\t\n", "* * * * * ", "\x00", "\ud800 9 * * *", "9" * 5000, "1" * 10_000,
           " ".join(["9" * 4400] * 5), ", , , , ,", "- - - - -", "/ / / / /", "*/ * * * *",
           "," * 10_000, "0-" * 3000 + "1 * * * *", ",".join(["*/1"] * 2500) + " * * * *",
           " ".join(["*"] * 2000), "@" + "x" * 10_000]
    for _ in range(count):
        alphabet = rng.choice(alphabets)
        if rng.random() < 0.6:  # five fields, one of them random
            fields = ["*", "9", "1-31/2", "*", "mon-fri"]
            junk = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
            fields[rng.randrange(5)] = "".join(junk.split()) or "\u00b2"
            text = " ".join(fields)
        else:
            text = "".join(
                rng.choice(alphabet) if rng.random() < 0.9 else chr(rng.randint(0, 0x10FFFF))
                for _ in range(rng.choice([1, 5, 12, 40, 10_000]))
            )
        out.append(text)
    return out


FUZZ = _fuzz_strings(seed=11, count=400)


def test_cron_error_never_raises_and_says_why_in_a_few_fixed_ways():
    reasons = {cron_error(text) for text in FUZZ}
    assert all(r is None or isinstance(r, str) for r in reasons)
    # A fixed vocabulary (rule x field, plus the field count) cannot carry the input along.
    assert len({re.sub(r"got \d+", "got N", r) for r in reasons if r}) <= 40


def test_timezone_error_never_raises_on_any_string():
    assert all(isinstance(timezone_error(text), str) for text in FUZZ if text != "UTC")


def test_an_expression_is_parsed_once_and_a_bad_one_fails_every_time():
    assert parse_cron("*/15 9-17 * * mon-fri") is parse_cron("*/15 9-17 * * mon-fri")
    for _ in range(2):
        with pytest.raises(CronError, match="5 fields"):
            parse_cron("*/15 9-17 * *")
