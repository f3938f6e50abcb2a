"""Rate discipline: one limiter per API base URL and token, shared by every client and thread.

The API asks each token to keep to 20 writes/s and 50 reads/s, and a gateway may answer 429
(or 503) when it is not (CONTRACT §1.2). A `RateLimiter` keeps two lanes, writes and reads,
each a GCRA schedule ("theoretical arrival time"): turns are handed out `1/rate` apart, with
a burst of `BURST` after an idle spell, so requests leave evenly spaced instead of in bursts.

What the API says moves the schedule for every thread that shares the limiter:
- a throttle (429, 503) starts a cool-down nobody sends through (`Retry-After`, or the
  caller's backoff), and halves the lane's rate (`DECREASE`, not below `FLOOR` of the
  configured rate); only a throttle of a request sent since the last decrease decreases
  again, so one burst of 429s halves the rate once;
- successes give back `RECOVERY` of the configured rate per second since the last change
  (additive increase, by time, not by count: a lane slowed to its floor recovers as fast as
  one barely slowed), so processes that share a token find their share of it;
- `X-RateLimit-Remaining: 0` holds the lane until `X-RateLimit-Reset`; a remaining below
  half of `X-RateLimit-Limit` (or below 5 without it) spreads it over the time to reset.
  Either takes back the turns handed out but not yet used (threads waiting for them take
  new ones), so what was scheduled before the answer does not empty the bucket.

`shared_limiter` hands every client of one (base URL, token, clock) the same limiter; the
key holds a hash of the token, never the token.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["READ_METHODS", "RateLimiter", "Turn", "shared_limiter"]

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods paced as reads; every other method is a write."""

BURST = 2
"""Turns a lane may hand out back to back after an idle spell (GCRA tolerance + 1)."""
DECREASE = 0.5
"""A throttle multiplies the lane's current rate by this."""
FLOOR = 0.05
"""...but never below this fraction of the configured rate."""
RECOVERY = 0.1
"""Successes add this fraction of the configured rate back per second since the last
change (at most one second's worth at a time), up to the configured rate."""
LOW_FRACTION = 0.5
"""`X-RateLimit-Remaining` below this fraction of `X-RateLimit-Limit` is spread out..."""
LOW_COUNT = 5
"""...or below this count when the limit is not sent."""
MAX_HOLD = 60.0
"""The longest an `X-RateLimit-Reset` holds or slows a lane (as `Retry-After` is capped)."""
_EPOCH = 1e9
"""An `X-RateLimit-Reset` above this is a Unix time, not a number of seconds."""

Clock = Callable[[], float]
Sleep = Callable[[float], object]


@dataclass(frozen=True)
class Turn:
    """One request's place in a lane: which lane, and the lane's rate epoch when sent."""

    write: bool
    epoch: int
    at: float


class _Lane:
    """One class of requests (writes or reads): its rates and its schedule."""

    def __init__(self, rate: float) -> None:
        self.rate = self.current = rate
        self.tat = -math.inf  # the GCRA's theoretical arrival time of the next turn
        self.last = -math.inf  # the latest turn handed out
        self.used = -math.inf  # the latest turn a request went at
        self.revision = 0  # counts tightenings by headers: turns taken before are taken again
        self.hold_until = -math.inf  # X-RateLimit-Remaining: 0 until X-RateLimit-Reset
        self.spacing = 0.0  # a low X-RateLimit-Remaining spread over the time to reset...
        self.spacing_until = -math.inf  # ...until then
        self.epoch = 0  # counts decreases: a throttle of an older epoch decreases no more
        self.changed = -math.inf  # when the current rate last changed

    def configure(self, rate: float) -> None:
        self.current = min(self.current, rate) if self.rate == rate else rate
        self.rate = rate

    def next_turn(self, now: float, gate: float) -> float:
        """The earliest turn at or after `now` and `gate` (a cool-down, a hold)."""
        interval = 1.0 / self.current
        at = max(now, gate, self.hold_until, self.tat - (BURST - 1) * interval)
        if now < self.spacing_until:
            at = max(at, self.last + self.spacing)
        return at

    def take(self, at: float) -> None:
        self.tat = max(self.tat, at) + 1.0 / self.current
        self.last = max(self.last, at)

    def recover(self, now: float) -> None:
        """A success: give back `RECOVERY` of the rate per second since the last change."""
        if self.current < self.rate:
            elapsed = min(max(now - self.changed, 0.0), 1.0)
            self.current = min(self.rate, self.current + RECOVERY * self.rate * elapsed)
        self.changed = max(self.changed, now)

    def tighten(self) -> None:
        """Headers asked for less: turns handed out but not yet used are taken again."""
        self.revision += 1
        self.last = self.used
        self.tat = self.used + 1.0 / self.current


class RateLimiter:
    """The pace of one token at one API, for every thread and client of this process."""

    def __init__(self, writes_per_second: float, reads_per_second: float,
                 clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._lanes = {True: _Lane(writes_per_second), False: _Lane(reads_per_second)}
        self._cooldown_until = -math.inf

    def __repr__(self) -> str:
        writes, reads = self._lanes[True], self._lanes[False]
        return (f"<RateLimiter writes={writes.current:g}/{writes.rate:g} per s "
                f"reads={reads.current:g}/{reads.rate:g} per s>")

    def configure(self, writes_per_second: float, reads_per_second: float) -> None:
        """Set the configured rates (the ceiling the current rates recover to)."""
        with self._lock:
            self._lanes[True].configure(writes_per_second)
            self._lanes[False].configure(reads_per_second)

    def rates(self) -> tuple[float, float]:
        """The current (writes, reads) per second, after decreases and recovery."""
        with self._lock:
            return self._lanes[True].current, self._lanes[False].current

    def turn(self, write: bool, sleep: Sleep, not_after: float | None = None) -> Turn | None:
        """Wait for this request's turn in its lane and return it.

        None, without waiting or taking a turn, when the turn would come after `not_after`
        (the caller's retry budget). A cool-down or hold that begins while waiting moves the
        turn behind it.
        """
        while True:
            with self._lock:
                now = self._clock()
                lane = self._lanes[write]
                at = lane.next_turn(now, self._cooldown_until)
                if not_after is not None and at > not_after:
                    return None
                lane.take(at)
                turn, revision = Turn(write, lane.epoch, at), lane.revision
            if at > now:
                sleep(at - now)
            with self._lock:
                if (max(self._cooldown_until, lane.hold_until) <= at
                        and (lane.revision == revision or at <= now)):
                    lane.used = max(lane.used, at)
                    return turn

    def answered(self, turn: Turn, headers: Mapping[str, str], *, ok: bool = True,
                 throttle: float | None = None) -> None:
        """Take in an answer: its `X-RateLimit-*` headers, then a success or a throttle.

        `ok` for a success; `throttle` is the cool-down in seconds when the answer was a 429
        or 503 (its `Retry-After`, or the caller's backoff). Any other failure only has
        its headers read.
        """
        with self._lock:
            now = self._clock()
            lane = self._lanes[turn.write]
            _read_headers(lane, headers, now)
            if ok:
                lane.recover(now)
            if throttle is None:
                return
            self._cooldown_until = max(self._cooldown_until, now + throttle)
            for each in self._lanes.values():  # turns handed out resume after the cool-down
                each.tat = max(each.tat, self._cooldown_until)
            if turn.epoch == lane.epoch:
                lane.current = max(FLOOR * lane.rate, lane.current * DECREASE)
                lane.epoch += 1
                lane.changed = self._cooldown_until  # recovery counts from its end


def _read_headers(lane: _Lane, headers: Mapping[str, str], now: float) -> None:
    """Slow a lane down before the API's bucket is empty, by what its headers say."""
    ours = {k.lower(): v for k, v in headers.items() if k[:12].lower() == "x-ratelimit-"}
    remaining = _number(ours.get("x-ratelimit-remaining"))
    reset = _number(ours.get("x-ratelimit-reset"))
    if remaining is None or reset is None:
        return
    if reset > _EPOCH:
        reset -= time.time()
    reset = min(reset, MAX_HOLD)
    if not reset > 0:
        return
    limit = _number(ours.get("x-ratelimit-limit"))
    low = LOW_FRACTION * limit if limit else LOW_COUNT
    if remaining < 1:
        lane.hold_until = max(lane.hold_until, now + reset)
        lane.tighten()
    elif remaining < low:
        lane.spacing, lane.spacing_until = reset / remaining, now + reset
        lane.tighten()
    else:
        lane.spacing_until = -math.inf  # the bucket filled again: the latest answer wins


def _number(text: str | None) -> float | None:
    """A header's leading number (`20`, `20;w=1`, ` 0.5 `); None when there is none."""
    if text is None:
        return None
    try:
        value = float(text.split(";", 1)[0].split(",", 1)[0].strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


_SHARED: weakref.WeakValueDictionary[tuple[str, str, Clock], RateLimiter] = (
    weakref.WeakValueDictionary()
)
_SHARED_LOCK = threading.Lock()


def shared_limiter(base_url: str, token: str, writes_per_second: float,
                   reads_per_second: float, clock: Clock = time.monotonic) -> RateLimiter:
    """The process's limiter for this token at this API, set to these rates.

    Every client that uses it holds it; it lives as long as one does. The clock is part of
    the key: a schedule's times mean nothing on another clock (a test's virtual one), and
    every real client uses `time.monotonic`. The latest rates given win: they describe
    the token's quota, which is the same for every client of it.
    """
    digest = hashlib.sha256(b"pulumi-qoder rate limit\0" + token.encode()).hexdigest()
    key = (base_url, digest, clock)
    with _SHARED_LOCK:
        limiter = _SHARED.get(key)
        if limiter is None:
            limiter = _SHARED[key] = RateLimiter(writes_per_second, reads_per_second, clock)
        else:
            limiter.configure(writes_per_second, reads_per_second)
        return limiter
