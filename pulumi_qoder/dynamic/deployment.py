"""DeploymentProvider: the SDK's dynamic provider protocol over the core's deployment operations."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from pulumi_qoder.core.deployment.check import checked_inputs
from pulumi_qoder.core.deployment.operations import DeploymentOperations
from pulumi_qoder.core.deployment.plan import diff
from pulumi_qoder.core.deployment.spec import ADOPT_KEY
from pulumi_qoder.core.errors import ProviderError
from pulumi_qoder.core.settings import CONFIG_KEYS
from pulumi_qoder.dynamic.host import QoderProvider, check_failures
from pulumi_qoder.dynamic.values import from_engine, to_engine

__all__ = ["CONFIG_KEYS", "DeploymentProvider", "ProviderError"]


class DeploymentProvider(QoderProvider):
    """Creates, updates, pauses and archives Qoder deployments for `Deployment` resources.

    Settings, the lazy pooled client and pickling by reference come from `QoderProvider`;
    what each call does is `DeploymentOperations`.
    """

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs and settings without any API call; name the deployment if unnamed.

        Unset compared inputs get their defaults (and, under `qoder:strictDrift`, unset
        execution settings too), so the engine's diff reads `paused: true => false`.
        """
        inputs, failures = checked_inputs(
            from_engine(olds), from_engine(news), strict_drift=self._settings.strict
        )
        failures = [*self._settings_failures(), *failures]
        return CheckResult(to_engine(inputs), check_failures(failures))

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare desired inputs with the recorded outputs; no API call."""
        result = diff(from_engine(olds), from_engine(news), strict=self._settings.strict)
        return DiffResult(
            changes=not result.in_sync,
            replaces=list(result.replaces),
            stables=[],
        )  # a deployment never replaces (spec.REPLACE_ON_CHANGE is empty)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create (then pause if asked), or adopt the deployment `import_` named."""
        operations = self._operations()
        if props.get(ADOPT_KEY):
            id_, outs = operations.adopt(str(props[ADOPT_KEY]), from_engine(props))
        else:
            id_, outs = operations.create(props)
        return CreateResult(id_, outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh: 404 or archived means gone; inputs are rebuilt from live."""
        found, outs, inputs = self._operations().read(id_, props)
        return ReadResult(found or "", outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """One merge-patch with the changed fields, then pause or unpause if status differs."""
        return UpdateResult(self._operations().update(id_, olds, news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Archive (the API has no delete); missing or already archived is success."""
        self._operations().delete(id_)

    def _operations(self) -> DeploymentOperations:
        return DeploymentOperations(self._qoder())


# Users' state holds this class by this import path (pickled `__provider`), so it is pinned
# to the module that has always defined it; `pulumi_qoder/provider.py` re-exports it.
DeploymentProvider.__module__ = "pulumi_qoder.provider"
