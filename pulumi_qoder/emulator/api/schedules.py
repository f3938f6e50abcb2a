"""Cron schedules: validate 5-field expressions and IANA zones, list upcoming fire times.

croniter does the cron matching; this module only pins the dialect (CONTRACT §2.2) and
maps local wall-clock times to UTC. DST rule [INF, CONTRACT §2.2 "wall-clock matching in
the given zone"]: every matching local wall-clock time fires once. A time that falls in a
spring-forward gap fires at the same instant the offset before the gap gives it (02:30 in
New York on 2026-03-08 fires at 03:30 EDT); a time that occurs twice in a fall-back hour
fires on its first occurrence only.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from croniter import CroniterBadDateError, croniter

__all__ = ["UPCOMING_COUNT", "check_expression", "check_timezone", "upcoming"]

UPCOMING_COUNT = 5
_NAMES = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat"
)
# One cron field: items separated by commas; each item a value, a range or '*', with
# an optional /step. Values are numbers or month/day names. No L, W, #, ?, H.
_ATOM = rf"(?:\d+|{_NAMES})"
_ITEM = rf"(?:\*|{_ATOM}(?:-{_ATOM})?)(?:/\d+)?"
_FIELD = re.compile(rf"^{_ITEM}(?:,{_ITEM})*$", re.IGNORECASE)
_SEARCH_LIMIT = 1000  # local matches to scan before deciding a schedule never fires


@lru_cache(maxsize=1024)
def check_expression(expression: str) -> None:
    """Raise ValueError unless ``expression`` is a standard 5-field cron expression.

    Cached: a valid expression is checked once (an error is not cached)."""
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError(
            "cron expression must have exactly 5 fields "
            f"(minute hour day-of-month month day-of-week), got {len(fields)}"
        )
    for field in fields:
        if not _FIELD.match(field):
            raise ValueError(f"unsupported cron field {field!r}")
    if not croniter.is_valid(expression):
        raise ValueError(f"invalid cron expression {expression!r}")


def check_timezone(name: str) -> None:
    """Raise ValueError unless ``name`` is an IANA time zone name."""
    if name not in _zone_names():
        raise ValueError(f"unknown IANA time zone {name!r}")


def upcoming(
    expression: str, tz_name: str, after: datetime, count: int = UPCOMING_COUNT
) -> list[datetime]:
    """The next ``count`` fire times strictly after ``after``, as UTC datetimes."""
    return list(_upcoming(expression, tz_name, after.astimezone(timezone.utc), count))


@lru_cache(maxsize=1024)
def _upcoming(expression: str, tz_name: str, after: datetime, count: int) -> tuple[datetime, ...]:
    """``upcoming``, cached: many deployments share a schedule and the clock's second."""
    zone = ZoneInfo(tz_name)
    # Start one local hour early so a second pass through a fall-back hour is covered;
    # anything not after ``after`` is dropped below.
    local_start = after.astimezone(zone).replace(tzinfo=None) - timedelta(hours=1)
    walker = croniter(expression, local_start)
    fires: list[datetime] = []
    for _ in range(_SEARCH_LIMIT):
        try:
            local = walker.get_next(datetime)
        except CroniterBadDateError:
            break
        # fold=0 picks the first of two occurrences and the pre-gap offset for a gap.
        fire = local.replace(tzinfo=zone, fold=0).astimezone(timezone.utc)
        if fire > after and (not fires or fire > fires[-1]):
            fires.append(fire)
            if len(fires) == count:
                break
    return tuple(fires)


@lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())
