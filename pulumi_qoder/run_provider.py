"""The dynamic DeploymentRun provider's stable import path, pickled into users' state.

Every stack made with a `DeploymentRun` records `pulumi_qoder.run_provider.DeploymentRunProvider`
as its `__provider`; this module keeps that path loading whatever moves behind it.
"""

from pulumi_qoder.core.deployment_run.check import (
    NAME_KEY,
    RUN_INPUT_DEFAULTS,
    RUN_OUTPUT_FIELDS,
    RUN_REPLACE_ON_CHANGE,
)
from pulumi_qoder.core.deployment_run.operations import ClientRuns
from pulumi_qoder.dynamic.deployment_run import DeploymentRunProvider

__all__ = [
    "NAME_KEY",
    "RUN_INPUT_DEFAULTS",
    "RUN_OUTPUT_FIELDS",
    "RUN_REPLACE_ON_CHANGE",
    "ClientRuns",
    "DeploymentRunProvider",
]
