"""The account's live (non-archived) deployments, read page by page, never written.

The connection is the client's as everywhere else: the token from `$QODER_PAT`, the base
URL from `--region`, else `$QODER_BASE_URL`, else the global region. Pages are read at
most one per `PAGE_INTERVAL` seconds, the API's suggested self-limit for paginated reads
(CONTRACT §1: at least 100 ms between them, at most 50 reads a second).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from pulumi_qoder.client import TOKEN_ENV
from pulumi_qoder.core.errors import ProviderError, call
from pulumi_qoder.core.lookups import PAGE_SIZE
from pulumi_qoder.fleet.problem import API_FAILED, BAD_INPUT, FleetProblem

if TYPE_CHECKING:
    from pulumi_qoder.client import QoderClient

__all__ = ["PAGE_INTERVAL", "PAGE_SIZE", "Listing", "LiveDeployment", "connect", "list_live"]

PAGE_INTERVAL = 0.1
"""Seconds between two page reads at least (the API's suggested self-limit)."""

# A command fails fast on a wrong URL: three attempts within ten seconds, not the
# providers' eight within a minute.
MAX_RETRIES = 2
RETRY_TIMEOUT = 10.0


@dataclass(frozen=True, order=True)
class LiveDeployment:
    """A live deployment as the fleet commands need it: its id and its name."""

    id: str
    name: str


@dataclass(frozen=True)
class Listing:
    """Every live deployment, oldest id first, and how many pages it took."""

    deployments: tuple[LiveDeployment, ...]
    pages: int


def connect(region: str | None) -> QoderClient:
    """A client from `$QODER_PAT` / `--region` / `$QODER_BASE_URL`; bad settings are a
    `FleetProblem` naming the fix (never the token)."""
    if not os.environ.get(TOKEN_ENV, "").strip():
        raise FleetProblem(BAD_INPUT, f"no Qoder token: set {TOKEN_ENV} to a personal access "
                                      "token")
    from pulumi_qoder.client import QoderClient

    try:
        return QoderClient(region=region, max_retries=MAX_RETRIES, retry_timeout=RETRY_TIMEOUT)
    except ValueError as err:  # an unknown region, a token that is no header value
        raise FleetProblem(BAD_INPUT, str(err)) from None


def list_live(
    client: QoderClient,
    *,
    page_size: int = PAGE_SIZE,
    interval: float = PAGE_INTERVAL,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Listing:
    """Every live deployment across all pages (GET only), oldest id first."""
    found: dict[str, LiveDeployment] = {}
    pages = 0
    after: str | None = None
    last_read: float | None = None
    seen_cursors: set[str] = set()
    while True:
        if last_read is not None:
            wait = last_read + interval - clock()
            if wait > 0:
                sleep(wait)
        last_read = clock()
        try:
            page = call("listing deployments",
                        partial(client.deployments.list, limit=page_size, after_id=after))
        except ProviderError as err:
            raise FleetProblem(API_FAILED, str(err)) from None
        pages += 1
        for dep in page.data:
            if not dep.archived:  # the default list has none; tolerate one anyway
                found[dep.id] = LiveDeployment(dep.id, dep.name)
        after = page.next_cursor
        # A cursor seen before (stuck, or cycling) would loop forever.
        if after is None or after in seen_cursors:
            break
        seen_cursors.add(after)
    return Listing(tuple(sorted(found.values())), pages)
