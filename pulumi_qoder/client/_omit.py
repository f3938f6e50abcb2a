"""OMIT: the "leave this field alone" sentinel, distinct from None ("clear it")."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["OMIT", "Omit", "given"]


class Omit:
    """Type of `OMIT`; an argument left at `OMIT` is not sent at all."""

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "OMIT"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "OMIT"


OMIT: Final = Omit()


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were actually passed (not left at `OMIT`)."""
    return {name: value for name, value in values.items() if value is not OMIT}
