"""Which deployments a stack holds, from its exported state (`pulumi stack export`).

A stack holds a deployment when its state has a resource of ours whose id is the
deployment's id: the native `qoder:index:Deployment` or the dynamic
`pulumi-python:dynamic/qoder:Deployment` (whose id is the deployment id too). Resources
the stack only reads (`Deployment.get`, `external` in state) hold nothing; resources
waiting to be deleted and pending operations with an id still do, so nothing a stack may
act on is offered for adoption elsewhere.

The resource names those resources use (a URN's last part) are read too: a name a stack
already uses is never given to a deployment to import (`names.py`), whose URN would clash.

Read tolerantly: `pulumi stack export` output (with or without `--show-secrets`), of any
checkpoint version, and a file backend's checkpoint file (`{"checkpoint": {"latest": ...}}`);
`-` reads standard input. Anything else is a `FleetProblem` naming the file, never its
content.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi_qoder.fleet.problem import BAD_INPUT, FleetProblem

__all__ = ["DEPLOYMENT_TYPES", "Held", "held_ids", "read_states"]

DEPLOYMENT_TYPES = frozenset({"qoder:index:Deployment", "pulumi-python:dynamic/qoder:Deployment"})
"""The type tokens a deployment is held under in state."""

_EXPORT = "`pulumi stack export` prints one"


@dataclass(frozen=True)
class Held:
    ids: frozenset[str]
    """The deployments the states hold."""
    names: frozenset[str]
    """The resource names (a URN's last part) of every resource of ours in them, taken."""


def read_states(paths: Iterable[str]) -> Held:
    """What the given exported states hold, and the resource names they use."""
    ids: set[str] = set()
    names: set[str] = set()
    for path in paths:
        resources = list(_ours(path, _load(path)))
        ids |= {r["id"] for r in resources
                if isinstance(r.get("id"), str) and r["id"] and not r.get("external")}
        names |= {r["urn"].rsplit("::", 1)[-1] for r in resources
                  if isinstance(r.get("urn"), str) and "::" in r["urn"]}
    return Held(frozenset(ids), frozenset(names))


def held_ids(paths: Iterable[str]) -> set[str]:
    """The ids of the deployments any of the given exported states holds."""
    return set(read_states(paths).ids)


def _load(path: str) -> Any:
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as file:
                text = file.read()
    except OSError as err:
        raise FleetProblem(BAD_INPUT, f"cannot read state file {path}: "
                                      f"{err.strerror or type(err).__name__}") from None
    except UnicodeDecodeError:
        raise FleetProblem(BAD_INPUT, f"{path} is not a stack export ({_EXPORT}): "
                                      "not UTF-8 text") from None
    try:
        return json.loads(text)
    except ValueError:
        raise FleetProblem(BAD_INPUT, f"{path} is not a stack export ({_EXPORT}): "
                                      "not JSON") from None


def _ours(path: str, data: Any) -> Iterator[Mapping[str, Any]]:
    deployment = _deployment(data)
    if deployment is None:
        raise FleetProblem(BAD_INPUT, f"{path} is not a stack export ({_EXPORT}): it has no "
                                      "`deployment` with `resources`")
    return (r for r in _resources(deployment) if r.get("type") in DEPLOYMENT_TYPES)


def _deployment(data: Any) -> Mapping[str, Any] | None:
    """The `deployment` part of an export (or the latest of a checkpoint file), if any."""
    if not isinstance(data, Mapping) or not isinstance(data.get("version"), int):
        return None
    found = data.get("deployment")
    if found is None and isinstance(data.get("checkpoint"), Mapping):
        found = data["checkpoint"].get("latest") or {"resources": []}
    if not isinstance(found, Mapping):
        return None
    if "resources" not in found and "manifest" not in found:
        return None  # a stack never updated has a manifest and no resources
    shaped = (isinstance(found.get("resources", []), list)
              and isinstance(found.get("pending_operations", []), list))
    return found if shaped else None


def _resources(deployment: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for resource in deployment.get("resources") or []:
        if isinstance(resource, Mapping):
            yield resource
    for operation in deployment.get("pending_operations") or []:
        if isinstance(operation, Mapping) and isinstance(operation.get("resource"), Mapping):
            yield operation["resource"]
