"""`qoder:index:Deployment` for the native plugin: the core's deployment operations.

Properties here are the core's snake_case dicts (`names` converts at the wire); preview
unknowns are `UNKNOWN`. What the dynamic adapter keeps for its host (`__input_keys`,
`__name`, `__adopt_id`) never appears in what this returns: the native state holds exactly
the schema's properties, and import is the engine's own `Read`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.account import Account
from pulumi_qoder.core.deployment.check import checked_inputs
from pulumi_qoder.core.deployment.identity import Identity
from pulumi_qoder.core.deployment.operations import DeploymentOperations
from pulumi_qoder.core.deployment.outputs import _agent_input as agent_input
from pulumi_qoder.core.deployment.plan import diff
from pulumi_qoder.core.failure import Failure
from pulumi_qoder.native.autoname import auto_name, resource_name_of
from pulumi_qoder.native.names import visible
from pulumi_qoder.native.preview import preview_outputs

__all__ = ["TOKEN", "DeploymentHandler"]

TOKEN = "qoder:index:Deployment"


class DeploymentHandler:
    """Check, diff, create, read, update and delete deployments for one account."""

    token = TOKEN

    def __init__(self, account: Account) -> None:
        self._account = account

    def check(
        self,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        *,
        resource_name: str,
        urn: str,
        proposed_name: str | None = None,
        naming_disabled: bool = False,
    ) -> tuple[dict[str, Any], list[Failure]]:
        """Validate; name an unnamed deployment (kept from `olds`, else stable per URN)."""
        news = visible(news)
        olds_name = olds.get("name")
        if news.get("name") is None and not (isinstance(olds_name, str) and olds_name):
            if naming_disabled:
                return news, [Failure("name", "is required: auto-naming is disabled")]
            news["name"] = proposed_name or auto_name(resource_name, urn)
        # Unset compared inputs get their defaults, so drift reads `paused: true => false`.
        return checked_inputs(olds, news, strict_drift=self._account.settings.strict)

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """The inputs that differ from the recorded outputs, and those that force a replace."""
        plan = diff(_agent_as_written(olds, news), news, strict=self._account.settings.strict)
        return list(plan.changed), list(plan.replaces)

    def create(
        self, inputs: Mapping[str, Any], *, preview: bool, resource_name: str = "", urn: str = ""
    ) -> tuple[str, dict[str, Any]]:
        """Create once per resource: the URN identifies it (its create's Idempotency-Key, and
        the auto-name that proves an earlier create its own; core/deployment/identity.py)."""
        if preview:
            return "", preview_outputs(inputs, None)
        identity = None
        if urn:
            name = resource_name or resource_name_of(urn)
            identity = Identity(urn, name, derived_name=auto_name(name, urn))
        id_, outs = self._operations().create(visible(inputs), identity)
        return id_, visible(outs)

    def read(
        self, id_: str, outputs: Mapping[str, Any], inputs: Mapping[str, Any]
    ) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
        """Refresh (the prior inputs say which inputs the program set) or import (no prior)."""
        prior = {k: v for k, v in (inputs or outputs).items() if k != "__provider"}
        found, outs, new_inputs = self._operations().read(id_, prior)
        if found is None:
            return None, {}, {}
        return found, visible(outs), visible(new_inputs)

    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, preview: bool
    ) -> dict[str, Any]:
        if preview:
            return preview_outputs(news, olds)
        olds = _agent_as_written(olds, news)
        return visible(self._operations().update(id_, olds, visible(news)))

    def delete(self, id_: str, outputs: Mapping[str, Any]) -> None:
        self._operations().delete(id_)

    def _operations(self) -> DeploymentOperations:
        return DeploymentOperations(self._account.client())


def _agent_as_written(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Mapping[str, Any]:
    """`olds` with the recorded agent in the program's form while it is the same agent.

    Outputs read without prior inputs (the engine's import `Read`) hold the live
    `{id, version}`; a program naming the agent by bare id means "its latest when written",
    which that live agent is, as `outputs_of` already treats it on refresh.
    """
    recorded, wanted = olds.get("agent"), news.get("agent")
    if not isinstance(recorded, Mapping) or wanted is None:
        return olds
    return {**olds, "agent": agent_input(recorded, wanted)}

