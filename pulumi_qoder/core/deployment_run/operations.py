"""DeploymentRun operations over the client: trigger a run, wait for it, read its outcome."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pulumi_qoder.core.deployment_run.outputs import run_inputs, run_outputs
from pulumi_qoder.core.deployment_run.spec import NAME_KEY, RUN_OUTPUT_FIELDS
from pulumi_qoder.core.deployment_run.wait import (
    RunTimeoutError,
    attempt_of,
    follow_retries,
    label,
    wait_for_run,
)
from pulumi_qoder.core.errors import ProviderError, call, find
from pulumi_qoder.errors import ConflictError

if TYPE_CHECKING:  # the client and its models load at the first API call
    from pulumi_qoder.client import QoderClient
    from pulumi_qoder.models import Deployment, DeploymentRun

__all__ = ["ClientRuns", "RunOperations"]

_SLACK = timedelta(seconds=1)


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


class RunOperations:
    """What a `DeploymentRun` resource does against the API, with one client."""

    def __init__(
        self, client: QoderClient, on_progress: Callable[[str], None] = lambda _: None
    ) -> None:
        self._client = client
        self._on_progress = on_progress

    def create(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """Trigger a run; with `wait_for_completion`, wait for its final attempt."""
        deployment_id = props["deployment_id"]
        run = self._trigger(deployment_id)
        final = run
        if props["wait_for_completion"]:
            name = props.get(NAME_KEY) or "DeploymentRun"
            try:
                final = wait_for_run(
                    run,
                    ClientRuns(self._client, deployment_id),
                    timeout=float(props["timeout_seconds"]),
                    sleep=time.sleep,
                    clock=time.monotonic,
                    on_progress=lambda message: self._on_progress(f"{name}: {message}"),
                )
            except RunTimeoutError as err:
                raise ProviderError(f"{err} (deployment {deployment_id})") from None
        _raise_for_outcome(final, run.id, props["fail_on_skipped"])
        return run.id, {**run_inputs(props), **run_outputs(run.id, final)}

    def read(
        self, id_: str, props: Mapping[str, Any]
    ) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
        """Refresh the status (following retries, never waiting); `(None, {}, {})` when gone."""
        deployment_id = props.get("deployment_id")
        if not isinstance(deployment_id, str):
            raise ProviderError(f"reading run {id_!r}: its deployment_id is not in the state")
        source = ClientRuns(self._client, deployment_id)
        run = find(f"reading run {id_!r}", lambda: source.get(id_))
        if run is None:
            return None, {}, {}
        final = follow_retries(run, source)
        inputs = {**run_inputs(props), "deployment_id": run.deployment_id}
        return id_, {**inputs, **run_outputs(id_, final)}, inputs

    @staticmethod
    def update(olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        """Only create-time settings changed: record them, no API call."""
        outputs = {key: olds.get(key) for key in RUN_OUTPUT_FIELDS}
        return {**run_inputs(news), **outputs}

    def _trigger(self, deployment_id: str) -> DeploymentRun:
        client = self._client
        doing = f"triggering a run of deployment {deployment_id!r}"
        try:
            return call(doing, lambda: client.deployments.run(deployment_id))
        except ProviderError as err:
            if not isinstance(err.api_error, ConflictError):
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
                why = str(err.api_error)
            raise ProviderError(f"{doing}: {why}", api_error=err.api_error) from None


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
