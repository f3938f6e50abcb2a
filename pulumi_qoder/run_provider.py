"""DeploymentRunProvider: create triggers a manual run and can wait for its final outcome."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)
from pulumi.output import Unknown

from pulumi_qoder.client import QoderClient
from pulumi_qoder.connection import ProviderError, QoderProvider, call, find
from pulumi_qoder.engine_log import EngineLog
from pulumi_qoder.errors import ConflictError
from pulumi_qoder.models import Deployment, DeploymentRun
from pulumi_qoder.run_wait import (
    RunTimeoutError,
    attempt_of,
    follow_retries,
    label,
    wait_for_run,
)

__all__ = [
    "NAME_KEY",
    "RUN_INPUT_DEFAULTS",
    "RUN_OUTPUT_FIELDS",
    "RUN_REPLACE_ON_CHANGE",
    "ClientRuns",
    "DeploymentRunProvider",
]

RUN_INPUT_DEFAULTS: dict[str, Any] = {
    "deployment_id": None,
    "triggers": {},
    "wait_for_completion": False,
    "timeout_seconds": 600,
    "fail_on_skipped": False,
}
"""The inputs and what `check` fills in for unset ones (`deployment_id` is required)."""

RUN_REPLACE_ON_CHANGE = ("deployment_id", "triggers")
"""Inputs whose change means a new run; the others only matter while creating."""

RUN_OUTPUT_FIELDS = (
    "run_id",
    "final_run_id",
    "status",
    "trigger_type",
    "session_id",
    "error",
    "attempt",
    "triggered_at",
    "completed_at",
    "duration_ms",
)
"""`run_id` is the run this resource triggered; the rest describe the last attempt."""

NAME_KEY = "__name"
"""Hidden input: the resource name, to label progress messages."""


class ClientRuns:
    """A `RunSource` over the client: one deployment's runs, by its documented endpoints."""

    def __init__(self, client: QoderClient, deployment_id: str) -> None:
        self._client = client
        self._deployment_id = deployment_id
        self._max_retries: int | None = None

    def retrieve(self, run: DeploymentRun) -> DeploymentRun:
        return call(f"reading run {run.id!r}", lambda: self.get(run.id))

    def get(self, run_id: str) -> DeploymentRun:
        """`GET /deployments/{id}/runs/{run_id}` (CONTRACT §4.9); errors unwrapped."""
        return self._client.deployments.runs.retrieve(run_id, deployment_id=self._deployment_id)

    def max_retries(self) -> int:
        if self._max_retries is None:
            config = self._deployment().metadata.cas_config
            settings = config.config if config is not None else None
            self._max_retries = settings.max_retries if settings is not None else 0
        return self._max_retries

    def retry_of(self, failed: DeploymentRun, until: datetime) -> DeploymentRun | None:
        """The earliest `retry` run with the next attempt, triggered from `failed` to `until`.

        Lists the deployment's runs in that window (CONTRACT §4.11) with a second of slack on
        each side, since whether the bounds are inclusive is not stated, and filters here; the
        documented order is not relied on either.
        """
        since, attempt = failed.triggered_at, attempt_of(failed) + 1
        runs = self._client.deployments.runs.iter(
            self._deployment_id,
            triggered_after=since - _SLACK,
            triggered_before=until + _SLACK,
        )
        retries = [
            run
            for run in call(f"listing retries of run {failed.id!r}", lambda: list(runs))
            if run.trigger_context.type == "retry"
            and attempt_of(run) == attempt
            and since <= run.triggered_at <= until
        ]
        return min(retries, key=lambda run: run.triggered_at, default=None)

    def retrying(self) -> bool:
        live = self._deployment()
        return live.status == "active" and not live.archived

    def _deployment(self) -> Deployment:
        id_ = self._deployment_id
        return call(f"reading deployment {id_!r}", lambda: self._client.deployments.retrieve(id_))


_SLACK = timedelta(seconds=1)


class DeploymentRunProvider(QoderProvider):
    """Triggers manual runs for `DeploymentRun` resources; delete keeps them (runs are history)."""

    def __init__(self) -> None:
        super().__init__()
        self._log = EngineLog.from_argv()

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Fill in defaults and validate types; no API call."""
        inputs = {**news}
        for key, default in RUN_INPUT_DEFAULTS.items():
            if inputs.get(key) is None:
                inputs[key] = default
        return CheckResult(inputs, [CheckFailure(k, r) for k, r in _failures(inputs)])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """A changed `deployment_id` or `triggers` replaces (a new run); others update in place."""
        # A preview unknown, even deep in `triggers`, never equals the recorded value.
        changed = [
            key
            for key, default in RUN_INPUT_DEFAULTS.items()
            if olds.get(key, default) != news.get(key, default)
        ]
        replaces = [key for key in changed if key in RUN_REPLACE_ON_CHANGE]
        return DiffResult(changes=bool(changed), replaces=replaces, stables=[])

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Trigger a run; with `wait_for_completion`, wait for its final attempt."""
        deployment_id = props["deployment_id"]
        client = self._qoder()
        run = self._trigger(client, deployment_id)
        final = run
        if props["wait_for_completion"]:
            name = props.get(NAME_KEY) or "DeploymentRun"
            try:
                final = wait_for_run(
                    run,
                    ClientRuns(client, deployment_id),
                    timeout=float(props["timeout_seconds"]),
                    sleep=time.sleep,
                    clock=time.monotonic,
                    on_progress=lambda message: self._log.info(f"{name}: {message}"),
                )
            except RunTimeoutError as err:
                raise ProviderError(f"{err} (deployment {deployment_id})") from None
        _raise_for_outcome(final, run.id, props["fail_on_skipped"])
        return CreateResult(run.id, {**_inputs(props), **_outputs(run.id, final)})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh the status (following retries, never waiting); a run that is gone is gone."""
        deployment_id = props.get("deployment_id")
        if not isinstance(deployment_id, str):
            raise ProviderError(f"reading run {id_!r}: its deployment_id is not in the state")
        source = ClientRuns(self._qoder(), deployment_id)
        run = find(f"reading run {id_!r}", lambda: source.get(id_))
        if run is None:
            return ReadResult("", {})
        final = follow_retries(run, source)
        inputs = {**_inputs(props), "deployment_id": run.deployment_id}
        return ReadResult(id_, {**inputs, **_outputs(id_, final)}, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only create-time settings changed: record them, no API call."""
        outputs = {key: olds.get(key) for key in RUN_OUTPUT_FIELDS}
        return UpdateResult({**_inputs(news), **outputs})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Nothing to do: a run is history, and the API cannot delete it."""

    def _trigger(self, client: QoderClient, deployment_id: str) -> DeploymentRun:
        doing = f"triggering a run of deployment {deployment_id!r}"
        try:
            return call(doing, lambda: client.deployments.run(deployment_id))
        except ProviderError as err:
            if not isinstance(err.__cause__, ConflictError):
                raise
            # CONTRACT §4.8: 409 when paused or archived; say which, and what to do.
            live = call(
                f"{err}; reading the deployment",
                lambda: client.deployments.retrieve(deployment_id),
            )
            if live.archived:
                why = "the deployment is archived; point deployment_id at a live one"
            elif live.status == "paused":
                why = "the deployment is paused; unpause it first"
            else:
                why = str(err.__cause__)
            raise ProviderError(f"{doing}: {why}") from None


def _raise_for_outcome(final: DeploymentRun, run_id: str, fail_on_skipped: bool) -> None:
    where = f"{label(final, run_id)} of deployment {final.deployment_id}"
    if final.status == "failed":
        error = final.error
        detail = f"{error.type}: {error.message}" if error is not None else "no error given"
        raise ProviderError(f"{where} failed: {detail}")
    if final.status == "skipped" and fail_on_skipped:
        raise ProviderError(
            f"{where} was skipped: the deployment already had max_concurrent runs in progress"
        )


def _inputs(props: Mapping[str, Any]) -> dict[str, Any]:
    inputs = {key: props.get(key, default) for key, default in RUN_INPUT_DEFAULTS.items()}
    if NAME_KEY in props:
        inputs[NAME_KEY] = props[NAME_KEY]
    return inputs


def _outputs(run_id: str, final: DeploymentRun) -> dict[str, Any]:
    wire = final.to_wire()
    return {
        "run_id": run_id,
        "final_run_id": final.id,
        "status": final.status,
        "trigger_type": final.trigger_context.type,
        "session_id": wire.get("session_id"),
        "error": wire.get("error"),
        "attempt": attempt_of(final),
        "triggered_at": wire.get("triggered_at"),
        "completed_at": wire.get("completed_at"),
        "duration_ms": final.duration_ms,
    }


def _failures(inputs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Each bad input and why; a preview unknown is checked once it is known."""
    known = {key: value for key, value in inputs.items() if not isinstance(value, Unknown)}
    failures = []
    dep = known.get("deployment_id", "dep_")
    if not (isinstance(dep, str) and dep.startswith("dep_")):
        failures.append(("deployment_id", "must be a deployment id (`dep_...`)"))
    if not isinstance(known.get("triggers", {}), Mapping):
        failures.append(("triggers", "must be a map; any change to it triggers a new run"))
    for key in ("wait_for_completion", "fail_on_skipped"):
        if not isinstance(known.get(key, False), bool):
            failures.append((key, "must be true or false"))
    timeout = known.get("timeout_seconds", 1)
    if isinstance(timeout, bool) or not (isinstance(timeout, (int, float)) and timeout > 0):
        failures.append(("timeout_seconds", "must be a number of seconds above 0"))
    return failures
