"""Retry policy: which failures to retry and how long to wait before the next attempt."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from pulumi_qoder.client._config import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY

__all__ = [
    "NEVER_RETRIED",
    "RETRYABLE_STATUSES",
    "key_in_flight",
    "retry_after",
    "retry_delay",
    "should_retry",
]

# 409 is deliberately absent: for Qoder it is a state conflict (already paused, key reused),
# which retrying cannot fix. 501 (feature not available) will not fix itself either.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Not retried even when the server sends `x-should-retry: true`.
NEVER_RETRIED = frozenset({501})


def should_retry(status_code: int | None, headers: Mapping[str, str] | None = None) -> bool:
    """Whether a failed attempt is worth repeating.

    `status_code` None means no response at all (connection error or timeout). A server
    hint `x-should-retry: false` always wins; `true` is honoured for 5xx only, because any
    other 4xx means the request itself is wrong, and never for 501, because a feature that is
    not available to the organisation stays unavailable however often it is asked for.
    """
    if status_code is None:
        return True
    hint = (headers or {}).get("x-should-retry", "").strip().lower()
    if hint == "false" or status_code in NEVER_RETRIED:
        return False
    if hint == "true" and status_code >= 500:
        return True
    return status_code in RETRYABLE_STATUSES


def key_in_flight(error: object) -> bool:
    """Whether a 409 says an earlier attempt with the same Idempotency-Key is still running.

    That earlier attempt (one whose answer we gave up waiting for) will finish, and the key
    then replays its answer, so this conflict is worth retrying, unlike any other 409.
    The wording is the emulator's; the real API's is undocumented (CONTRACT §1.2) [INF].
    """
    if getattr(error, "status_code", None) != 409:
        return False
    return "in progress" in str(getattr(error, "message", "") or "").lower()


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """The wait the server asked for, in seconds, capped at `MAX_RETRY_AFTER` (60 s).

    Reads `retry-after-ms`, then `retry-after` as seconds or as an HTTP date. None when
    there is no hint or it is unusable (unparseable, zero, negative, a date in the past),
    so the caller falls back to backoff.
    """
    wait: float | None = None
    millis = headers.get("retry-after-ms")
    if millis is not None:
        wait = _as_float(millis)
        wait = None if wait is None else wait / 1000
    if wait is None and headers.get("retry-after") is not None:
        text = headers["retry-after"].strip()
        wait = _as_float(text)
        if wait is None:
            wait = _seconds_until(text, now or datetime.now(timezone.utc))
    if wait is None or not wait > 0:  # also rejects NaN
        return None
    return min(wait, MAX_RETRY_AFTER)


def retry_delay(
    attempt: int,
    headers: Mapping[str, str] | None = None,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> float:
    """Seconds to wait before retry number `attempt` (0-based).

    Retry-After wins when usable (capped at 60 s); otherwise 0.5 s * 2**attempt capped at
    8 s, less up to 25 % jitter so many clients do not retry in step.
    """
    asked = retry_after(headers or {}, now)
    if asked is not None:
        return asked
    backoff = min(INITIAL_RETRY_DELAY * 2**attempt, MAX_RETRY_DELAY)
    jitter = (rng or random).random()
    return backoff * (1 - 0.25 * jitter)


def _as_float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _seconds_until(http_date: str, now: datetime) -> float | None:
    try:
        when = parsedate_to_datetime(http_date)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return (when - now).total_seconds()
