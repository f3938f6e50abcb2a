"""Object ids: a type prefix plus a dash-less UUIDv7 minted from the emulator clock."""

from __future__ import annotations

import secrets
import threading
from datetime import datetime, timedelta, timezone

from ..clock import Clock

__all__ = ["IdSequence", "id_time", "new_id"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MS_MASK = (1 << 48) - 1
_SEQ_MAX = 0xFFF
_ONE_MS = timedelta(milliseconds=1)


class IdSequence:
    """Mints ids that sort in creation order, even many within one millisecond.

    CONTRACT §1.3: the hex is a UUIDv7 whose first 48 bits are the creation time in ms,
    which is what makes id cursors work. With a manual clock many objects share one
    millisecond, so the 12 ``rand_a`` bits act as a counter (RFC 9562 §6.2 method 1),
    rolling into the next millisecond if they run out.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_ms = -1
        self._seq = 0

    def new(self, prefix: str, at: datetime) -> str:
        ms = _millis(at)
        with self._lock:
            if ms <= self._last_ms:
                ms, seq = self._last_ms, self._seq + 1
                if seq > _SEQ_MAX:
                    ms, seq = ms + 1, 0
            else:
                seq = secrets.randbelow(0x800)  # leave headroom for the counter
            self._last_ms, self._seq = ms, seq
        value = (ms & _MS_MASK) << 80 | 0x7 << 76 | seq << 64 | 0b10 << 62 | secrets.randbits(62)
        return f"{prefix}_{value:032x}"

    def resume_after(self, existing_id: str) -> None:
        """Continue after an id loaded from persistent storage."""
        hex_part = existing_id.rsplit("_", 1)[-1]
        value = int(hex_part, 16)
        with self._lock:
            ms, seq = value >> 80, (value >> 64) & _SEQ_MAX
            if (ms, seq) > (self._last_ms, self._seq):
                self._last_ms, self._seq = ms, seq


def new_id(prefix: str, clock: Clock) -> str:
    """A one-off id from the clock's current time (no ordering within a millisecond)."""
    return IdSequence().new(prefix, clock.now())


def id_time(object_id: str) -> datetime:
    """The creation time encoded in an id (millisecond precision)."""
    ms = int(object_id.rsplit("_", 1)[-1], 16) >> 80
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc)


def _millis(at: datetime) -> int:
    return (at - _EPOCH) // _ONE_MS

