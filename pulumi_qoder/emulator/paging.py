"""Cursor paging over id-sorted items (CONTRACT §1.5): newest first, ids as cursors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

__all__ = ["Page", "paginate"]

T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of results and whether more lie beyond it in the paging direction."""

    items: list[T]
    has_more: bool


def paginate(
    items: Sequence[T],
    key: Callable[[T], str],
    limit: int,
    after_id: str | None = None,
    before_id: str | None = None,
) -> Page[T]:
    """Page ``items`` sorted newest first (descending id).

    ``after_id`` moves towards older items (ids below it); ``before_id`` moves back
    towards newer ones and returns the ``limit`` items just above it, still newest
    first, with ``has_more`` telling whether even newer items exist. Cursors compare by
    value, so a cursor whose object is gone still works.
    """
    ordered = sorted(items, key=key, reverse=True)
    if after_id is not None:
        older = [i for i in ordered if key(i) < after_id]
        return Page(older[:limit], len(older) > limit)
    if before_id is not None:
        newer = [i for i in ordered if key(i) > before_id]
        return Page(newer[-limit:], len(newer) > limit)
    return Page(ordered[:limit], len(ordered) > limit)
