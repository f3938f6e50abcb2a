"""A Python program's Deployment warns at preview about a schedule a clock change touches."""

from __future__ import annotations

import pytest

import pulumi_qoder as qoder
from tests.engine.programs import single

pytestmark = [
    pytest.mark.engine,
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_preview_shows_a_dst_warning_on_the_resource(make_stack, journal):
    berlin = qoder.ScheduleArgs(expression="30 2 * * *", timezone="Europe/Berlin")
    stack = make_stack(single(schedule=berlin))
    events = []

    stack.preview(on_event=events.append)

    warnings = [e.diagnostic_event for e in events
                if e.diagnostic_event and e.diagnostic_event.severity == "warning"]
    assert [w.urn.split("::")[-1] for w in warnings] == ["report"]
    assert "has no 02:30" in warnings[0].message and "02:30 twice" in warnings[0].message
    assert journal.writes() == []
