"""DST notices: the fire times of a schedule that a clock change skips or repeats.

Computed locally, with no API call, for a warning at preview. What the API does then is
not documented: CONTRACT §2.2 says only that the expression is matched on the wall clock
of the zone. The emulator models it so (docs/emulator.md, [INF]): a skipped time runs
once, at the instant the offset before the change gives it (02:30 becomes 03:30), and a
repeated time runs once, on its first occurrence.
"""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from pulumi_qoder.core.schedule.cron import parse_cron

__all__ = ["DstNotice", "dst_notices", "dst_warning"]

HORIZON_DAYS = 366


@dataclass(frozen=True)
class DstNotice:
    """One day on which some fire times of the schedule are skipped or repeated."""

    day: date
    kind: str
    """`skipped` (spring forward) or `repeated` (fall back)."""
    times: tuple[time, ...]


def dst_notices(expression: str, tz: str, after: datetime) -> list[DstNotice]:
    """The days within a year of `after` whose matching local times a clock change touches."""
    return list(_notices(expression, tz, after.astimezone(zoneinfo.ZoneInfo(tz)).date()))


@functools.lru_cache(maxsize=256)
def _notices(expression: str, tz: str, first: date) -> tuple[DstNotice, ...]:
    """`dst_notices` from the zone's day `first`: the same for every resource with this
    schedule, so a fleet's Checks work it out once per schedule and day."""
    cron = parse_cron(expression)
    zone = zoneinfo.ZoneInfo(tz)
    notices: list[DstNotice] = []
    for day in _change_days(tz, first):
        if cron.matches_day(day):
            touched: dict[str, list[time]] = {"skipped": [], "repeated": []}
            for hour in sorted(cron.hours):
                for minute in sorted(cron.minutes):
                    kind = _kind(datetime.combine(day, time(hour, minute)), zone)
                    if kind:
                        touched[kind].append(time(hour, minute))
            notices += [DstNotice(day, k, tuple(v)) for k, v in touched.items() if v]
    return tuple(notices)


@functools.lru_cache(maxsize=64)
def _change_days(tz: str, first: date) -> tuple[date, ...]:
    """The days of the `HORIZON_DAYS` from `first` on which the zone's offset changes.

    The same for every schedule in the zone, so a fleet's checks walk the year once per
    zone and day instead of once per resource (it was most of a preview's Check).
    """
    zone = zoneinfo.ZoneInfo(tz)
    offsets = [_offset(first + timedelta(days=i), zone) for i in range(HORIZON_DAYS + 1)]
    return tuple(first + timedelta(days=i) for i in range(HORIZON_DAYS)
                 if offsets[i] != offsets[i + 1])


def dst_warning(expression: str, tz: str, after: datetime) -> str | None:
    """The preview warning for a schedule, or None when no clock change touches it."""
    notices = dst_notices(expression, tz, after)
    if not notices:
        return None
    parts = []
    for n in notices:
        times = _times(n.times)
        if n.kind == "skipped":
            parts.append(f"{n.day} has no {times} (the clocks skip them): the API is expected "
                         "to run each once, shifted an hour later")
        else:
            parts.append(f"{n.day} has {times} twice (the clocks fall back): the API is "
                         "expected to run each once, on the first")
    return (
        f"schedule {expression!r} in {tz} meets a daylight-saving change within a year: "
        f"{'; '.join(parts)}. Qoder documents only wall-clock matching in the zone; the "
        "once-each behaviour is inferred (it is what the emulator does). A schedule outside "
        "the changing hour, or the UTC zone, avoids it"
    )


def _offset(day: date, zone: zoneinfo.ZoneInfo) -> timedelta | None:
    return datetime.combine(day, time(0), tzinfo=zone).utcoffset()


def _kind(local: datetime, zone: zoneinfo.ZoneInfo) -> str | None:
    first = local.replace(tzinfo=zone, fold=0)
    if first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None) != local:
        return "skipped"
    if first.utcoffset() != local.replace(tzinfo=zone, fold=1).utcoffset():
        return "repeated"
    return None


def _times(times: tuple[time, ...]) -> str:
    shown = [t.strftime("%H:%M") for t in times[:3]]
    more = f" and {len(times) - 3} more times" if len(times) > 3 else ""
    return ", ".join(shown) + more
