"""Timestamps parse 0 to 9 fractional digits and dump back to their exact wire text."""

import copy
import pickle
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from pulumi_qoder.models import Timestamp

ADAPTER = TypeAdapter(Timestamp)


@pytest.mark.parametrize(
    ("text", "micro"),
    [
        ("2026-06-14T08:58:01Z", 0),
        ("2026-06-14T08:58:01.1Z", 100000),
        ("2026-06-14T08:58:17.13334Z", 133340),
        ("2026-06-14T08:58:17.165588Z", 165588),
        ("2026-06-14T08:54:06.271902633Z", 271902),
    ],
    ids=["0-digits", "1-digit", "5-digits-trimmed", "6-digits", "9-digits"],
)
def test_fractional_digits_parse_and_round_trip(text, micro):
    value = ADAPTER.validate_python(text)
    assert value.microsecond == micro
    assert value.tzinfo == timezone.utc
    assert ADAPTER.dump_python(value, mode="json") == text


def test_offset_is_converted_to_utc_but_text_is_kept():
    value = ADAPTER.validate_python("2026-06-14T09:58:01+01:00")
    assert value == datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)
    assert value.hour == 8
    assert value.wire == "2026-06-14T09:58:01+01:00"


def test_constructed_value_serialises_canonically():
    value = Timestamp.from_datetime(datetime(2026, 6, 14, 10, 0, 0, 5, tzinfo=timezone.utc))
    assert ADAPTER.dump_python(value, mode="json") == "2026-06-14T10:00:00.000005Z"


def test_plain_aware_datetime_is_accepted():
    value = ADAPTER.validate_python(datetime(2026, 6, 14, 10, tzinfo=timezone(timedelta(hours=8))))
    assert value.wire == "2026-06-14T02:00:00Z"


def test_arithmetic_drops_the_stale_wire_text():
    value = Timestamp.parse("2026-06-14T08:58:01Z") + timedelta(seconds=1)
    assert value.wire == "2026-06-14T08:58:02Z"


def test_copy_and_pickle_keep_the_wire_text():
    value = Timestamp.parse("2026-06-14T08:54:06.271902633Z")
    assert copy.deepcopy(value).wire == value.wire
    assert pickle.loads(pickle.dumps(value)).wire == value.wire


@pytest.mark.parametrize(
    "bad",
    ["2026-06-14", "2026-06-14T08:58:01", "2026-06-14T08:58:01.1234567890Z",
     "2026-13-14T08:58:01Z", "yesterday", 1781427523, datetime(2026, 6, 14)],
    ids=["date-only", "no-zone", "10-digits", "month-13", "words", "epoch-int", "naive"],
)
def test_malformed_timestamps_are_rejected_clearly(bad):
    with pytest.raises(ValidationError, match="timestamp"):
        ADAPTER.validate_python(bad)
