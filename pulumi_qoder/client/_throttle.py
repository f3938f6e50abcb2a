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
    if error is None:  # only a retry's turn can come after the budget: never on a first
        raise RuntimeError("the retry budget ran out before the first attempt")
    if since is None or not isinstance(error, APIStatusError) or not is_throttle(error):
        return error
    what = "rate limited by the API" if error.status_code == 429 else "the API was unavailable"
    what += f" ({error.status_code} {HTTPStatus(error.status_code).phrase})"
    setting = f"the retry budget of {budget:g} s (qoder:apiRetryTimeoutSeconds, the client's " \
        "retry_timeout)"
    if now - since < 1:  # the first answer asked for a wait the budget cannot give
        what += f", asked to wait longer than {setting} allows"
    else:
        what += f" for {now - since:.0f} s; {setting} ran out"
    error.message = f"{what}; the last answer: {error.message}"
    error.args = (error.message,)
    return error
