"""Agenda: when each key is next due, with the earliest found in O(log n).

A min-heap with lazy deletion: moving or dropping a key leaves its old heap entry behind,
skipped when it surfaces (and swept out when stale entries outnumber live ones). Keys
due at the same time come out in the order they were first added, as a dict would
iterate them, so replaying a busy instant stays deterministic.
"""

from __future__ import annotations

import heapq
import itertools
from datetime import datetime
from typing import Generic, TypeVar

__all__ = ["Agenda"]

K = TypeVar("K")


class Agenda(Generic[K]):
    def __init__(self) -> None:
        self._when: dict[K, datetime] = {}
        self._order: dict[K, int] = {}
        self._heap: list[tuple[datetime, int, K]] = []
        self._counter = itertools.count()

    def set(self, key: K, when: datetime) -> None:
        order = self._order.setdefault(key, next(self._counter))
        self._when[key] = when
        heapq.heappush(self._heap, (when, order, key))
        if len(self._heap) > 2 * len(self._when) + 64:
            self._heap = [(w, self._order[k], k) for k, w in self._when.items()]
            heapq.heapify(self._heap)

    def discard(self, key: K) -> None:
        self._when.pop(key, None)
        self._order.pop(key, None)

    def earliest(self) -> tuple[datetime, K] | None:
        while self._heap:
            when, order, key = self._heap[0]
            if self._when.get(key) == when and self._order.get(key) == order:
                return when, key
            heapq.heappop(self._heap)
        return None

    def __contains__(self, key: object) -> bool:
        return key in self._when

    def __len__(self) -> int:
        return len(self._when)
