"""DeploymentRunProvider: the SDK's dynamic provider protocol over the core's run operations."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import (
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)

from pulumi_qoder.core.deployment_run.handler import TOKEN
from pulumi_qoder.core.deployment_run.operations import ClientRuns
from pulumi_qoder.core.deployment_run.spec import (
    NAME_KEY,
    RUN_INPUT_DEFAULTS,
    RUN_OUTPUT_FIELDS,
    RUN_REPLACE_ON_CHANGE,
)
from pulumi_qoder.dynamic.host import QoderProvider, check_failures
from pulumi_qoder.dynamic.values import from_engine, to_engine

__all__ = [
    "NAME_KEY",
    "RUN_INPUT_DEFAULTS",
    "RUN_OUTPUT_FIELDS",
    "RUN_REPLACE_ON_CHANGE",
    "ClientRuns",
    "DeploymentRunProvider",
]


class DeploymentRunProvider(QoderProvider):
    """Triggers manual runs for `DeploymentRun` resources; delete keeps them (runs are history).

    What each call does is the core's `RunHandler` (`core/deployment_run/handler.py`).
    """

    token = TOKEN

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Fill in defaults and validate types and settings; no API call."""
        checked = self._handler().check(from_engine(olds), from_engine(news), None)
        found = [*self._settings_failures(), *checked.failures]
        return CheckResult(to_engine(checked.inputs), check_failures(found))

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """A changed `deployment_id` or `triggers` replaces (a new run); others update in place."""
        result = self._handler().diff(from_engine(olds), from_engine(news))
        return DiffResult(changes=bool(result.changed), replaces=list(result.replaces), stables=[])

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Trigger a run; with `wait_for_completion`, wait for its final attempt."""
        return CreateResult(*self._handler().create(from_engine(props), None, preview=False))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh the status (following retries, never waiting); a run that is gone is gone."""
        found = self._handler().read(id_, from_engine(props), {})
        if found is None:
            return ReadResult("", {}, {})
        return ReadResult(found.id, found.outputs, found.inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only create-time settings changed: record them, no API call."""
        return UpdateResult(
            self._handler().update(id_, from_engine(olds), from_engine(news), preview=False)
        )

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Nothing to do: a run is history, and the API cannot delete it."""


# Users' state holds this class by this import path (pickled `__provider`), so it is pinned
# to the module that has always defined it; `pulumi_qoder/run_provider.py` re-exports it.
DeploymentRunProvider.__module__ = "pulumi_qoder.run_provider"
