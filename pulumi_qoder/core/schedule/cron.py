"""Five-field cron expressions and IANA time zones: validate them and list the next fires."""

from __future__ import annotations

import functools
import re
import threading
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

__all__ = [
    "CronError",
    "CronExpression",
    "cron_error",
    "ever_fires",
    "next_fires",
    "parse_cron",
    "timezone_error",
]

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")

# (label, low, high, names indexed from `low`)
_FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day-of-month", 1, 31, ()),
    ("month", 1, 12, _MONTHS),
    ("day-of-week", 0, 7, _DAYS),
)


_ASCII_DIGITS = frozenset("0123456789")
_ASCII_SPACE = " \t\n\r\x0b\x0c"
_SEPARATOR = re.compile(f"[{_ASCII_SPACE}]+")

_CALENDAR_START = date(2001, 1, 1)
_CALENDAR_DAYS = (date(2029, 1, 1) - _CALENDAR_START).days


class CronError(ValueError):
    """A cron expression the API would reject; the message is the plain reason."""


@dataclass(frozen=True)
class CronExpression:
    """A parsed expression: the values each field matches."""

    minutes: frozenset[int]
    hours: frozenset[int]
    days_of_month: frozenset[int]
    months: frozenset[int]
    days_of_week: frozenset[int]
    """0 is Sunday; a 7 in the text is folded into 0."""
    dom_restricted: bool
    dow_restricted: bool

    def matches_day(self, day: date) -> bool:
        """Whether the expression fires on `day` (cron ORs day-of-month and day-of-week)."""
        if day.month not in self.months:
            return False
        in_dom = day.day in self.days_of_month
        in_dow = (day.isoweekday() % 7) in self.days_of_week
        if self.dom_restricted and self.dow_restricted:
            return in_dom or in_dow
        return in_dom and in_dow


def parse_cron(expression: str) -> CronExpression:
    """Parse a standard 5-field expression, or raise `CronError` with a plain reason.

    Only ASCII digits are digits and only ASCII spaces separate fields: `str.isdigit()` also
    accepts superscripts (`²`) and other scripts' digits (`٣`, `０`), and `str.split()`
    no-break spaces, all of which the API rejects. No message quotes the expression,
    which may have come from a secret: each names the field and the rule.
    """
    if not isinstance(expression, str):
        raise CronError("cron expression must be a string")
    return _parse(expression)


@functools.lru_cache(maxsize=256)
def _parse(expression: str) -> CronExpression:
    """`parse_cron` of a string, once per expression: every Check of a fleet parses the same
    few (twice each, for the rules and for the DST warning); a `CronError` is not kept."""
    text = expression.strip(_ASCII_SPACE)
    if text.startswith("@"):
        raise CronError("shortcuts such as @daily are not supported; write the 5 fields")
    # str.split() also splits on no-break and other Unicode spaces, which the API refuses
    parts = [part for part in _SEPARATOR.split(text) if part]
    if len(parts) != 5:
        raise CronError(
            "cron expression must have 5 fields (minute hour day-of-month month day-of-week), "
            f"got {len(parts)}"
        )
    sets = [_parse_field(part, *spec) for part, spec in zip(parts, _FIELDS, strict=True)]
    dow = frozenset(d % 7 for d in sets[4])
    return CronExpression(
        minutes=sets[0],
        hours=sets[1],
        days_of_month=sets[2],
        months=sets[3],
        days_of_week=dow,
        dom_restricted=not parts[2].startswith("*"),
        dow_restricted=not parts[4].startswith("*"),
    )


def cron_error(expression: object) -> str | None:
    """The reason `expression` is not a valid 5-field cron expression, or None if it is.

    An expression that parses but matches no calendar date (`0 9 30 2 *`) is invalid too:
    the API rejects a schedule that never fires.
    """
    try:
        cron = parse_cron(expression)  # type: ignore[arg-type]
    except CronError as err:
        return str(err)
    if not _ever_fires(cron):
        return "never fires: no calendar date matches its day-of-month, month and day-of-week"
    return None


@functools.lru_cache(maxsize=256)
def _ever_fires(cron: CronExpression) -> bool:
    return ever_fires(cron)


def ever_fires(cron: CronExpression) -> bool:
    """Whether some calendar date matches `cron`'s day fields.

    Checked over a fixed 28-year window (2001-2028) rather than from today: it holds every
    date of the year on every weekday, Feb 29 included (no skipped century leap year), so
    the answer never depends on when it is asked. Every day has all hours and minutes, so
    the time fields cannot make an expression never fire.
    """
    day = _CALENDAR_START
    for _ in range(_CALENDAR_DAYS):
        if cron.matches_day(day):
            return True
        day += timedelta(days=1)
    return False


def timezone_error(name: object) -> str | None:
    """The reason `name` is not an IANA time zone (e.g. `Asia/Shanghai`), or None if it is."""
    if not isinstance(name, str) or not name:
        return "timezone must be a non-empty IANA name such as 'Asia/Shanghai'"
    if name not in known_zones():
        return "unknown IANA timezone (expected a name such as 'Asia/Shanghai' or 'UTC')"
    return None


def next_fires(expression: str, tz: str, after: datetime, count: int = 5) -> list[datetime]:
    """The next `count` fire times strictly after `after`, in UTC.

    A wall-clock time that a DST jump skips fires once, an hour later (at the instant the
    offset before the jump gives it); a repeated hour fires once (first pass).
    """
    cron = parse_cron(expression)
    zone = zoneinfo.ZoneInfo(tz)
    start = after.astimezone(zone)
    fires: list[datetime] = []
    day = first = start.date()
    hours = sorted(cron.hours)
    # The first day's hours well before `after` cannot fire after it: a clock change moves
    # a wall time by at most 2 hours (Antarctica/Troll; 1 hour almost everywhere).
    later = [hour for hour in hours if hour >= start.hour - 3]
    # Four years covers every satisfiable expression (Feb 29 included).
    for _ in range(366 * 4 + 1):
        if cron.matches_day(day):
            for hour in later if day == first else hours:
                for minute in sorted(cron.minutes):
                    local = datetime.combine(day, time(hour, minute), tzinfo=zone)
                    # fold=0: a time the clocks skip fires at the instant the offset before
                    # the change gives it (02:30 runs at 03:30), as the API is taken to do
                    # (see dst.py); a repeated time fires on its first pass.
                    utc = local.astimezone(timezone.utc)
                    if utc > after and (not fires or utc > fires[-1]):
                        fires.append(utc)
                        if len(fires) == count:
                            return fires
        day += timedelta(days=1)
    return fires


_ZONES_LOCK = threading.Lock()
_zones: frozenset[str] | None = None


def known_zones() -> frozenset[str]:
    """Every IANA zone name, read once per process (a walk of the zone directories).

    Under a lock: the first `--parallel 32` Checks would otherwise each walk them at once.
    """
    global _zones
    if _zones is None:
        with _ZONES_LOCK:
            if _zones is None:
                # System zone directories also hold files that are not zone names.
                _zones = frozenset(zoneinfo.available_timezones()) - {
                    "localtime", "posixrules", "Factory"}
    return _zones


def _parse_field(
    text: str, label: str, low: int, high: int, names: tuple[str, ...]
) -> frozenset[int]:
    values: set[int] = set()
    for item in text.split(","):
        if not item:
            raise CronError(f"{label} field: empty item between commas")
        values.update(_parse_item(item, label, low, high, names))
    return frozenset(values)


def _parse_item(item: str, label: str, low: int, high: int, names: tuple[str, ...]) -> range:
    base, slash, step_text = item.partition("/")
    step: int | None = 1
    if slash:
        step = _whole_number(step_text)
        if step is None or step < 1:
            raise CronError(f"{label} field: a step (/N) must be a whole number of at least 1")
    assert step is not None  # for the type checker: a missing step raised above
    if base == "*":
        return range(low, high + 1, step)
    start_text, dash, end_text = base.partition("-")
    start = _parse_value(start_text, label, low, high, names)
    end = _parse_value(end_text, label, low, high, names) if dash else (high if slash else start)
    if end < start:
        raise CronError(f"{label} field: a range must run from low to high")
    return range(start, end + 1, step)


def _parse_value(text: str, label: str, low: int, high: int, names: tuple[str, ...]) -> int:
    allowed = f"{low}-{high}" + (f" or {names[0]}-{names[-1]}" if names else "")
    value = _whole_number(text)
    if value is not None:
        if not low <= value <= high:
            raise CronError(f"{label} field: values must be {allowed}")
        return value
    if names and text.isascii() and text.lower() in names:
        return names.index(text.lower()) + (1 if names is _MONTHS else 0)
    if any(c in text for c in "LW#?"):
        raise CronError(f"{label} field: L, W, # and ? are not supported (standard cron only)")
    raise CronError(
        f"{label} field: items must be *, a value or a range of values ({allowed}, "
        "ASCII digits), each optionally with /step"
    )


def _whole_number(text: str) -> int | None:
    """`text` as a number when it is ASCII digits only; None otherwise.

    Past 4 significant digits the exact value does not matter (every field and step is
    smaller), and `int()` refuses strings longer than 4300 digits, so it is capped.
    """
    if not text or not all(c in _ASCII_DIGITS for c in text):
        return None
    significant = text.lstrip("0")
    return int(significant[:5]) if significant else 0
