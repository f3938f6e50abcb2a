"""The desired state of a run: its input properties, their defaults, what replaces it."""

from __future__ import annotations

from typing import Any

from pulumi_qoder.core.fields import DEPLOYMENT_RUN
from pulumi_qoder.core.naming import RESOURCE_NAME_KEY

__all__ = ["NAME_KEY", "RUN_INPUT_DEFAULTS", "RUN_OUTPUT_FIELDS", "RUN_REPLACE_ON_CHANGE"]

RUN_INPUT_DEFAULTS: dict[str, Any] = {
    f.name: f.when_unset if f.has_when_unset else None for f in DEPLOYMENT_RUN.inputs()
}
"""The inputs and what `check` fills in for unset ones (the field table's `when_unset`;
`deployment_id` is required)."""

RUN_REPLACE_ON_CHANGE = tuple(f.name for f in DEPLOYMENT_RUN.fields if f.replace_on_change)
"""Inputs whose change means a new run (`deployment_id`, `triggers`, from the field table);
the others only matter while creating."""

RUN_OUTPUT_FIELDS = DEPLOYMENT_RUN.names(DEPLOYMENT_RUN.output_only())
"""The output-only fields, from the field table: `run_id` is the run this resource
triggered; the rest describe the last attempt."""

NAME_KEY = RESOURCE_NAME_KEY
"""Hidden input: the resource name, to label progress messages (the Deployment's too)."""
