"""The Deployment resource's fields: one line each, from which its schema is generated."""

from __future__ import annotations

from .field import Field, Resource

__all__ = ["DEPLOYMENT"]

DEPLOYMENT = Resource(
    "Deployment",
    'A Qoder Cloud Agents deployment: an agent run on a cron schedule or on demand. Deleting it archives the deployment. Served by the native plugin `pulumi-resource-qoder`; Python programs may also use the dynamic resource `pulumi-python:dynamic/qoder:Deployment`.',
    (
        Field('name', 'string', 'Up to 256 characters; unset: the resource name plus a random suffix, kept on updates.',
          output_doc="The deployment's name."),
        Field('description', 'string', 'Free text; unset means empty.',
          output_doc='Description (empty when unset).'),
        Field('agent', 'string|AgentRef', 'The agent to run: `agent_...` (its latest version when written) or `{id, version}`.', required=True),
        Field('environment_id', 'string', 'Environment the runs execute in (`env_...`).', required=True),
        Field('schedule', 'Schedule', 'Cron schedule; unset means manual-only.', always_output=False),
        Field('initial_events', '[InitialEvent]', '1 to 50 events sent at the start of each run.', required=True),
        Field('resources', '[DeploymentResource]', 'Repositories, files and memory stores attached to each run.'),
        Field('vault_ids', '[string]', 'Up to 50 vault ids (`vault_...`) whose credentials runs may use.'),
        Field('metadata', '{string}', 'Your own string keys (up to 16; key up to 64, value up to 512 characters).'),
        Field('session_strategy', 'string', "How runs get sessions (`new_session`); unset leaves the server's value.",
          output_doc='Live session strategy.'),
        Field('max_retries', 'integer', "Retries after a failed run (0 or more); unset leaves the server's value (default 0).",
          output_doc='Live retry count.'),
        Field('timeout_ms', 'integer', "Per-run timeout in milliseconds; unset leaves the server's value (default 300000).",
          output_doc='Live per-run timeout in milliseconds.'),
        Field('max_concurrent', 'integer', "Runs allowed at once (1 or more); unset leaves the server's value (default 1).",
          output_doc='Live concurrency cap.'),
        Field('paused', 'boolean', 'Whether scheduled runs are paused; unset means active.',
          output_doc='Whether the deployment is paused (`status == "paused"`).'),
        Field('status', 'string', '`active` or `paused`.', input=False),
        Field('paused_reason', 'PausedReason', 'Why it is paused, e.g. `{type: manual}`; unset while active.', input=False, always_output=False),
        Field('agent_version', 'integer', 'The agent version the deployment is pinned to.', input=False),
        Field('upcoming_runs_at', '[string]', 'Next fire times (RFC 3339, UTC), up to 5; empty when manual-only.', input=False),
        Field('next_trigger_at', 'string', 'Next scheduled fire time (RFC 3339).', input=False, always_output=False),
        Field('last_run_at', 'string', 'Most recent trigger, manual runs included (RFC 3339); unset before the first run.', input=False, always_output=False),
        Field('created_at', 'string', 'Creation time (RFC 3339).', input=False),
        Field('updated_at', 'string', 'Last change (RFC 3339).', input=False),
        Field('archived_at', 'string', 'Archive time (RFC 3339); unset while live.', input=False, always_output=False),
        Field('stats', 'DeploymentStats', 'Run counters.', input=False),
    ),
)
