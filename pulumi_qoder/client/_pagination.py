"""Cursor paging: list query strings and walking every page of a list."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from pulumi_qoder.client._timestamp import format_timestamp
from pulumi_qoder.client.models import ListPage

__all__ = ["iter_items", "query"]

ItemT = TypeVar("ItemT")


def query(**params: Any) -> dict[str, str | int]:
    """Query parameters for httpx: None dropped, bools as true/false, datetimes as RFC 3339."""
    out: dict[str, str | int] = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, datetime):
            out[name] = format_timestamp(value)
        else:
            out[name] = value
    return out


def iter_items(fetch: Callable[[str | None], ListPage[ItemT]]) -> Iterator[ItemT]:
    """Yield every item, calling `fetch(after_id)` page by page until `has_more` is false."""
    after_id: str | None = None
    seen: set[str] = set()
    while True:
        page = fetch(after_id)
        yield from page.data
        cursor = page.next_cursor
        # A cursor seen before (stuck, or cycling A -> B -> A) would loop forever.
        if cursor is None or cursor in seen:
            return
        seen.add(cursor)
        after_id = cursor
