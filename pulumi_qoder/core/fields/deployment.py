"""The Deployment resource's fields: one line each, from which its schema is generated."""

from __future__ import annotations

from ..naming import MAX_NAME
from .field import Field, Resource

__all__ = ["DEPLOYMENT"]

DEPLOYMENT = Resource(
    "Deployment",
    'A Qoder Cloud Agents deployment: an agent run on a cron schedule or on demand. Deleting it archives the deployment. Served by the native plugin `pulumi-resource-qoder`; Python programs may also use the dynamic resource `pulumi-python:dynamic/qoder:Deployment`.',
    (
        Field('name', 'string', 'Up to 256 characters; unset: the resource name plus a random suffix, kept on updates.',
          output_doc="The deployment's name.", non_empty=True, max_length=MAX_NAME),
        Field('description', 'string', 'Free text; unset means empty.',
          output_doc='Description (empty when unset).', when_unset=''),
        # AgentRef first: Go codegen (`pulumi import`'s code) writes the pinned agent as the union's first member
        Field('agent', 'AgentRef|string', 'The agent to run: `agent_...` (its latest version when written) or `{id, version}`.', required=True),
        Field('environment_id', 'string', 'Environment the runs execute in (`env_...`).', required=True,
          id_prefix='env_'),
        Field('schedule', 'Schedule', 'Cron schedule; unset means manual-only.', always_output=False),
        Field('initial_events', '[InitialEvent]', '1 to 50 events sent at the start of each run.', required=True,
          items=(1, 50)),
        Field('resources', '[DeploymentResource]', 'Repositories, files and memory stores attached to each run.',
          when_unset=[], items=(0, 500)),
        Field('vault_ids', '[string]', 'Up to 50 vault ids (`vault_...`) whose credentials runs may use.',
          when_unset=[], items=(0, 50), id_prefix='vault_'),
        Field('metadata', '{string}', 'Your own string keys (up to 16; key up to 64, value up to 512 characters).',
          when_unset={}, items=(0, 16), max_length=512),
        Field('session_strategy', 'string', "How runs get sessions (`new_session`); unset leaves the server's value.",
          output_doc='Live session strategy.', when_unset='new_session', keeps_live=True,
          api_path='metadata.cas_config.session_strategy', non_empty=True),
        Field('max_retries', 'integer', "Retries after a failed run (0 or more); unset leaves the server's value (default 0).",
          output_doc='Live retry count.', when_unset=0, keeps_live=True,
          api_path='metadata.cas_config.config.max_retries', minimum=0),
        Field('timeout_ms', 'integer', "Per-run timeout in milliseconds; unset leaves the server's value (default 300000).",
          output_doc='Live per-run timeout in milliseconds.', when_unset=300_000, keeps_live=True,
          api_path='metadata.cas_config.config.timeout_ms', minimum=1),
        Field('max_concurrent', 'integer', "Runs allowed at once (1 or more); unset leaves the server's value (default 1).",
          output_doc='Live concurrency cap.', when_unset=1, keeps_live=True,
          api_path='metadata.cas_config.config.max_concurrent', minimum=1),
        Field('paused', 'boolean', 'Whether scheduled runs are paused; unset means active.',
          output_doc='Whether the deployment is paused (`status == "paused"`).', when_unset=False,
          api_path=None),
        Field('status', 'string', '`active` or `paused`.', input=False),
        Field('paused_reason', 'PausedReason', 'Why it is paused, e.g. `{type: manual}`; unset while active.', input=False, always_output=False),
        Field('agent_version', 'integer', 'The agent version the deployment is pinned to.', input=False,
          api_path='agent.version'),
        Field('upcoming_runs_at', '[string]', 'Next fire times (RFC 3339, UTC), up to 5; empty when manual-only.', input=False,
          api_path='schedule.upcoming_runs_at', when_unset=[]),
        Field('next_trigger_at', 'string', 'Next scheduled fire time (RFC 3339).', input=False, always_output=False,
          api_path='metadata.cas_config.stats.next_trigger_at'),
        Field('last_run_at', 'string', 'Most recent trigger, manual runs included (RFC 3339); unset before the first run.', input=False, always_output=False,
          api_path='schedule.last_run_at'),
        Field('created_at', 'string', 'Creation time (RFC 3339).', input=False),
        Field('updated_at', 'string', 'Last change (RFC 3339).', input=False),
        Field('archived_at', 'string', 'Archive time (RFC 3339); unset while live.', input=False, always_output=False),
        Field('stats', 'DeploymentStats', 'Run counters.', input=False,
          api_path='metadata.cas_config.stats', when_unset={}),
    ),
    list_inputs=(
        Field('status', 'string', 'Only deployments in this status: `active` or `paused`.'),
        Field('agent_id', 'string', 'Only deployments of this agent (`agent_...`).'),
        Field('include_archived', 'boolean', 'Include archived deployments (renamed `<name>_archived_<unix time>`; they cannot be imported); default false.'),
        Field('name_prefix', 'string', "Only deployments whose name starts with this (case-sensitive; the API has no such filter, so every page is read and matched by the provider)."),
    ),
)
