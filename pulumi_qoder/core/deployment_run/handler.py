"""`qoder:index:DeploymentRun`: the run handler both front ends dispatch to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi_qoder.core.account import Account
from pulumi_qoder.core.deployment_run.check import check_run_inputs
from pulumi_qoder.core.deployment_run.operations import RunOperations
from pulumi_qoder.core.deployment_run.plan import diff_run
from pulumi_qoder.core.deployment_run.spec import NAME_KEY, RUN_OUTPUT_FIELDS
from pulumi_qoder.core.handler import Checked, Diffed, Found, Naming, Props
from pulumi_qoder.core.values import UNKNOWN

__all__ = ["TOKEN", "RunHandler"]

TOKEN = "qoder:index:DeploymentRun"


class RunHandler:
    """Triggers manual runs, waiting when asked; delete keeps them (runs are history).

    `on_progress` receives the wait's progress lines (the engine's log in both front ends).
    """

    token = TOKEN

    def __init__(self, account: Account, *, on_progress: Callable[[str], None]) -> None:
        self._account = account
        self._on_progress = on_progress

    def check(self, olds: Props, news: Props, naming: Naming | None) -> Checked:
        """Fill in defaults and validate types; no API call. A run needs no name."""
        inputs, failures = check_run_inputs(news)
        return Checked(inputs, failures)

    def diff(self, olds: Props, news: Props) -> Diffed:
        """A changed `deployment_id` or `triggers` replaces (a new run); others update."""
        changed, replaces = diff_run(olds, news)
        return Diffed(tuple(changed), tuple(replaces))

    def create(
        self, inputs: Props, naming: Naming | None, *, preview: bool
    ) -> tuple[str, dict[str, Any]]:
        """Trigger a run; with `wait_for_completion`, wait for its final attempt.

        The progress lines name the resource: the `Naming`'s, else the hidden `__name`.
        """
        if preview:
            return "", {**inputs, **dict.fromkeys(RUN_OUTPUT_FIELDS, UNKNOWN)}
        if naming is not None:
            inputs = {**inputs, NAME_KEY: naming.resource_name or "DeploymentRun"}
        return self._operations().create(inputs)

    def read(self, id_: str, outputs: Props, inputs: Props) -> Found | None:
        """Refresh the status (following retries, never waiting); None when gone."""
        found, outs, new_inputs = self._operations().read(id_, {**inputs, **outputs})
        return None if found is None else Found(found, outs, new_inputs)

    def update(self, id_: str, olds: Props, news: Props, *, preview: bool) -> dict[str, Any]:
        """Only create-time settings changed: record them, no API call."""
        return RunOperations.update(olds, news)

    def delete(self, id_: str, outputs: Props) -> str | None:
        """Nothing to do: a run is history, and the API cannot delete it."""
        return None

    def _operations(self) -> RunOperations:
        return RunOperations(self._account.client(), on_progress=self._on_progress)
