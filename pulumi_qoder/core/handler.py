"""The shape of every resource's handler, whichever front end calls it, and their registry.

A handler is one resource type's check, diff, create, read, update and delete over core
values (snake_case dicts, `UNKNOWN` for preview unknowns). The native plugin's servicer and
the dynamic providers both look their handler up by type token (`Registry`) and only
translate their protocol's values and results around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pulumi_qoder.core.failure import Failure

__all__ = [
    "Checked", "Diffed", "Found", "Naming", "Registry", "ResourceHandler", "UnknownTypeError",
]

Props = Mapping[str, Any]


@dataclass(frozen=True)
class Naming:
    """Who a resource is, as the native plugin knows it: its name and URN, the engine's
    auto-naming (a proposed name, or naming disabled).

    The dynamic host knows none of this (its `check` gets no URN), so it passes None and
    the core takes the resource's identity from the hidden inputs `__name` and `__scope`.
    """

    resource_name: str
    urn: str = ""
    proposed_name: str | None = None
    disabled: bool = False


@dataclass(frozen=True)
class Checked:
    """What check records as inputs, and every failure (an empty list: valid)."""

    inputs: dict[str, Any]
    failures: list[Failure] = field(default_factory=list)


@dataclass(frozen=True)
class Diffed:
    """The inputs that differ from the recorded state, and those that force a replacement;
    `delete_before_replace`: should the engine replace it (a `replaceOnChanges`), the old
    resource must go before the new one is made."""

    changed: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    delete_before_replace: bool = False


@dataclass(frozen=True)
class Found:
    """A resource read back: its id, outputs and the inputs a program declaring it has."""

    id: str
    outputs: dict[str, Any]
    inputs: dict[str, Any]


class ResourceHandler(Protocol):
    """One resource type's operations; `token` is its schema type token."""

    token: str

    def check(self, olds: Props, news: Props, naming: Naming | None) -> Checked:
        """Validate `news` (no API call), filling in defaults and an unset name."""

    def diff(self, olds: Props, news: Props) -> Diffed:
        """Compare checked inputs `news` with the recorded outputs `olds` (no API call)."""

    def create(
        self, inputs: Props, naming: Naming | None, *, preview: bool
    ) -> tuple[str, dict[str, Any]]:
        """Create the resource: its id and outputs (a blank id and the known outputs in
        preview)."""

    def read(self, id_: str, outputs: Props, inputs: Props) -> Found | None:
        """Refresh or import; None when the resource is gone."""

    def update(self, id_: str, olds: Props, news: Props, *, preview: bool) -> dict[str, Any]:
        """Make the resource match `news`: its new outputs."""

    def delete(self, id_: str, outputs: Props) -> str | None:
        """Remove the resource (or do nothing when the API keeps it, as a run); a warning
        for the user when it was kept on purpose, else None."""


class UnknownTypeError(LookupError):
    """A type token no handler serves."""


class Registry:
    """The handlers of one account, by type token."""

    def __init__(self, handlers: Iterable[ResourceHandler]) -> None:
        self._handlers = {handler.token: handler for handler in handlers}

    def __getitem__(self, token: str) -> ResourceHandler:
        try:
            return self._handlers[token]
        except KeyError:
            raise UnknownTypeError(f"unknown resource type {token!r} in package qoder") from None

    def __contains__(self, token: object) -> bool:
        return token in self._handlers

    def tokens(self) -> tuple[str, ...]:
        return tuple(self._handlers)
