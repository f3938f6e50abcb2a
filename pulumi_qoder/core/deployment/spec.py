"""The desired state of a deployment: its input properties, how they compare, DeploymentSpec."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.naming import RESOURCE_NAME_KEY
from pulumi_qoder.core.values import UNKNOWN, contains_unknown

__all__ = [
    "EXECUTION_DEFAULTS",
    "EXECUTION_FIELDS",
    "INPUT_FIELDS",
    "LIVE_NAME_KEY",
    "REPLACE_ON_CHANGE",
    "RESOURCE_NAME_KEY",
    "SCOPE_KEY",
    "UNKNOWN",
    "DeploymentSpec",
    "Failure",
    "contains_unknown",
    "normalise",
    "wire_value",
]

EXECUTION_DEFAULTS: Mapping[str, Any] = {
    "session_strategy": "new_session",
    "max_retries": 0,
    "timeout_ms": 300_000,
    "max_concurrent": 1,
}
"""What the API materialises in `metadata.cas_config` when a setting is not sent (CONTRACT §2.3)."""

EXECUTION_FIELDS = tuple(EXECUTION_DEFAULTS)

INPUT_FIELDS = (
    "name",
    "description",
    "agent",
    "environment_id",
    "schedule",
    "initial_events",
    "resources",
    "vault_ids",
    "metadata",
    *EXECUTION_FIELDS,
    "paused",
)
"""Every input property, in the order diffs and patches list them."""

REPLACE_ON_CHANGE: frozenset[str] = frozenset()
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
    if field_name == "description":
        return value or ""
    if field_name in ("resources", "vault_ids", "initial_events"):
        return [_wire(v) for v in value or ()]
    if field_name == "metadata":
        return dict(value or {})
    if field_name == "paused":
        return bool(value)
    if field_name == "agent":
        return _agent_key(value)
    if field_name == "schedule":
        if value is None:
            return None
        return {"expression": value.get("expression"), "timezone": value.get("timezone")}
    return _wire(value)


@dataclass(frozen=True)
class DeploymentSpec:
    """A validated desired deployment, in API terms; built only from inputs `validate` accepts."""

    name: str
    agent: str | Mapping[str, Any]
    """`agent_...` (latest version at write time) or `{"id": ..., "version": n}`."""
    environment_id: str
    initial_events: list[dict]
    description: str = ""
    schedule: Mapping[str, str] | None = None
    """`{"expression", "timezone"}`, or None for a manual-only deployment."""
    resources: list[dict] = field(default_factory=list)
    vault_ids: list[str] = field(default_factory=list)
    metadata: Mapping[str, str] = field(default_factory=dict)
    session_strategy: str | None = None
    """None leaves the server's value alone (its default on create)."""
    max_retries: int | None = None
    timeout_ms: int | None = None
    max_concurrent: int | None = None
    paused: bool = False

    @classmethod
    def from_props(cls, props: Mapping[str, Any]) -> DeploymentSpec:
        """The spec for checked input properties (extra keys such as `__provider` are ignored)."""
        given = {k: props[k] for k in INPUT_FIELDS if props.get(k) is not None}
        for key in ("initial_events", "resources", "vault_ids"):
            if key in given:
                given[key] = [_wire(v) for v in given[key]]
        for key in ("max_retries", "timeout_ms", "max_concurrent"):
            if key in given:
                given[key] = int(given[key])
        if "agent" in given and not isinstance(given["agent"], str):
            given["agent"] = _wire(given["agent"])
        if "schedule" in given:
            given["schedule"] = normalise("schedule", given["schedule"])
        return cls(**given)

    def props(self) -> dict[str, Any]:
        """The spec as input properties (unset execution settings left out)."""
        out = {k: getattr(self, k) for k in INPUT_FIELDS}
        return {k: v for k, v in out.items() if v is not None or k == "schedule"}

    def wire(self, field_name: str) -> Any:
        """The request value for `field_name` (create body or merge-patch)."""
        if field_name == "agent":
            ref = _agent_key(self.agent)
            if ref["version"] is None:
                return ref["id"]
            return {"id": ref["id"], "type": "agent", "version": ref["version"]}
        if field_name == "schedule":
            return None if self.schedule is None else {"type": "cron", **self.schedule}
        return getattr(self, field_name)

    def cas_config(self, current: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """`metadata.cas_config` to send: set values, else `current`'s (the live ones)."""
        current = current or {}
        values = {k: getattr(self, k) for k in EXECUTION_FIELDS}
        values = {k: _wire(v if v is not None else current.get(k)) for k, v in values.items()}
        config = {k: values[k] for k in EXECUTION_FIELDS[1:] if values[k] is not None}
        out: dict[str, Any] = {}
        if values["session_strategy"] is not None:
            out["session_strategy"] = values["session_strategy"]
        if config:
            out["config"] = config
        return out

    def create_body(self) -> dict[str, Any]:
        """Keyword arguments for `client.deployments.create`; unset optionals are not sent."""
        body: dict[str, Any] = {
            "name": self.name,
            "agent": self.wire("agent"),
            "environment_id": self.environment_id,
            "initial_events": self.initial_events,
        }
        for key in ("description", "schedule", "resources", "vault_ids"):
            if getattr(self, key):
                body[key] = self.wire(key)
        metadata = dict(self.metadata)
        cas_config = self.cas_config()
        if cas_config:
            metadata["cas_config"] = cas_config
        if metadata:
            body["metadata"] = metadata
        return body


def _agent_key(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return {"id": value, "version": None}
    version = value.get("version")
    return {"id": value.get("id"), "version": None if version is None else int(version)}


def wire_value(value: Any) -> Any:
    """A JSON value as the API expects it: whole floats (protobuf numbers) as ints, no nulls."""
    return _wire(value)


def _wire(value: Any) -> Any:
    """A JSON value as the API expects it: whole floats (protobuf numbers) as ints, no nulls."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {k: _wire(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_wire(v) for v in value]
    return value
