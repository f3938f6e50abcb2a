"""Clocks the emulator reads time from: the real one and a manual one for tests."""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta, timezone
from typing import Protocol

__all__ = ["LATEST", "Clock", "ManualClock", "SystemClock", "parse_timestamp"]

# A manual clock stops short of datetime's end, so schedules still have a next fire
# and every time still renders as RFC 3339 [our choice].
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)

_FRACTION = re.compile(r"\.(\d+)")


class Clock(Protocol):
    """Anything with a ``now()`` returning an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock, in UTC."""

    mode = "real"

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock that only moves when told to; it never goes backwards.

    Backwards moves are refused because ids are minted from the clock (UUIDv7) and
    cursors compare ids, so time travel would break list order.
    """

    mode = "manual"

    def __init__(self, start: datetime) -> None:
        self._now = _as_utc(start)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, when: datetime) -> datetime:
        when = _as_utc(when)
        with self._lock:
            if when < self._now:
                raise ValueError(f"the clock cannot go backwards (now {self._now.isoformat()})")
            if when > LATEST:
                raise ValueError(f"the clock cannot go past {LATEST.isoformat()}")
            self._now = when
            return when

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        """Move forward; a step past ``LATEST`` (or too large to be a time) is a ValueError."""
        try:
            step = timedelta(seconds=seconds, **delta)
        except OverflowError:
            raise ValueError(f"the clock cannot go past {LATEST.isoformat()}") from None
        if step < timedelta(0):
            raise ValueError("the clock cannot go backwards")
        with self._lock:
            if step > LATEST - self._now:
                raise ValueError(f"the clock cannot go past {LATEST.isoformat()}")
            self._now += step
            return self._now


def parse_timestamp(text: str) -> datetime:
    """Parse an RFC 3339 timestamp with 0-9 fractional digits; it must carry an offset."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    # Python 3.10's fromisoformat only takes 3 or 6 fractional digits.
    value = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], value, count=1)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not an RFC 3339 timestamp") from None
    if parsed.tzinfo is None:
        raise ValueError("the timestamp needs a UTC offset or 'Z'")
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError("the timestamp is out of range") from None


def _as_utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("clock times must be timezone-aware")
    return when.astimezone(timezone.utc)
