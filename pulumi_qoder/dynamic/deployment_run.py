"""The DeploymentRun resource: a manual run of a deployment, triggered by `pulumi up`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pulumi.dynamic

from pulumi_qoder.core.deployment_run.spec import NAME_KEY, RUN_INPUT_DEFAULTS, RUN_OUTPUT_FIELDS
from pulumi_qoder.core.fields import DEPLOYMENT_RUN
from pulumi_qoder.dynamic.deployment_run_provider import DeploymentRunProvider
from pulumi_qoder.dynamic.secrets import mark_secrets

__all__ = ["DeploymentRun", "DeploymentRunArgs"]


# <generated from the field tables: DeploymentRunArgs; `make schema` rewrites it>
@pulumi.input_type
class DeploymentRunArgs:
    """Which deployment to run, when to run it again, and whether `pulumi up` waits for it."""

    deployment_id: pulumi.Input[str] = pulumi.property("deployment_id")
    """The deployment to run (`dep_...`), e.g. a `Deployment`'s id; a change means a new run."""
    triggers: pulumi.Input[Mapping[str, Any]] | None = pulumi.property("triggers", default=None)
    """Any values; when one changes the resource is replaced, which triggers a new run."""
    wait_for_completion: pulumi.Input[bool] | None = pulumi.property(
        "wait_for_completion", default=None
    )
    """Wait until the run (and its retries) ends, failing the update if it fails; default false."""
    timeout_seconds: pulumi.Input[float] | None = pulumi.property("timeout_seconds", default=None)
    """How long to wait, retries included; default 600. Only used with `waitForCompletion`."""
    fail_on_skipped: pulumi.Input[bool] | None = pulumi.property("fail_on_skipped", default=None)
    """Fail when the run is skipped because `max_concurrent` runs were live; default false."""
# </generated: DeploymentRunArgs>


class DeploymentRun(pulumi.dynamic.Resource, module="qoder", name="DeploymentRun"):
    """A manual run of a deployment (`POST /deployments/{id}/run`), made when created.

    Type token `pulumi-python:dynamic/qoder:DeploymentRun`. `run_id` (also the resource id) is
    the run triggered; when it failed and the deployment retried it, the other outputs
    describe the last attempt, whose id is `final_run_id`. Changing `wait_for_completion`,
    `timeout_seconds` or `fail_on_skipped` only updates the state. Deleting it does nothing:
    runs are history. Refresh re-reads the status.

    `timeout_seconds` is checked between polls: the wait never sleeps past it, but a poll's
    HTTP call that has started runs to its end or to the client's own request timeout.

    A create that fails or times out records nothing, so the next `up` triggers a new run; if
    the earlier run is still going, the new one can be `skipped` at `max_concurrent`.

    The API does not link a retry to the run it retries: the retry followed is the earliest
    `retry` run with the next attempt number triggered within a minute of the failure, and
    only while the run had retries left. With `max_concurrent > 1`, or scheduled runs failing
    at the same time, that can be another failure's retry.
    """

    # <generated from the field tables: DeploymentRun outputs; `make schema` rewrites it>
    deployment_id: pulumi.Output[str]
    """The deployment to run (`dep_...`), e.g. a `Deployment`'s id; a change means a new run."""
    triggers: pulumi.Output[Mapping[str, Any]]
    """Any values; when one changes the resource is replaced, which triggers a new run."""
    wait_for_completion: pulumi.Output[bool]
    """Wait until the run (and its retries) ends, failing the update if it fails; default false."""
    timeout_seconds: pulumi.Output[float]
    """How long to wait, retries included; default 600. Only used with `waitForCompletion`."""
    fail_on_skipped: pulumi.Output[bool]
    """Fail when the run is skipped because `max_concurrent` runs were live; default false."""
    run_id: pulumi.Output[str]
    """The run this resource triggered (`drun_...`); also the resource id."""
    final_run_id: pulumi.Output[str]
    """The last attempt: `runId`, or the last retry when the run failed and was retried."""
    status: pulumi.Output[str]
    """`pending`, `running`, `completed`, `failed` or `skipped`, of the last attempt."""
    trigger_type: pulumi.Output[str]
    """`manual`, or `retry` when the last attempt is a retry."""
    session_id: pulumi.Output[str | None]
    """The agent session of the last attempt, once it exists."""
    error: pulumi.Output[Mapping[str, Any] | None]
    """Why the last attempt failed; unset otherwise."""
    attempt: pulumi.Output[int]
    """The last attempt's number, 1-based."""
    triggered_at: pulumi.Output[str]
    """When the last attempt was triggered (RFC 3339)."""
    completed_at: pulumi.Output[str | None]
    """When the last attempt ended (RFC 3339); unset while it is live."""
    duration_ms: pulumi.Output[int | None]
    """How long the last attempt ran, once completed."""
    # </generated: DeploymentRun outputs>

    def __init__(
        self,
        resource_name: str,
        args: DeploymentRunArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {key: getattr(args, key) for key in RUN_INPUT_DEFAULTS}
        props[NAME_KEY] = resource_name
        props.update(dict.fromkeys(RUN_OUTPUT_FIELDS))
        opts = mark_secrets(DEPLOYMENT_RUN, props, opts)  # no secret field yet: a no-op
        super().__init__(DeploymentRunProvider(), resource_name, props, opts)
