"""Values as the core sees them: plain JSON-like data, with `UNKNOWN` for preview unknowns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["UNKNOWN", "contains_unknown", "whole"]


class _Unknown:
    """A value not known until apply (a preview unknown), as a front end hands it to the core."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


def contains_unknown(value: Any) -> bool:
    """Whether `value` is, or holds anywhere inside it, an unknown."""
    if value is UNKNOWN:
        return True
    kind = type(value)
    if kind in _SCALARS:  # most values: no ABC check, which costs ~10x a type lookup
        return False
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        return any(contains_unknown(v) for v in value.values())
    if kind is list or isinstance(value, tuple):
        return any(contains_unknown(v) for v in value)
    return False


_SCALARS = frozenset({str, int, float, bool, type(None)})


def whole(value: Any) -> Any:
    """A whole float as an int, anything else as is.

    Every number the engine sends is a protobuf double, so `3` arrives as `3.0`; both
    front ends' inbound adapters (`native/structs.py`, `dynamic/values.py`) apply this once,
    and the core's own tolerance of direct callers (`spec.api_value`, check's whole-number
    rule) reads through it too.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
