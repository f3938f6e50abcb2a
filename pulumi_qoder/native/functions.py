"""The four lookups as provider functions (`Invoke`), on the provider's own account.

Same answers as `pulumi_qoder.lookups` (which runs inside a Python program): API objects
with their top-level keys in the schema's camelCase, nested values as the API sends them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pulumi_qoder.client import QoderClient
from pulumi_qoder.connection import call
from pulumi_qoder.lookups import PAGE_SIZE, NoSuchDeploymentError
from pulumi_qoder.native.names import camel
from pulumi_qoder.spec import Failure

__all__ = ["FUNCTIONS", "invoke"]


def _info(model: Any) -> dict[str, Any]:
    return {camel(k): v for k, v in model.to_wire().items()}


def get_deployment(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    id_ = args["deployment_id"]
    return _info(call(f"reading deployment {id_!r}", lambda: client.deployments.retrieve(id_)))


def get_deployment_by_name(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    """The live deployment of that name, else (with `includeArchived`) its latest archived one."""
    name, include_archived = args["name"], bool(args.get("include_archived"))
    archived_prefix = f"{name}_archived_"

    def matches(dep) -> bool:
        suffix = dep.name[len(archived_prefix):] if dep.name.startswith(archived_prefix) else ""
        return dep.name == name or (dep.archived and suffix.isdigit())

    found = call(
        f"looking up deployment {name!r}",
        lambda: [
            dep
            for dep in client.deployments.iter(include_archived=include_archived, limit=PAGE_SIZE)
            if matches(dep)
        ],
    )
    if not found:
        hint = "" if include_archived else "; archived ones were not searched"
        raise NoSuchDeploymentError(f"no deployment is named {name!r}{hint}")
    return _info(max(found, key=lambda dep: (not dep.archived, dep.archived_at or dep.created_at)))


def list_deployments(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    found = call(
        "listing deployments",
        lambda: list(
            client.deployments.iter(
                status=args.get("status"),
                agent_id=args.get("agent_id"),
                include_archived=bool(args.get("include_archived")),
                limit=PAGE_SIZE,
            )
        ),
    )
    return {"deployments": [_info(dep) for dep in found]}


def list_runs(client: QoderClient, args: Mapping[str, Any]) -> dict[str, Any]:
    limit = args.get("limit")

    def fetch() -> list:
        runs = client.runs.iter(
            deployment_id=args.get("deployment_id"),
            status=args.get("status"),
            trigger_type=args.get("trigger_type"),
            has_error=args.get("has_error"),
            limit=min(limit, PAGE_SIZE) if limit else PAGE_SIZE,
        )
        found = []
        for run in runs:
            if limit is not None and len(found) >= limit:
                break
            found.append(run)
        return found

    return {"runs": [_info(run) for run in call("listing runs", fetch)]}


FUNCTIONS: dict[str, tuple[Callable[[QoderClient, Mapping[str, Any]], dict], tuple[str, ...]]] = {
    "qoder:index:getDeployment": (get_deployment, ("deployment_id",)),
    "qoder:index:getDeploymentByName": (get_deployment_by_name, ("name",)),
    "qoder:index:listDeployments": (list_deployments, ()),
    "qoder:index:listRuns": (list_runs, ()),
}
"""Function token -> (implementation, required arguments)."""


def invoke(
    token: str, client_of: Callable[[], QoderClient], args: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Failure]]:
    """The function's result, or the failures naming each missing required argument."""
    function, required = FUNCTIONS[token]
    missing = [Failure(camel(key), "is required") for key in required if args.get(key) is None]
    if missing:
        return {}, missing
    return function(client_of(), args), []
