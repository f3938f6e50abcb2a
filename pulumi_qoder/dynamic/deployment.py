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

from pulumi_qoder.core.deployment.handler import TOKEN
from pulumi_qoder.core.errors import ProviderError
from pulumi_qoder.core.settings import CONFIG_KEYS
from pulumi_qoder.dynamic.host import QoderProvider, check_failures
from pulumi_qoder.dynamic.values import from_engine, to_engine

__all__ = ["CONFIG_KEYS", "DeploymentProvider", "ProviderError"]


class DeploymentProvider(QoderProvider):
    """Creates, updates, pauses and archives Qoder deployments for `Deployment` resources.

    Settings, the lazy pooled client and pickling by reference come from `QoderProvider`;
    what each call does is the core's `DeploymentHandler` (`core/deployment/handler.py`).
    """

    token = TOKEN

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs and settings without any API call; name the deployment if unnamed.

        Unset compared inputs get their defaults (and, under `qoder:strictDrift`, unset
        execution settings too), so the engine's diff reads `paused: true => false`.
        """
        checked = self._handler().check(from_engine(olds), from_engine(news), None)
        failures = [*self._settings_failures(), *checked.failures]
        return CheckResult(to_engine(checked.inputs), check_failures(failures))

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare desired inputs with the recorded outputs; no API call."""
        result = self._handler().diff(from_engine(olds), from_engine(news))
        return DiffResult(changes=bool(result.changed), replaces=list(result.replaces), stables=[])

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create (then pause if asked), or adopt the deployment `import_` named."""
        return CreateResult(*self._handler().create(from_engine(props), None, preview=False))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh: 404 or archived means gone; inputs are rebuilt from live."""
        found = self._handler().read(id_, from_engine(props), {})
        if found is None:
            return ReadResult("", {}, {})
        return ReadResult(found.id, found.outputs, found.inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """One merge-patch with the changed fields, then pause or unpause if status differs."""
        return UpdateResult(
            self._handler().update(id_, from_engine(olds), from_engine(news), preview=False)
        )

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Archive (the API has no delete); missing or already archived is success."""
        self._handler().delete(id_, props)


# Users' state holds this class by this import path (pickled `__provider`), so it is pinned
# to the module that has always defined it; `pulumi_qoder/provider.py` re-exports it.
DeploymentProvider.__module__ = "pulumi_qoder.provider"
