"""Values between the SDK's dynamic host and the core: preview unknowns in both directions,
and whole numbers (protobuf doubles) as ints on the way in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown

from pulumi_qoder.core.values import UNKNOWN, whole

__all__ = ["from_engine", "to_engine"]


def from_engine(value: Any) -> Any:
    """Engine values for the core: the SDK's preview unknowns become `UNKNOWN`, whole
    numbers ints."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, float):
        return whole(value)
    if isinstance(value, Mapping):
        return {k: from_engine(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [from_engine(v) for v in value]
    return value


def to_engine(value: Any) -> Any:
    """`UNKNOWN` back to the SDK's unknown, which the host sends on as unknown."""
    if value is UNKNOWN:
        return Unknown()  # type: ignore[no-untyped-call]  # the SDK's __init__ is unannotated
    if isinstance(value, Mapping):
        return {k: to_engine(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_engine(v) for v in value]
    return value
