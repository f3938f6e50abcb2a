"""The package's functions (invokes), their inputs and outputs field by field."""

from __future__ import annotations

from .field import Field, Function
from .types import API_DEPLOYMENT_FIELDS

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
        *API_DEPLOYMENT_FIELDS,
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
        *API_DEPLOYMENT_FIELDS,
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
