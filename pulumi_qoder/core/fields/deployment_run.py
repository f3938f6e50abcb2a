"""The DeploymentRun resource's fields: one line each, from which its schema is generated."""

from __future__ import annotations

from .field import Field, Resource

__all__ = ["DEPLOYMENT_RUN"]

DEPLOYMENT_RUN = Resource(
    "DeploymentRun",
    'A manual run of a deployment (`POST /deployments/{id}/run`), triggered when the resource is created; it can wait for the outcome and follow retries. Deleting it does nothing (runs are history); refresh re-reads the status. Served by the native plugin `pulumi-resource-qoder`; Python programs may also use the dynamic resource `pulumi-python:dynamic/qoder:DeploymentRun`.',
    (
        Field('deployment_id', 'string', "The deployment to run (`dep_...`), e.g. a `Deployment`'s id; a change means a new run.", required=True,
          replace_on_change=True),
        Field('triggers', '{any}', 'Any values; when one changes the resource is replaced, which triggers a new run.',
          replace_on_change=True, when_unset={}),
        Field('wait_for_completion', 'boolean', 'Wait until the run (and its retries) ends, failing the update if it fails; default false.',
          when_unset=False),
        Field('timeout_seconds', 'number', 'How long to wait, retries included; default 600. Only used with `waitForCompletion`.',
          when_unset=600),
        Field('fail_on_skipped', 'boolean', 'Fail when the run is skipped because `max_concurrent` runs were live; default false.',
          when_unset=False),
        Field('run_id', 'string', 'The run this resource triggered (`drun_...`); also the resource id.', input=False),
        Field('final_run_id', 'string', 'The last attempt: `runId`, or the last retry when the run failed and was retried.', input=False),
        Field('status', 'string', '`pending`, `running`, `completed`, `failed` or `skipped`, of the last attempt.', input=False),
        Field('trigger_type', 'string', '`manual`, or `retry` when the last attempt is a retry.', input=False),
        Field('session_id', 'string', 'The agent session of the last attempt, once it exists.', input=False, always_output=False),
        Field('error', 'RunError', 'Why the last attempt failed; unset otherwise.', input=False, always_output=False),
        Field('attempt', 'integer', "The last attempt's number, 1-based.", input=False),
        Field('triggered_at', 'string', 'When the last attempt was triggered (RFC 3339).', input=False),
        Field('completed_at', 'string', 'When the last attempt ended (RFC 3339); unset while it is live.', input=False, always_output=False),
        Field('duration_ms', 'integer', 'How long the last attempt ran, once completed.', input=False, always_output=False),
    ),
)
