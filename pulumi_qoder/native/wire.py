"""Protobuf `Struct` values as plain Python, and back: unknowns, secrets and whole numbers.

The engine sends property bags as `google.protobuf.Struct`. Two sentinels ride inside
them: the unknown string (a preview value not known yet) and the secret object
`{<sig>: <secret sig>, "value": ...}`. Inbound, unknowns become `UNKNOWN` and secrets are
unwrapped while their paths are remembered, so outbound values at the same paths can be
wrapped again: an output that came from a secret input stays secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from google.protobuf import struct_pb2

from pulumi_qoder.core.values import UNKNOWN, whole

__all__ = ["SECRET_SIG", "SIG_KEY", "UNKNOWN_TEXT", "Secrets", "from_struct", "to_struct"]

SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN_TEXT = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

Path = tuple[Any, ...]


class Secrets:
    """The paths (`("resources", 0, "authorization_token")`) that held secrets."""

    def __init__(self, paths: set[Path] | None = None) -> None:
        self.paths: set[Path] = set(paths or ())

    def __bool__(self) -> bool:
        return bool(self.paths)

    def merge(self, other: Secrets) -> Secrets:
        return Secrets(self.paths | other.paths)

    def mapped(self, fn: Callable[[Path], Path]) -> Secrets:
        """The same paths, each passed through `fn` (a renaming)."""
        return Secrets({fn(p) for p in self.paths})

    def wrap(self, value: Any) -> Any:
        """`value` with every remembered path that exists in it marked secret again."""
        out = value
        for path in sorted(self.paths, key=len, reverse=True):
            out = _wrap_at(out, path)
        return out


def from_struct(struct: struct_pb2.Struct | None) -> tuple[dict[str, Any], Secrets]:
    """A plain dict (unknowns as `UNKNOWN`, secrets unwrapped) and where the secrets were."""
    if struct is None:
        return {}, Secrets()
    raw = {key: _python(value) for key, value in struct.fields.items()}
    secrets: set[Path] = set()
    return _plain(raw, (), secrets), Secrets(secrets)


def _python(value: struct_pb2.Value) -> Any:
    """One `Value` as Python, read field by field: a NaN or infinity stays a float (JSON
    conversion would refuse it), for check to name the property it is in."""
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        return {key: _python(item) for key, item in value.struct_value.fields.items()}
    if kind == "list_value":
        return [_python(item) for item in value.list_value.values]
    if kind in (None, "null_value"):
        return None
    return getattr(value, kind)


def to_struct(value: Mapping[str, Any], secrets: Secrets | None = None) -> struct_pb2.Struct:
    """A `Struct` of `value`: `UNKNOWN` as the unknown sentinel, `secrets` paths wrapped."""
    marked = secrets.wrap(dict(value)) if secrets else dict(value)
    struct = struct_pb2.Struct()
    struct.update(_wire(marked))
    return struct


def _plain(value: Any, path: Path, secrets: set[Path]) -> Any:
    if value == UNKNOWN_TEXT:
        return UNKNOWN
    if isinstance(value, float):
        return whole(value)
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            secrets.add(path)
            return _plain(value.get("value"), path, secrets)
        if SIG_KEY in value:
            # An asset, archive, resource reference or output value: not used by this
            # provider's schema; keep what it carries, if anything.
            return _plain(value.get("value"), path, secrets) if "value" in value else UNKNOWN
        return {k: _plain(v, (*path, k), secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, (*path, i), secrets) for i, v in enumerate(value)]
    return value


def _wire(value: Any) -> Any:
    if value is UNKNOWN:
        return UNKNOWN_TEXT
    if isinstance(value, Mapping):
        return {str(k): _wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_wire(v) for v in value]
    return value


def _wrap_at(value: Any, path: Path) -> Any:
    if not path:
        if isinstance(value, Mapping) and value.get(SIG_KEY) == SECRET_SIG:
            return value
        return {SIG_KEY: SECRET_SIG, "value": value}
    head, rest = path[0], path[1:]
    if isinstance(value, Mapping) and head in value:
        return {**value, head: _wrap_at(value[head], rest)}
    if isinstance(value, list) and isinstance(head, int) and 0 <= head < len(value):
        items = list(value)
        items[head] = _wrap_at(items[head], rest)
        return items
    return value
