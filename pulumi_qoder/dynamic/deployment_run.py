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

from pulumi_qoder.core.deployment_run.check import (
    NAME_KEY,
    RUN_INPUT_DEFAULTS,
    RUN_OUTPUT_FIELDS,
    RUN_REPLACE_ON_CHANGE,
    check_run_inputs,
    diff_run,
)
from pulumi_qoder.core.deployment_run.operations import ClientRuns, RunOperations
from pulumi_qoder.dynamic.host import QoderProvider, check_failures
from pulumi_qoder.dynamic.values import from_engine, to_engine
from pulumi_qoder.engine_log import EngineLog

__all__ = [
    "NAME_KEY",
    "RUN_INPUT_DEFAULTS",
    "RUN_OUTPUT_FIELDS",
    "RUN_REPLACE_ON_CHANGE",
    "ClientRuns",
    "DeploymentRunProvider",
]


class DeploymentRunProvider(QoderProvider):
    """Triggers manual runs for `DeploymentRun` resources; delete keeps them (runs are history)."""

    def __init__(self) -> None:
        super().__init__()
        self._log = EngineLog.from_argv()

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Fill in defaults and validate types and settings; no API call."""
        inputs, failures = check_run_inputs(from_engine(news))
        found = [*self._settings_failures(), *failures]
        return CheckResult(to_engine(inputs), check_failures(found))

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """A changed `deployment_id` or `triggers` replaces (a new run); others update in place."""
        changed, replaces = diff_run(from_engine(olds), from_engine(news))
        return DiffResult(changes=bool(changed), replaces=replaces, stables=[])

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Trigger a run; with `wait_for_completion`, wait for its final attempt."""
        return CreateResult(*self._operations().create(props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh the status (following retries, never waiting); a run that is gone is gone."""
        found, outs, inputs = self._operations().read(id_, props)
        return ReadResult(found or "", outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only create-time settings changed: record them, no API call."""
        return UpdateResult(RunOperations.update(olds, news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Nothing to do: a run is history, and the API cannot delete it."""

    def _operations(self) -> RunOperations:
        return RunOperations(self._qoder(), on_progress=self._log.info)


# Users' state holds this class by this import path (pickled `__provider`), so it is pinned
# to the module that has always defined it; `pulumi_qoder/run_provider.py` re-exports it.
DeploymentRunProvider.__module__ = "pulumi_qoder.run_provider"
