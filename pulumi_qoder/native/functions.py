"""The four lookups as provider functions (`Invoke`), on the provider's own account.

The same core lookups as `pulumi_qoder.lookups` (which runs inside a Python program): API
objects with their top-level keys in the schema's camelCase, nested values as the API
sends them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pulumi_qoder.core import lookups
from pulumi_qoder.core.errors import call
from pulumi_qoder.core.failure import Failure
from pulumi_qoder.native.names import camel

if TYPE_CHECKING:
    from pulumi_qoder.client import QoderClient

__all__ = ["FUNCTIONS", "invoke"]

Function = Callable[["QoderClient", Mapping[str, Any]], dict[str, Any]]


def _info(model: Any) -> dict[str, Any]:
    return {camel(k): v for k, v in model.to_wire().items()}


def get_deployment(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    id_ = args["deployment_id"]
    return _info(call(f"reading deployment {id_!r}", lambda: client.deployments.retrieve(id_)))


def get_deployment_by_name(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    name = args["name"]
    found = call(
        f"looking up deployment {name!r}",
        lambda: lookups.deployment_by_name(
            client, name, include_archived=bool(args.get("include_archived"))
        ),
    )
    return _info(found)


def list_deployments(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    found = call(
        "listing deployments",
        lambda: lookups.deployments(
            client,
            status=args.get("status"),
            agent_id=args.get("agent_id"),
            include_archived=bool(args.get("include_archived")),
        ),
    )
    return {"deployments": [_info(dep) for dep in found]}


def list_runs(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("deployment_id", "status", "trigger_type", "has_error", "limit")
    found = call("listing runs", lambda: lookups.runs(client, **{k: args.get(k) for k in keys}))
    return {"runs": [_info(run) for run in found]}


FUNCTIONS: dict[str, tuple[Function, tuple[str, ...]]] = {
    "qoder:index:getDeployment": (get_deployment, ("deployment_id",)),
    "qoder:index:getDeploymentByName": (get_deployment_by_name, ("name",)),
    "qoder:index:listDeployments": (list_deployments, ()),
    "qoder:index:listRuns": (list_runs, ()),
}
"""Function token -> (implementation, required arguments)."""


ARGUMENT_TYPES: dict[str, tuple[type, str]] = {
    "deployment_id": (str, "must be a string"),
    "name": (str, "must be a string"),
    "status": (str, "must be a string"),
    "agent_id": (str, "must be a string"),
    "trigger_type": (str, "must be a string"),
    "include_archived": (bool, "must be true or false"),
    "has_error": (bool, "must be true or false"),
    "limit": (int, "must be a whole number"),
}
"""Each argument's type in the schema, and the rule a wrong value fails with."""


def invoke(
    token: str, client_of: Callable[[], QoderClient], args: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Failure]]:
    """The function's result, or failures naming each missing or mistyped argument."""
    function, required = FUNCTIONS[token]
    args, failures = _typed(args)
    failures += [Failure(camel(key), "is required") for key in required if args.get(key) is None]
    if failures:
        return {}, failures
    return function(client_of(), args), []


def _typed(args: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """The arguments with whole numbers as ints, and a failure for each of the wrong type."""
    out, failures = dict(args), []
    for key, value in args.items():
        kind, rule = ARGUMENT_TYPES.get(key, (object, ""))
        if value is None or kind is object:
            continue
        if kind is int and isinstance(value, float) and value.is_integer():
            out[key] = value = int(value)  # protobuf numbers arrive as floats
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            failures.append(Failure(camel(key), rule))
    return out, failures
