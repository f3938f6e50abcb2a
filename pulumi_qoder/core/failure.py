"""A check failure, the same for every resource: the invalid property's path and the rule."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Failure"]


class Failure(NamedTuple):
    """One invalid property: its path (`schedule.expression`, `initial_events[3].type`)."""

    property: str
    reason: str
