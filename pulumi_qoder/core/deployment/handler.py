"""`qoder:index:Deployment`: the deployment handler both front ends dispatch to.

Properties are the core's snake_case dicts; preview unknowns are `UNKNOWN`. The native
plugin passes a `Naming` (its URN names the resource and keys its create) and a preview
function; the dynamic host passes no naming (the hidden inputs `__name` and `__scope` say
who the resource is, and `__adopt_id` asks for adoption) and never asks for a preview.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pulumi_qoder.core.account import Account
from pulumi_qoder.core.deployment.identity import Identity
from pulumi_qoder.core.deployment.ignore import keep_recorded
from pulumi_qoder.core.deployment.operations import DeploymentOperations
from pulumi_qoder.core.deployment.outputs import agent_input
from pulumi_qoder.core.deployment.plan import diff
from pulumi_qoder.core.deployment.spec import ADOPT_KEY
from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.handler import Checked, Diffed, Found, Naming, Props
from pulumi_qoder.core.naming import urn_auto_name

__all__ = ["TOKEN", "DeploymentHandler"]

TOKEN = "qoder:index:Deployment"

Preview = Callable[[Props, Props | None], dict[str, Any]]
"""`(inputs, prior outputs or None) -> outputs as far as known` (`native/preview.py`)."""


class DeploymentHandler:
    """Check, diff, create, read, update and delete deployments for one account.

    `engine_imports`: outputs may come from the engine's own import `Read`, with no prior
    inputs, so the recorded agent is the live `{id, version}` (the native plugin).
    """

    token = TOKEN

    def __init__(
        self, account: Account, *, preview: Preview | None = None, engine_imports: bool = False
    ) -> None:
        self._account = account
        self._preview = preview
        self._engine_imports = engine_imports

    def check(self, olds: Props, news: Props, naming: Naming | None) -> Checked:
        """Validate; name an unnamed deployment (kept from `olds`, else stable per identity).

        Unset compared inputs get their defaults, so drift reads `paused: true => false`.
        """
        if naming is not None:
            news = dict(news)
            olds_name = olds.get("name")
            if news.get("name") is None and not (isinstance(olds_name, str) and olds_name):
                if naming.disabled:
                    return Checked(news, [Failure("name", "is required: auto-naming is disabled")])
                news["name"] = naming.proposed_name or urn_auto_name(
                    naming.resource_name, naming.urn
                )
        # Imported here: its request models are a third of the provider's import, and a
        # destroy or a refresh never checks.
        from pulumi_qoder.core.deployment.check import checked_inputs

        inputs, failures = checked_inputs(olds, news, strict_drift=self._strict)
        return Checked(inputs, failures)

    def diff(self, olds: Props, news: Props) -> Diffed:
        """The inputs that differ from the recorded outputs (a deployment never replaces);
        paths `ignoreChanges` names (`__ignore_changes`) count as recorded (`ignore.py`).

        Should the engine replace it anyway (`replaceOnChanges`), the old one is archived
        first: the new one's create would otherwise find the old one by its derived name
        (names are unique among live deployments) and take it over (`replays.py`)."""
        news = keep_recorded(olds, news)
        plan = diff(self._as_written(olds, news), news, strict=self._strict)
        return Diffed(plan.changed, plan.replaces, delete_before_replace=True)

    def create(
        self, inputs: Props, naming: Naming | None, *, preview: bool
    ) -> tuple[str, dict[str, Any]]:
        """Create once per resource (or adopt what `__adopt_id` names).

        With a `Naming` the URN identifies the resource: its create's Idempotency-Key, and
        the auto-name that proves an earlier create its own (`identity.py`).
        """
        if preview:
            return "", self._preview(inputs, None) if self._preview else dict(inputs)
        if inputs.get(ADOPT_KEY):
            return self._operations().adopt(str(inputs[ADOPT_KEY]), inputs)
        identity = None
        if naming is not None and naming.urn:
            name = naming.resource_name
            identity = Identity(naming.urn, name, derived_name=urn_auto_name(name, naming.urn))
        return self._operations().create(inputs, identity)

    def read(self, id_: str, outputs: Props, inputs: Props) -> Found | None:
        """Refresh (the prior inputs say which inputs the program set) or import (no prior)."""
        prior = {k: v for k, v in (inputs or outputs).items() if k != "__provider"}
        found, outs, new_inputs = self._operations().read(id_, prior)
        return None if found is None else Found(found, outs, new_inputs)

    def update(self, id_: str, olds: Props, news: Props, *, preview: bool) -> dict[str, Any]:
        """One merge-patch with the changed fields, then pause or unpause if status differs;
        what `ignoreChanges` names is kept as recorded, so it is never written."""
        news = keep_recorded(olds, news)
        if preview:  # a preview never writes: without preview outputs, the inputs stand in
            return self._preview(news, olds) if self._preview else dict(news)
        return self._operations().update(id_, self._as_written(olds, news), news)

    def delete(self, id_: str, outputs: Props) -> str | None:
        """Archive (the API has no delete); missing or already archived is success; a
        deployment this run's create recorded is kept, with a warning (`replays.py`)."""
        return self._operations().delete(id_)

    @property
    def _strict(self) -> bool:
        return self._account.settings.strict

    def _operations(self) -> DeploymentOperations:
        return DeploymentOperations(self._account.client())

    def _as_written(self, olds: Props, news: Props) -> Props:
        """`olds` with the recorded agent in the program's form while it is the same agent.

        Outputs read without prior inputs (the engine's import `Read`) hold the live
        `{id, version}`; a program naming the agent by bare id means "its latest when
        written", which that live agent is, as `outputs_of` already treats it on refresh.
        """
        recorded, wanted = olds.get("agent"), news.get("agent")
        if not self._engine_imports or not isinstance(recorded, Mapping) or wanted is None:
            return olds
        return {**olds, "agent": agent_input(recorded, wanted)}
