"""A schedule that never fires fails `check`, as the API (and the emulator) reject it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pulumi_qoder.core.deployment.check import validate
from pulumi_qoder.core.deployment.spec import Failure
from pulumi_qoder.emulator.api.errors import InvalidRequest
from pulumi_qoder.emulator.api.schemas import ScheduleIn
from pulumi_qoder.emulator.api.validation import check_schedule
from tests.support.constants import AGENT, ENV

GOOD = {
    "name": "daily-report",
    "agent": AGENT,
    "environment_id": ENV,
    "initial_events": [{"type": "user.message", "content": "Generate today's status report"}],
}
NOW = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)


def test_feb_30_fails_check_on_the_expression():
    props = {**GOOD, "schedule": {"expression": "0 9 30 2 *", "timezone": "UTC"}}
    assert validate(props) == [
        Failure(
            "schedule.expression",
            "never fires: no calendar date matches its day-of-month, month and day-of-week",
        )
    ]


@pytest.mark.parametrize(
    "expression",
    ["0 9 30 2 *", "0 9 31 4 *", "0 0 31 2,4,6,9,11 *", "0 9 29 2 *", "0 0 29 2 */3",
     "0 9 30 2 1", "0 0 */2 2 1", "0 0 31 * *"],
    ids=["feb-30", "apr-31", "31st-of-short-months", "leap-day", "leap-day-on-some-weekdays",
         "dom-or-dow", "odd-february-mondays", "31st"],
)
def test_preview_and_up_agree_on_whether_a_schedule_fires(expression):
    # preview runs the provider's check; up sends the schedule to the API (here the emulator)
    props = {**GOOD, "schedule": {"expression": expression, "timezone": "UTC"}}
    check_passes = validate(props) == []
    try:
        check_schedule(ScheduleIn(type="cron", expression=expression, timezone="UTC"), NOW)
        api_accepts = True
    except InvalidRequest:
        api_accepts = False
    assert check_passes == api_accepts


NON_ASCII_DIGITS = ["\u00b2 9 * * *", "\u0663 9 * * *", "\uff10 9 * * *", "0 9 * * 1-\u0665"]


@pytest.mark.parametrize(
    "expression", NON_ASCII_DIGITS, ids=["superscript", "arabic-indic", "fullwidth", "dow-end"]
)
def test_a_digit_from_another_script_fails_check_as_it_fails_up(expression):
    props = {**GOOD, "schedule": {"expression": expression, "timezone": "UTC"}}
    [failure] = validate(props)
    assert failure.property == "schedule.expression"
    assert expression not in failure.reason
    with pytest.raises(InvalidRequest):
        check_schedule(ScheduleIn(type="cron", expression=expression, timezone="UTC"), NOW)


@pytest.mark.parametrize(
    "separator",
    [" ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u2003", "\u3000", "\x1c", "\x85"],
)
def test_check_and_the_api_agree_on_what_separates_fields(separator):
    expression = separator.join(["0", "9", "*", "*", "1-5"])
    props = {**GOOD, "schedule": {"expression": expression, "timezone": "UTC"}}
    try:
        check_schedule(ScheduleIn(type="cron", expression=expression, timezone="UTC"), NOW)
        api_accepts = True
    except InvalidRequest:
        api_accepts = False
    assert (validate(props) == []) == api_accepts
