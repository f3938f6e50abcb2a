"""The package's functions (invokes), their inputs and outputs field by field."""

from __future__ import annotations

from .field import Field, Function

__all__ = ["FUNCTIONS"]

FUNCTIONS: tuple[Function, ...] = (
    Function(
        'getDeployment',
        'A deployment by id, archived ones included (`get_deployment`, `get_deployment_output`). Served by the plugin (`Invoke`); Python programs also have it as a plain call that runs in the program.',
        inputs=(
        Field('deployment_id', 'string', 'The deployment id (`dep_...`).', required=True),
        ),
        outputs_doc='The deployment.',
        outputs=(
        Field('id', 'string', 'Deployment id (`dep_...`).', required=True),
        Field('type', 'string', 'Always `deployment`.', required=True),
        Field('name', 'string', 'Name; gets an `_archived_<unix_seconds>` suffix when archived.', required=True),
        Field('description', 'string', 'Free-text description.'),
        Field('agent', '{any}', 'The agent and the version it is pinned to.', required=True),
        Field('environment_id', 'string', 'Environment the runs execute in (`env_...`).', required=True),
        Field('schedule', '{any}', 'The cron schedule, or null for a manual-only deployment.', required=True),
        Field('initial_events', '[{any}]', 'Events sent at the start of each run (1 to 50).', required=True),
        Field('resources', '[{any}]', 'Repositories, files and memory stores attached to each run.'),
        Field('vault_ids', '[string]', 'Vaults whose credentials each run may use.'),
        Field('metadata', '{any}', 'User keys plus the server-managed `cas_config`.'),
        Field('status', 'string', '`active` or `paused`; archiving does not change it (see `archived_at`).', required=True),
        Field('paused_reason', '{any}', 'Why it is paused; null while active.', required=True),
        Field('archived_at', 'string', 'When it was archived; null while live.', required=True),
        Field('created_at', 'string', 'Creation time.', required=True),
        Field('updated_at', 'string', 'Last change, including pause, unpause and archive.', required=True),
        ),
    ),
    Function(
        'getDeploymentByName',
        'The live deployment with this name (`get_deployment_by_name`, `get_deployment_by_name_output`); fails when none matches.',
        inputs=(
        Field('name', 'string', "The deployment's name.", required=True),
        Field('include_archived', 'boolean', 'Also match archived deployments (renamed `<name>_archived_<unix time>`); a live one still wins.'),
        ),
        outputs_doc='The deployment.',
        outputs=(
        Field('id', 'string', 'Deployment id (`dep_...`).', required=True),
        Field('type', 'string', 'Always `deployment`.', required=True),
        Field('name', 'string', 'Name; gets an `_archived_<unix_seconds>` suffix when archived.', required=True),
        Field('description', 'string', 'Free-text description.'),
        Field('agent', '{any}', 'The agent and the version it is pinned to.', required=True),
        Field('environment_id', 'string', 'Environment the runs execute in (`env_...`).', required=True),
        Field('schedule', '{any}', 'The cron schedule, or null for a manual-only deployment.', required=True),
        Field('initial_events', '[{any}]', 'Events sent at the start of each run (1 to 50).', required=True),
        Field('resources', '[{any}]', 'Repositories, files and memory stores attached to each run.'),
        Field('vault_ids', '[string]', 'Vaults whose credentials each run may use.'),
        Field('metadata', '{any}', 'User keys plus the server-managed `cas_config`.'),
        Field('status', 'string', '`active` or `paused`; archiving does not change it (see `archived_at`).', required=True),
        Field('paused_reason', '{any}', 'Why it is paused; null while active.', required=True),
        Field('archived_at', 'string', 'When it was archived; null while live.', required=True),
        Field('created_at', 'string', 'Creation time.', required=True),
        Field('updated_at', 'string', 'Last change, including pause, unpause and archive.', required=True),
        ),
    ),
    Function(
        'listDeployments',
        'Every deployment matching the filters, across pages (`list_deployments`, `list_deployments_output`).',
        inputs=(
        Field('status', 'string', '`active` or `paused`.'),
        Field('agent_id', 'string', 'Only deployments of this agent (`agent_...`).'),
        Field('include_archived', 'boolean', 'Include archived deployments; default false.'),
        ),
        outputs_doc=None,
        outputs=(
        Field('deployments', '[DeploymentInfo]', 'The deployments (the Python function returns this list).', required=True),
        ),
    ),
    Function(
        'listRuns',
        'Runs matching the filters, newest first, across pages (`list_runs`, `list_runs_output`).',
        inputs=(
        Field('deployment_id', 'string', 'Only runs of this deployment.'),
        Field('status', 'string', '`pending`, `running`, `completed`, `failed` or `skipped`.'),
        Field('trigger_type', 'string', '`manual`, `schedule` or `retry`.'),
        Field('has_error', 'boolean', 'Only runs with (true) or without (false) an error.'),
        Field('limit', 'integer', 'At most this many runs, the newest.'),
        ),
        outputs_doc=None,
        outputs=(
        Field('runs', '[DeploymentRunInfo]', 'The runs (the Python function returns this list).', required=True),
        ),
    ),
)
