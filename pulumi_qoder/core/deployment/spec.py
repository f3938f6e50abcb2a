"""The desired state of a deployment: its input properties, how they compare, DeploymentSpec."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.fields import DEPLOYMENT, Field
from pulumi_qoder.core.naming import RESOURCE_NAME_KEY
from pulumi_qoder.core.values import UNKNOWN, contains_unknown, whole

__all__ = [
    "EXECUTION_DEFAULTS",
    "EXECUTION_FIELDS",
    "INPUTS",
    "INPUT_FIELDS",
    "LIVE_NAME_KEY",
    "REPLACE_ON_CHANGE",
    "RESOURCE_NAME_KEY",
    "SCOPE_KEY",
    "UNKNOWN",
    "DeploymentSpec",
    "Failure",
    "api_value",
    "contains_unknown",
    "dig",
    "normalise",
    "put",
]

INPUTS: tuple[Field, ...] = DEPLOYMENT.inputs()
_BY_NAME: Mapping[str, Field] = {f.name: f for f in INPUTS}

EXECUTION_DEFAULTS: Mapping[str, Any] = DEPLOYMENT.when_unset(keeps_live=True)
"""What the API materialises in `metadata.cas_config` when a setting is not sent (CONTRACT §2.3):
the field table's `keeps_live` inputs and their `when_unset`."""

EXECUTION_FIELDS = tuple(EXECUTION_DEFAULTS)

INPUT_FIELDS = DEPLOYMENT.names(INPUTS)
"""Every input property, in the order diffs and patches list them (the field table's)."""

REPLACE_ON_CHANGE: frozenset[str] = DEPLOYMENT.replace_on_change()
"""Inputs whose change needs a new deployment: none, every documented field is patchable."""


SCOPE_KEY = "__scope"
"""Hidden input naming where the resource sits: its stack, and its parent component if any.

With `__name` it identifies the resource, so its auto-name and its create's Idempotency-Key
are derived, not random (see `identity.py`). Absent in states written before it existed.
"""

LIVE_NAME_KEY = "__name_from_live"
"""Hidden input marking a resource adopted with no `name` set: the live name is kept."""

ADOPT_KEY = "__adopt_id"
"""Hidden input carrying `ResourceOptions(import_=...)`: the id of a deployment to adopt.

The SDK's dynamic provider host cannot serve the engine's import `Read` (it carries no
`__provider`; pulumi/pulumi#16175), so `Deployment` turns `import_` into this input and
`create` adopts the live deployment instead of making a new one.
"""


def normalise(field_name: str, value: Any) -> Any:
    """`value` of input `field_name` in the form diffs compare: unset means the API default."""
    if value is UNKNOWN:
        return value
    if field_name == "agent":
        return _agent_key(value)
    if field_name == "schedule":
        if value is None:
            return None
        return {"expression": value.get("expression"), "timezone": value.get("timezone")}
    field = _BY_NAME.get(field_name)
    if field is None:
        return _api_value(value)
    if value is None and field.has_when_unset and not field.keeps_live:
        value = field.when_unset
    if field.is_list:
        return [_api_value(v) for v in value or ()]
    if field.is_map:
        return dict(value or {})
    if field.type == "boolean":
        return bool(value)
    return _api_value(value)


@dataclass(frozen=True)
class DeploymentSpec:
    """A validated desired deployment, in API terms; built only from inputs `validate` accepts.

    `values` holds every input of the field table: unset ones at their `when_unset`, and None
    for an unset setting the live deployment keeps (`keeps_live`) or an unset schedule.
    """

    values: Mapping[str, Any] = field(hash=False)

    @property
    def name(self) -> str:
        return self.values["name"]

    @property
    def agent(self) -> str | Mapping[str, Any]:
        """`agent_...` (latest version at write time) or `{"id": ..., "version": n}`."""
        return self.values["agent"]

    @property
    def schedule(self) -> Mapping[str, str] | None:
        """`{"expression", "timezone"}`, or None for a manual-only deployment."""
        return self.values["schedule"]

    @property
    def metadata(self) -> Mapping[str, str]:
        return self.values["metadata"]

    @property
    def paused(self) -> bool:
        return bool(self.values["paused"])

    def __getattr__(self, name: str) -> Any:
        """Any other input by name (`spec.initial_events`), as in `values`."""
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    def replaced(self, **changes: Any) -> DeploymentSpec:
        """The same spec with some values changed (`schedule=None`)."""
        return DeploymentSpec({**self.values, **changes})

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> DeploymentSpec:
        """The spec for checked input properties (extra keys such as `__provider` are ignored)."""
        values: dict[str, Any] = {}
        for f in INPUTS:
            value = props.get(f.name)
            if value is None:
                keep = not f.has_when_unset or f.keeps_live
                values[f.name] = None if keep else copy.deepcopy(f.when_unset)
            elif f.name == "agent":
                values[f.name] = value if isinstance(value, str) else _api_value(value)
            elif f.name == "schedule":
                values[f.name] = normalise(f.name, value)
            elif f.is_list:
                values[f.name] = [_api_value(v) for v in value]
            elif f.type == "integer":
                values[f.name] = int(value)
            else:
                values[f.name] = value
        return cls(values)

    def props(self) -> dict[str, Any]:
        """The spec as input properties (unset execution settings left out)."""
        return {f.name: self.values[f.name] for f in INPUTS
                if self.values[f.name] is not None or not f.keeps_live}

    def request_value(self, field_name: str) -> Any:
        """The request value for `field_name` (create body or merge-patch)."""
        if field_name == "agent":
            ref = _agent_key(self.agent)
            if ref["version"] is None:
                return ref["id"]
            return {"id": ref["id"], "type": "agent", "version": ref["version"]}
        if field_name == "schedule":
            return None if self.schedule is None else {"type": "cron", **self.schedule}
        return self.values[field_name]

    def cas_config(self, current: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """`metadata.cas_config` to send: set values, else `current`'s (the live ones)."""
        current = current or {}
        out: dict[str, Any] = {}
        for f in INPUTS:
            if not f.keeps_live:
                continue
            value = self.values[f.name]
            value = _api_value(value if value is not None else current.get(f.name))
            if value is not None and f.api_keys is not None:
                put(out, f.api_keys[2:], value)  # the path under metadata.cas_config
        return out

    def create_body(self) -> dict[str, Any]:
        """The `POST /deployments` body, which `DeploymentCreate` is built from once (and the
        create's Idempotency-Key derived from); unset optionals are not sent.

        Each sent field goes where its `api_path` says: the execution settings into
        `metadata.cas_config`, next to the user's keys.
        """
        body: dict[str, Any] = {}
        for f in INPUTS:
            value = self.values[f.name]
            if f.api_keys is None or f.keeps_live or not (f.required or value):
                continue
            put(body, f.api_keys, copy.deepcopy(self.request_value(f.name)))
        cas_config = self.cas_config()
        if cas_config:
            body.setdefault("metadata", {})["cas_config"] = cas_config
        return body


def put(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set `value` at `path` in `target`, making the objects on the way."""
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def dig(source: Any, path: tuple[str, ...]) -> Any:
    """The value at `path` in `source`; None where a step is missing or not an object."""
    for key in path:
        if type(source) is not dict and not isinstance(source, Mapping):
            return None
        source = source.get(key)
    return source


def _agent_key(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return {"id": value, "version": None}
    version = value.get("version")
    return {"id": value.get("id"), "version": None if version is None else int(version)}


def api_value(value: Any) -> Any:
    """A JSON value as the API expects it: whole floats (protobuf numbers) as ints, no nulls."""
    return _api_value(value)


def _api_value(value: Any) -> Any:
    """A JSON value as the API expects it: whole floats (protobuf numbers) as ints, no nulls."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        return whole(value)
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        return {k: _api_value(v) for k, v in value.items() if v is not None}
    if kind is list or isinstance(value, tuple):
        return [_api_value(v) for v in value]
    return whole(value)  # a float subclass, or anything else as is
