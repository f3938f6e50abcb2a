"""The plugin's two boundary adapters: engine `Struct`s in as core values, core values out.

The engine sends property bags as `google.protobuf.Struct`, in schema names (camelCase),
with two sentinels inside: the unknown string (a preview value not known yet) and the
secret object `{<sig>: <secret sig>, "value": ...}`. Each direction is one walk:

- `from_engine` reads the `Struct` into core values: names renamed to the core's
  snake_case (`names.py` says which levels), the unknown string as `UNKNOWN`, whole numbers
  as ints (`core.values.whole`), secrets unwrapped, and where each secret was recorded in a
  `Secrets`, as paths in the same core names (`("resources", 0, "authorization_token")`).
- `to_engine` writes core values into a `Struct`: schema names, hidden `__` keys dropped,
  `UNKNOWN` as the unknown string, and every value at a recorded path wrapped secret again,
  so an output that came from a secret input stays secret. A repository's
  `authorization_token` is wrapped however it came (the schema marks it secret).

Secrets travel beside the values, not inside them: the core sees plain values, and the
paths are already in its names when they reach `to_engine`, so nothing renames them twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from google.protobuf import struct_pb2

from pulumi_qoder.core.values import UNKNOWN, whole
from pulumi_qoder.native.names import NESTED_OBJECTS, SECRET_ITEM_KEYS, camel, snake

__all__ = ["SECRET_SIG", "SIG_KEY", "UNKNOWN_TEXT", "Secrets", "from_engine", "to_engine"]

SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN_TEXT = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

Path = tuple[Any, ...]
Trie = dict[Any, Any]
"""Secret paths as nested dicts, keyed by step; `_SECRET` marks a secret value."""
Rename = Callable[[str], str]

_NO_NESTED: frozenset[str] = frozenset()
_SECRET = object()
"""A trie node's mark: the value here is secret."""


class Secrets:
    """The paths, in core names, that held secrets (`("resources", 0, "authorization_token")`)."""

    __slots__ = ("_trie", "paths")

    def __init__(self, paths: set[Path] | frozenset[Path] | None = None) -> None:
        self.paths: frozenset[Path] = frozenset(paths or ())
        self._trie: Trie | None = None

    def __bool__(self) -> bool:
        return bool(self.paths)

    def __repr__(self) -> str:
        return f"Secrets({sorted(self.paths, key=repr)!r})"

    def merge(self, other: Secrets) -> Secrets:
        if not other.paths:
            return self
        if not self.paths:
            return other
        return Secrets(self.paths | other.paths)

    def trie(self) -> Trie | None:
        """The paths as nested dicts (`{"resources": {0: {"authorization_token": {_SECRET:
        True}}}}`), for `to_engine` to follow key by key; None when there are none."""
        if self._trie is None and self.paths:
            trie: Trie = {}
            for path in self.paths:
                node = trie
                for step in path:
                    node = node.setdefault(step, {})
                node[_SECRET] = True
            self._trie = trie
        return self._trie


_NONE = Secrets()


def from_engine(
    struct: struct_pb2.Struct | None,
    *,
    rename: bool = True,
    nested: frozenset[str] = NESTED_OBJECTS,
    keep_hidden: bool = True,
) -> tuple[dict[str, Any], Secrets]:
    """Core values of an engine property bag, and where its secrets were (core names).

    `rename=False` keeps every name as sent (the provider configuration); `nested` names
    the properties whose objects are renamed one level deep (none for a function's
    arguments); `keep_hidden=False` drops hidden `__` keys (inputs the core checks or writes).
    """
    if struct is None:
        return {}, _NONE
    found: set[Path] = set()
    out: dict[str, Any] = {}
    fields = struct.fields
    for key in fields:  # not .items(): a protobuf map's items() iterate in Python
        if key.startswith("__"):
            if not keep_hidden:
                continue
            name = key
        else:
            name = snake(key) if rename else key
        out[name] = _in(fields[key], (), name, found,
                        snake if rename and name in nested else None)
    return out, (Secrets(found) if found else _NONE)


def _in(
    value: struct_pb2.Value, parent: Path, step: Any, found: set[Path], rename: Rename | None
) -> Any:
    """One `Value` (at `parent` + `step`) as a core value; `rename` (or None) renames the
    keys of an object here and of the objects directly in a list here.

    The commonest kinds come first, and a path is built only for an object or a list (only
    an object can be a secret): this walk reads every property of every call.
    """
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        text = value.string_value
        return UNKNOWN if text == UNKNOWN_TEXT else text
    if kind == "struct_value":
        fields = value.struct_value.fields
        sig = fields.get(SIG_KEY)
        if sig is not None:
            inner = fields.get("value")
            if sig.string_value == SECRET_SIG:
                found.add((*parent, step))
                return None if inner is None else _in(inner, parent, step, found, rename)
            # An asset, archive, resource reference or output value: not used by this
            # provider's schema; keep what it carries, if anything.
            return UNKNOWN if inner is None else _in(inner, parent, step, found, rename)
        path = (*parent, step)
        out: dict[str, Any] = {}
        for key in fields:
            name = rename(key) if rename is not None else key
            out[name] = _in(fields[key], path, name, found, None)
        return out
    if kind == "number_value":
        return whole(value.number_value)  # a NaN or infinity stays a float, for check to name
    if kind == "bool_value":
        return value.bool_value
    if kind == "list_value":
        path = (*parent, step)
        return [_in(item, path, i, found,
                    rename if item.WhichOneof("kind") == "struct_value" else None)
                for i, item in enumerate(value.list_value.values)]
    return None


def to_engine(
    props: Mapping[str, Any],
    secrets: Secrets | None = None,
    *,
    rename: bool = True,
    nested: frozenset[str] = NESTED_OBJECTS,
) -> struct_pb2.Struct:
    """An engine property bag of core values: schema names (unless `rename=False`), hidden
    keys dropped, `UNKNOWN` as the unknown string, `secrets`' paths wrapped secret."""
    trie = secrets.trie() if secrets else None
    struct = struct_pb2.Struct()
    fields = struct.fields
    for key, value in props.items():
        if key.startswith("__"):
            continue
        core = snake(key) if rename else key
        node = trie.get(key) if trie is not None else None
        inner = camel if rename and core in nested else None
        item_keys = SECRET_ITEM_KEYS.get(core) if rename and isinstance(value, list) else None
        _out(fields[camel(key) if rename else key], value, node, inner, item_keys)
    return struct


def _out(target: struct_pb2.Value, value: Any, node: Trie | None, rename: Rename | None,
         item_keys: tuple[str, ...] | None) -> None:
    """Write `value` into `target`; `node` is the secret trie here (or None), `rename` as
    in `_in`, `item_keys` the secret keys of the objects in a list here."""
    if node is not None and _SECRET in node:
        fields = target.struct_value.fields
        fields[SIG_KEY].string_value = SECRET_SIG
        target = fields["value"]
    kind = type(value)  # exact types first: an ABC check (`Mapping`) costs ~10x more
    if kind is str:
        target.string_value = value
    elif value is None:
        target.null_value = struct_pb2.NULL_VALUE
    elif value is UNKNOWN:
        target.string_value = UNKNOWN_TEXT
    elif kind is bool:
        target.bool_value = value
    elif kind is int or kind is float:
        target.number_value = value
    elif kind is list:
        _out_list(target, value, node, rename, item_keys)
    elif kind is dict:
        _out_object(target, value, node, rename, item_keys)
    elif isinstance(value, str):
        target.string_value = value
    elif isinstance(value, bool):
        target.bool_value = value
    elif isinstance(value, (int, float)):
        target.number_value = value
    elif isinstance(value, Mapping):
        _out_object(target, value, node, rename, item_keys)
    elif isinstance(value, tuple):
        _out_list(target, value, node, rename, item_keys)
    else:
        raise ValueError(f"unexpected value of type {type(value).__name__} for the engine")


def _out_object(target: struct_pb2.Value, value: Mapping[Any, Any], node: Trie | None,
                rename: Rename | None, item_keys: tuple[str, ...] | None) -> None:
    fields = target.struct_value.fields
    if not value:
        target.struct_value.SetInParent()  # an empty object stays an object
    for key, item in value.items():
        child = node.get(key) if node is not None else None
        if item_keys is not None and key in item_keys and item is not None:
            child = _SECRET_LEAF if child is None else {**child, _SECRET: True}
        _out(fields[rename(key) if rename is not None else str(key)], item, child, None, None)


def _out_list(target: struct_pb2.Value, value: list[Any] | tuple[Any, ...], node: Trie | None,
              rename: Rename | None, item_keys: tuple[str, ...] | None) -> None:
    items = target.list_value
    if not value:
        items.SetInParent()  # an empty list stays a list
    add = items.values.add
    for i, item in enumerate(value):
        child = node.get(i) if node is not None else None
        mapping = type(item) is dict or isinstance(item, Mapping)
        _out(add(), item, child, rename if mapping else None, item_keys if mapping else None)


_SECRET_LEAF = {_SECRET: True}
