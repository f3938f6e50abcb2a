"""Throttles: which answers say "slow down", and the error when the retry budget runs out.

A 429 or 503 is the gateway refusing a request it never ran (CONTRACT §1.2), so it is safe
to repeat (writes keep their Idempotency-Key), and the client repeats it for as long as the
retry budget lasts, however many attempts that takes. When the budget runs out, the error
says which limit was hit and which setting bounds the wait; it never holds the token.
"""

from __future__ import annotations

from http import HTTPStatus

from pulumi_qoder.client._exceptions import APIError, APIStatusError

__all__ = ["THROTTLE_STATUSES", "is_throttle", "out_of_budget"]

THROTTLE_STATUSES = frozenset({429, 503})


def is_throttle(error: APIError) -> bool:
    """Whether an error is the API (or its gateway) asking to slow down."""
    return isinstance(error, APIStatusError) and error.status_code in THROTTLE_STATUSES


def out_of_budget(error: APIError | None, since: float | None, now: float,
                  budget: float) -> APIError:
    """The last error of a call whose next attempt would start after its retry budget.

    A throttle's message then names the limit and the budget (seconds, the client's
    `retry_timeout`, the providers' `qoder:apiRetryTimeoutSeconds`) before the answer's own.
    """
    assert error is not None  # only a retry's turn can come after the budget
    if since is None or not is_throttle(error):
        return error
    assert isinstance(error, APIStatusError)
    what = "rate limited by the API" if error.status_code == 429 else "the API was unavailable"
    phrase = HTTPStatus(error.status_code).phrase
    error.message = (
        f"{what} ({error.status_code} {phrase}) for {now - since:.0f} s; the retry budget of "
        f"{budget:g} s (qoder:apiRetryTimeoutSeconds, the client's retry_timeout) ran out; "
        f"the last answer: {error.message}"
    )
    error.args = (error.message,)
    return error
