"""List queries and cursor paging (CONTRACT §1.5): newest first, ids as cursors.

Ids sort in creation order (UUIDv7, CONTRACT §1.3), so a page is a walk along the ids
from the cursor that stops after ``limit + 1`` matches: its cost follows the page, not
the number stored. ``after_id`` moves towards older items; ``before_id`` moves back
towards newer ones and returns the ``limit`` items just above it, still newest first,
with ``has_more`` telling whether even newer items exist. Cursors compare by value, so
a cursor whose object is gone still works.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Generic, TypeVar

from .records import DeploymentRecord, RunRecord

__all__ = ["DeploymentFilter", "Page", "RunFilter", "TimeRange", "Window", "micros", "walk"]

T = TypeVar("T")

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ONE_US = timedelta(microseconds=1)
_ONE_S = timedelta(seconds=1)


def micros(when: datetime) -> int:
    """Exact microseconds since the epoch (no float rounding), for comparisons and SQL."""
    return (when - _EPOCH) // _ONE_US


def whole_second_micros(when: datetime) -> int:
    """``micros`` of the whole second a deployment timestamp shows (CONTRACT §1.4)."""
    return (when - _EPOCH) // _ONE_S * 1_000_000


@dataclass
class Page(Generic[T]):
    """One page of results and whether more lie beyond it in the paging direction."""

    items: list[T]
    has_more: bool


@dataclass(frozen=True)
class Window:
    """Which page: at most ``limit`` items after (older than) or before (newer than) an id."""

    limit: int
    after_id: str | None = None
    before_id: str | None = None


@dataclass(frozen=True)
class TimeRange:
    """``created_at[gt|gte|lt|lte]`` [SDK], as exact microseconds."""

    gt: datetime | None = None
    gte: datetime | None = None
    lt: datetime | None = None
    lte: datetime | None = None

    def bounds(self) -> list[tuple[str, int]]:
        """``(operator, micros)`` pairs for the bounds that are set."""
        pairs = [(">", self.gt), (">=", self.gte), ("<", self.lt), ("<=", self.lte)]
        return [(op, micros(when)) for op, when in pairs if when is not None]

    def contains(self, value: int) -> bool:
        for op, bound in self.bounds():
            if not _COMPARE[op](value, bound):
                return False
        return True


_COMPARE: dict[str, Callable[[int, int], bool]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}


@dataclass(frozen=True)
class DeploymentFilter:
    """Filters of ``GET /deployments`` (CONTRACT §4.3). ``created`` compares the whole
    second that ``created_at`` shows [INF]."""

    status: str | None = None
    include_archived: bool = False
    agent_id: str | None = None
    created: TimeRange = field(default_factory=TimeRange)

    def matches(self, dep: DeploymentRecord) -> bool:
        return (
            (self.include_archived or not dep.archived)
            and (self.status is None or dep.status == self.status)
            and (self.agent_id is None or dep.agent_id == self.agent_id)
            and self.created.contains(whole_second_micros(dep.created_at))
        )


@dataclass(frozen=True)
class RunFilter:
    """Filters of the two run lists (CONTRACT §4.11, §4.12); a run's ``created_at`` is
    its ``triggered_at``."""

    status: str | None = None
    triggered_after: datetime | None = None
    triggered_before: datetime | None = None
    trigger_type: str | None = None
    has_error: bool | None = None
    created: TimeRange = field(default_factory=TimeRange)

    def matches(self, run: RunRecord) -> bool:
        return (
            (self.status is None or run.status == self.status)
            and (self.triggered_after is None or run.triggered_at > self.triggered_after)
            and (self.triggered_before is None or run.triggered_at < self.triggered_before)
            and (self.trigger_type is None or run.trigger_type == self.trigger_type)
            and (self.has_error is None or (run.error is not None) == self.has_error)
            and self.created.contains(micros(run.triggered_at))
        )


def walk(
    ids: Sequence[str],
    get: Callable[[str], T | None],
    matches: Callable[[T], bool],
    window: Window,
) -> Page[T]:
    """Page over ``ids`` (ascending) by walking from the cursor (see the module doc)."""
    found: list[T] = []
    if window.before_id is not None:
        positions: range = range(bisect_right(ids, window.before_id), len(ids))
    else:
        end = len(ids) if window.after_id is None else bisect_left(ids, window.after_id)
        positions = range(end - 1, -1, -1)
    for position in positions:
        item = get(ids[position])
        if item is not None and matches(item):
            found.append(item)
            if len(found) > window.limit:
                break
    page = found[: window.limit]
    if window.before_id is not None:
        page.reverse()
    return Page(page, len(found) > window.limit)
