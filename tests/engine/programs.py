"""Inline Pulumi programs for the engine tests, built from keyword overrides."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi

import pulumi_qoder as qoder
from tests.support.constants import AGENT, ENV


def report_args(**overrides: Any) -> qoder.DeploymentArgs:
    """A weekday cron deployment; keyword overrides replace or add fields."""
    fields: dict[str, Any] = {
        "name": "daily-report",
        "description": "Weekday status report",
        "agent": AGENT,
        "environment_id": ENV,
        "schedule": qoder.ScheduleArgs(expression="30 9 * * 1-5", timezone="Asia/Shanghai"),
        "initial_events": [qoder.UserMessage("Generate today's status report")],
        "metadata": {"team": "platform"},
    }
    fields.update(overrides)
    return qoder.DeploymentArgs(**fields)


def single(opts: pulumi.ResourceOptions | None = None, **overrides: Any) -> Callable[[], None]:
    """A program with one deployment, `report`, exporting its id, status and next runs."""

    def program() -> None:
        dep = qoder.Deployment("report", report_args(**overrides), opts)
        pulumi.export("id", dep.id)
        pulumi.export("name", dep.name)
        pulumi.export("status", dep.status)
        pulumi.export("next_runs", dep.upcoming_runs_at)

    return program


def trio() -> None:
    """A cron deployment, a manual-only one and one declared paused."""
    for key, overrides in {
        "cron": {"name": "cron-report"},
        "manual": {"name": "manual-report", "schedule": None},
        "frozen": {"name": "frozen-report", "paused": True},
    }.items():
        dep = qoder.Deployment(key, report_args(**overrides))
        pulumi.export(f"{key}_id", dep.id)
        pulumi.export(f"{key}_status", dep.status)
