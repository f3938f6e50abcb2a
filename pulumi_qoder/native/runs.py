"""`qoder:index:DeploymentRun` for the native plugin: the core's run operations."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.account import Account
from pulumi_qoder.core.deployment_run.check import (
    NAME_KEY,
    RUN_OUTPUT_FIELDS,
    check_run_inputs,
    diff_run,
)
from pulumi_qoder.core.deployment_run.operations import RunOperations
from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.values import UNKNOWN
from pulumi_qoder.engine_log import EngineLog, engine_address
from pulumi_qoder.native.names import visible

__all__ = ["TOKEN", "RunHandler"]

TOKEN = "qoder:index:DeploymentRun"


class RunHandler:
    """Triggers manual runs, waiting when asked; delete keeps them (runs are history)."""

    token = TOKEN

    def __init__(self, account: Account, log: EngineLog | None = None) -> None:
        self._account = account
        # The engine passes its address last (after any --logtostderr / -v / --tracing flags).
        self._log = log or EngineLog(engine_address(sys.argv[:1] + sys.argv[-1:]))

    def check(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], **_naming: Any
    ) -> tuple[dict[str, Any], list[Failure]]:
        inputs, failures = check_run_inputs(visible(news))
        return inputs, failures

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """A changed `deployment_id` or `triggers` replaces (a new run); others update."""
        return diff_run(olds, news)

    def create(
        self, inputs: Mapping[str, Any], *, preview: bool, resource_name: str = "", urn: str = ""
    ) -> tuple[str, dict[str, Any]]:
        if preview:
            return "", {**inputs, **dict.fromkeys(RUN_OUTPUT_FIELDS, UNKNOWN)}
        props = {**visible(inputs), NAME_KEY: resource_name or "DeploymentRun"}
        id_, outs = self._operations().create(props)
        return id_, visible(outs)

    def read(
        self, id_: str, outputs: Mapping[str, Any], inputs: Mapping[str, Any]
    ) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
        found, outs, new_inputs = self._operations().read(id_, {**inputs, **outputs})
        if found is None:
            return None, {}, {}
        return found, visible(outs), visible(new_inputs)

    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, preview: bool
    ) -> dict[str, Any]:
        return visible(RunOperations.update(olds, visible(news)))

    def delete(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Nothing to do: a run is history, and the API cannot delete it."""

    def _operations(self) -> RunOperations:
        return RunOperations(self._account.client(), on_progress=self._log.info)

