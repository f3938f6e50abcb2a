"""`List` for `qoder:index:Deployment`: the live deployments of the account, as the engine's
`pulumi do qoder:Deployment list` asks for them.

The filters are the resource's `list_inputs` (the schema's `listInputs`): `status`,
`agentId` and `includeArchived` go to the API (`GET /deployments`); `namePrefix` has no API
filter, so every page is read and the names are matched here. Pages are read one after the
other through the client (its retries honour the API's `429` and `Retry-After`), with the
pause the API's rate-limit page asks of paginated reads between them (`PAGE_PAUSE_SECONDS`),
and each match is handed on as soon as its page arrives: a thousand deployments are ten
requests and nine pauses (0.9 s).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pulumi_qoder.core.errors import call
from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.fields import DEPLOYMENT
from pulumi_qoder.core.lookups import PAGE_SIZE

if TYPE_CHECKING:
    from pulumi_qoder.client import QoderClient

__all__ = ["PAGE_PAUSE_SECONDS", "STATUSES", "Listed", "Query", "deployments", "query_from"]

PAGE_PAUSE_SECONDS = 0.1
"""Between one page's answer and the next page's request: the API suggests at least 100 ms
between paginated reads (its gateway may throttle bursts; no limit is enforced today)."""

STATUSES = ("active", "paused")
"""The values the API's `status` filter takes."""

_KINDS: dict[str, tuple[type, str]] = {
    "string": (str, "must be a string"),
    "boolean": (bool, "must be true or false"),
}


@dataclass(frozen=True)
class Query:
    """What to list: the API's filters and the name prefix matched here."""

    status: Literal["active", "paused"] | None = None
    agent_id: str | None = None
    include_archived: bool = False
    name_prefix: str | None = None


@dataclass(frozen=True)
class Listed:
    """One deployment as `List` streams it: the id `pulumi import` takes, and its name."""

    id: str
    name: str


def query_from(args: Mapping[str, Any]) -> tuple[Query, list[Failure]]:
    """The query from `List`'s inputs (core names), or failures naming each bad input.

    An input the schema does not declare is a failure too: a misspelt filter must not
    quietly list everything.
    """
    failures: list[Failure] = []
    known = {field.name: field for field in DEPLOYMENT.list_inputs}
    for name in sorted(set(args) - set(known)):
        failures.append(Failure(name, "is not a list input of qoder:index:Deployment "
                                f"(known: {', '.join(f.schema_name for f in known.values())})"))
    for field in known.values():
        value = args.get(field.name)
        kind, rule = _KINDS[field.type]
        if value is not None and not isinstance(value, kind):
            failures.append(Failure(field.schema_name, rule))
    status = args.get("status")
    if isinstance(status, str) and status not in STATUSES:
        failures.append(Failure("status", "must be `active` or `paused`"))
    if failures:
        return Query(), failures
    return Query(
        status=status,
        agent_id=args.get("agent_id"),
        include_archived=bool(args.get("include_archived")),
        name_prefix=args.get("name_prefix") or None,
    ), []


def deployments(client: QoderClient, query: Query, *, after_id: str | None = None
                ) -> Iterator[Listed]:
    """Every deployment matching `query`, newest first, page after page from `after_id`."""
    cursor, seen = after_id, set()
    while True:
        page = call("listing deployments", functools.partial(
            client.deployments.list, limit=PAGE_SIZE, after_id=cursor, status=query.status,
            agent_id=query.agent_id, include_archived=query.include_archived or None,
        ))
        for dep in page.data:
            if query.name_prefix is None or dep.name.startswith(query.name_prefix):
                yield Listed(dep.id, dep.name)
        cursor = page.next_cursor
        # a cursor seen before (stuck, or cycling) would loop forever
        if cursor is None or cursor in seen:
            return
        seen.add(cursor)
        time.sleep(PAGE_PAUSE_SECONDS)
