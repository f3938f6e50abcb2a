"""The four lookups as provider functions (`Invoke`), on the provider's own account.

The native plugin's binding of the lookups in `core/lookups.py` (the dynamic front end's is
`dynamic/lookups.py`, which runs inside a Python program): API
objects with their top-level keys in the schema's camelCase, nested values as the API
sends them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pulumi_qoder.core import lookups
from pulumi_qoder.core.errors import call
from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.fields import FUNCTIONS as FUNCTION_TABLE
from pulumi_qoder.core.fields import Field
from pulumi_qoder.native.names import camel
from pulumi_qoder.native.schemagen import token

if TYPE_CHECKING:
    from pulumi_qoder.client import QoderClient

__all__ = ["FUNCTIONS", "invoke"]

Function = Callable[["QoderClient", Mapping[str, Any]], dict[str, Any]]


def _info(model: Any) -> dict[str, Any]:
    return {camel(k): v for k, v in model.to_wire().items()}


def get_deployment(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    id_ = args["deployment_id"]
    return _info(call(f"reading deployment {id_!r}", lambda: lookups.deployment(client, id_)))


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


_IMPLEMENTATIONS: dict[str, Function] = {
    "getDeployment": get_deployment,
    "getDeploymentByName": get_deployment_by_name,
    "listDeployments": list_deployments,
    "listRuns": list_runs,
}

FUNCTIONS: dict[str, tuple[Function, tuple[Field, ...]]] = {
    token(fn.name): (_IMPLEMENTATIONS[fn.name], fn.inputs) for fn in FUNCTION_TABLE
}
"""Function token -> (implementation, its arguments from the field table)."""

_RULES: dict[str, tuple[type, str]] = {
    "string": (str, "must be a string"),
    "boolean": (bool, "must be true or false"),
    "integer": (int, "must be a whole number"),
}
"""The rule an argument of each schema type fails with when given another type."""


def invoke(
    token: str, client_of: Callable[[], QoderClient], args: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Failure]]:
    """The function's result, or failures naming each missing or mistyped argument.

    Arguments arrive with whole numbers already ints (`structs.from_engine`).
    """
    function, inputs = FUNCTIONS[token]
    failures = []
    for field in inputs:
        value = args.get(field.name)
        kind, rule = _RULES[field.type]
        if value is not None and (
            not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        ):
            failures.append(Failure(field.schema_name, rule))
    failures += [Failure(f.schema_name, "is required") for f in inputs
                 if f.required and args.get(f.name) is None]
    if failures:
        return {}, failures
    return function(client_of(), args), []
