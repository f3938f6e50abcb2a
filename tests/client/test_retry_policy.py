"""The pure retry decisions: which failures to retry and how long to wait."""

import random
from datetime import datetime, timezone

import pytest

from pulumi_qoder.client._retry import retry_after, retry_delay, should_retry

NOW = datetime(2026, 6, 14, 9, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (None, {}, True),
        (408, {}, True),
        (429, {}, True),
        (500, {}, True),
        (502, {}, True),
        (503, {}, True),
        (504, {}, True),
        (400, {}, False),
        (401, {}, False),
        (403, {}, False),
        (404, {}, False),
        (409, {}, False),
        (501, {}, False),
        (503, {"x-should-retry": "false"}, False),
        (500, {"x-should-retry": "true"}, True),
        (505, {"x-should-retry": "true"}, True),
        (505, {}, False),
        (501, {"x-should-retry": "true"}, False),
        (409, {"x-should-retry": "true"}, False),
    ],
    ids=[
        "no-response", "408", "429", "500", "502", "503", "504", "400", "401", "403", "404",
        "409-state-conflict", "501-feature-off", "hint-false-wins", "hint-true-on-500",
        "hint-true-on-other-5xx", "other-5xx-without-hint", "hint-true-never-on-501",
        "hint-true-never-on-409",
    ],
)
def test_should_retry(status, headers, expected):
    assert should_retry(status, headers) is expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after-ms": "junk", "retry-after": "9"}, 9.0),
        ({"retry-after": "Sun, 14 Jun 2026 09:00:05 GMT"}, 5.0),
        ({"retry-after": "60"}, 60.0),
        ({"retry-after": "61"}, 60.0),
        ({"retry-after": "3600"}, 60.0),
        ({"retry-after-ms": "90000"}, 60.0),
        ({"retry-after": "Sun, 14 Jun 2026 10:00:00 GMT"}, 60.0),
        ({"retry-after": "0"}, None),
        ({"retry-after-ms": "0"}, None),
        ({"retry-after": "-2"}, None),
        ({"retry-after": "Sun, 14 Jun 2026 08:59:00 GMT"}, None),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "nan"}, None),
        ({}, None),
    ],
    ids=[
        "seconds", "fractional-seconds", "milliseconds", "ms-wins", "bad-ms-falls-back",
        "http-date", "at-cap", "just-over-cap-is-capped", "an-hour-is-capped",
        "ms-over-cap-is-capped", "http-date-an-hour-away-is-capped", "zero", "zero-ms",
        "negative", "date-in-past", "garbage", "nan", "none",
    ],
)
def test_retry_after(headers, expected):
    assert retry_after(headers, now=NOW) == expected


@pytest.mark.parametrize(
    ("attempt", "low", "high"),
    [(0, 0.375, 0.5), (1, 0.75, 1.0), (2, 1.5, 2.0), (3, 3.0, 4.0), (4, 6.0, 8.0), (9, 6.0, 8.0)],
    ids=["1st", "2nd", "3rd", "4th", "5th-capped", "10th-capped"],
)
def test_backoff_doubles_with_jitter_and_caps(attempt, low, high):
    delays = [retry_delay(attempt, {}, random.Random(seed)) for seed in range(50)]
    assert all(low <= d <= high for d in delays)
    assert len(set(delays)) > 1


def test_usable_retry_after_replaces_backoff():
    assert retry_delay(0, {"retry-after": "7"}, random.Random(1)) == 7.0


def test_long_retry_after_waits_the_cap_not_the_backoff():
    assert retry_delay(0, {"retry-after": "3600"}, random.Random(1)) == 60.0


@pytest.mark.parametrize("value", ["0", "-5", "soon"], ids=["zero", "negative", "garbage"])
def test_unusable_retry_after_falls_back_to_backoff(value):
    assert 0.375 <= retry_delay(0, {"retry-after": value}, random.Random(1)) <= 0.5
