"""The package's object types (`Schedule`, `DeploymentInfo`, ...), field by field."""

from __future__ import annotations

from .field import Field, ObjectType

__all__ = ["API_DEPLOYMENT_FIELDS", "TYPES"]

API_DEPLOYMENT_FIELDS: tuple[Field, ...] = (
    Field('id', 'string', 'Deployment id (`dep_...`).', required=True),
    Field('type', 'string', 'Always `deployment`.', required=True),
    Field('name', 'string', 'Name; gets an `_archived_<unix_seconds>` suffix when archived.', required=True),
    Field('description', 'string', 'Free-text description.'),
    Field('agent', '{any}', 'The agent and the version it is pinned to.', required=True),
    Field('environment_id', 'string', 'Environment the runs execute in (`env_...`).', required=True),
    Field('schedule', '{any}', 'The cron schedule, or null for a manual-only deployment.'),
    Field('initial_events', '[{any}]', 'Events sent at the start of each run (1 to 50).', required=True),
    Field('resources', '[{any}]', 'Repositories, files and memory stores attached to each run.'),
    Field('vault_ids', '[string]', 'Vaults whose credentials each run may use.'),
    Field('metadata', '{any}', 'User keys plus the server-managed `cas_config`.'),
    Field('status', 'string', '`active` or `paused`; archiving does not change it (see `archived_at`).', required=True),
    Field('paused_reason', '{any}', 'Why it is paused; null while active.'),
    Field('archived_at', 'string', 'When it was archived; null while live.'),
    Field('created_at', 'string', 'Creation time.', required=True),
    Field('updated_at', 'string', 'Last change, including pause, unpause and archive.', required=True),
)
"""A deployment as the API returns it: `DeploymentInfo` and the lookups' results."""

TYPES: tuple[ObjectType, ...] = (
    ObjectType(
        'AgentRef',
        'An agent pinned to a version.',
        (
        Field('id', 'string', 'Agent id (`agent_...`).', required=True),
        Field('version', 'integer', 'Agent version (1 or more); unset means the latest when written.'),
        ),
    ),
    ObjectType(
        'Schedule',
        'When scheduled runs fire.',
        (
        Field('expression', 'string', 'Standard 5-field cron: minute hour day-of-month month day-of-week.', required=True),
        Field('timezone', 'string', 'IANA time zone the expression is read in, e.g. `Asia/Shanghai`.', required=True),
        ),
    ),
    ObjectType(
        'InitialEvent',
        'An event sent at the start of each run.',
        (
        Field('type', 'string', '`user.message`, `user.define_outcome` or `system.message`.', required=True),
        Field('content', 'string|[{any}]', 'Message text or content blocks (`user.message`, `system.message`).'),
        Field('description', 'string', 'What the outcome is (`user.define_outcome`).'),
        Field('rubric', '{any}', 'How the outcome is judged (`user.define_outcome`).'),
        Field('max_iterations', 'integer', 'Attempts allowed, 1 to 20 (`user.define_outcome`).'),
        ),
    ),
    ObjectType(
        'DeploymentResource',
        'A repository, file or memory store attached to each run.',
        (
        Field('type', 'string', '`github_repository`, `file` or `memory_store`.', required=True),
        Field('url', 'string', 'Repository URL (`github_repository`).'),
        Field('authorization_token', 'string', 'Clone token, write-only (`github_repository`).', secret=True,
          write_only=True),
        Field('checkout', '{any}', 'Branch or commit (`github_repository`).'),
        Field('mount_path', 'string', 'Where it is mounted.'),
        Field('file_id', 'string', 'File id (`file`).'),
        Field('memory_store_id', 'string', 'Memory store id (`memory_store`).'),
        Field('access', 'string', '`read_write` or `read_only` (`memory_store`).'),
        Field('instructions', 'string', 'How the agent should use the store (`memory_store`).'),
        ),
    ),
    ObjectType(
        'PausedReason',
        'Why a deployment is paused.',
        (
        Field('type', 'string', '`manual` for a pause call.', required=True),
        Field('error', '{any}', 'The error behind an automatic pause.'),
        ),
    ),
    ObjectType(
        'DeploymentStats',
        'Server-maintained run counters.',
        (
        Field('total_runs', 'integer', 'Runs triggered so far, manual ones included.', required=True),
        Field('total_failures', 'integer', 'Runs that failed.', required=True),
        Field('consecutive_failures', 'integer', 'Failures since the last success.', required=True),
        Field('last_triggered_at', 'string', 'Time of the most recent trigger (RFC 3339).'),
        ),
    ),
    ObjectType(
        'RunError',
        'Why a run failed.',
        (
        Field('type', 'string', 'Error type, e.g. `timeout_error`.', required=True),
        Field('message', 'string', 'What went wrong.', required=True),
        ),
    ),
    ObjectType(
        'DeploymentInfo',
        'A deployment as the API returns it (`pulumi_qoder.models.Deployment`).',
        (
        *API_DEPLOYMENT_FIELDS,
        ),
    ),
    ObjectType(
        'DeploymentRunInfo',
        'A run as the API returns it (`pulumi_qoder.models.DeploymentRun`).',
        (
        Field('id', 'string', 'Run id (`drun_...`).', required=True),
        Field('type', 'string', 'Always `deployment_run`.', required=True),
        Field('deployment_id', 'string', 'The deployment it belongs to.', required=True),
        Field('agent', '{any}', 'The agent version the run used.', required=True),
        Field('status', 'string', 'Lifecycle state; `skipped` means the concurrency cap was hit.', required=True),
        Field('error', 'RunError', 'Why it failed; null otherwise.'),
        Field('trigger_context', '{any}', 'What started it.', required=True),
        Field('session_id', 'string', 'The session it runs in; absent until the session exists.'),
        Field('cas_run_extras', '{any}', 'Attempt number, turn and start time.'),
        Field('completed_at', 'string', 'When it finished; absent until terminal.'),
        Field('duration_ms', 'integer', 'Run time in milliseconds; absent until completed.'),
        Field('triggered_at', 'string', 'When it was triggered.', required=True),
        Field('created_at', 'string', 'When the record was created.', required=True),
        ),
    ),
)
