"""DeploymentRun inputs: defaults, validation and diff, with no API call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.fields import DEPLOYMENT_RUN
from pulumi_qoder.core.naming import RESOURCE_NAME_KEY
from pulumi_qoder.core.values import UNKNOWN

__all__ = [
    "NAME_KEY",
    "RUN_INPUT_DEFAULTS",
    "RUN_OUTPUT_FIELDS",
    "RUN_REPLACE_ON_CHANGE",
    "check_run_inputs",
    "diff_run",
]

RUN_INPUT_DEFAULTS: dict[str, Any] = {
    f.name: f.when_unset if f.has_when_unset else None for f in DEPLOYMENT_RUN.inputs()
}
"""The inputs and what `check` fills in for unset ones (the field table's `when_unset`;
`deployment_id` is required)."""

_BOOLEANS = tuple(f.name for f in DEPLOYMENT_RUN.inputs() if f.type == "boolean")

RUN_REPLACE_ON_CHANGE = tuple(f.name for f in DEPLOYMENT_RUN.fields if f.replace_on_change)
"""Inputs whose change means a new run (`deployment_id`, `triggers`, from the field table);
the others only matter while creating."""

RUN_OUTPUT_FIELDS = tuple(f.name for f in DEPLOYMENT_RUN.fields if not f.input)
"""The output-only fields, from the field table: `run_id` is the run this resource
triggered; the rest describe the last attempt."""

MAX_TIMEOUT_SECONDS = 2**53 - 1
"""The largest whole number a Pulumi number holds exactly; NaN and infinity fail too."""

TIMEOUT_RULE = f"must be a number of seconds above 0 (at most {MAX_TIMEOUT_SECONDS})"

NAME_KEY = RESOURCE_NAME_KEY
"""Hidden input: the resource name, to label progress messages (the Deployment's too)."""


def check_run_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """The inputs with defaults filled in, and each bad input with why."""
    inputs = {**news}
    for key, default in RUN_INPUT_DEFAULTS.items():
        if inputs.get(key) is None:
            inputs[key] = default
    return inputs, _failures(inputs)


def diff_run(olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The changed inputs, and those of them that replace (a new run)."""
    # A preview unknown, even deep in `triggers`, never equals the recorded value.
    changed = [
        key
        for key, default in RUN_INPUT_DEFAULTS.items()
        if olds.get(key, default) != news.get(key, default)
    ]
    return changed, [key for key in changed if key in RUN_REPLACE_ON_CHANGE]


def _failures(inputs: Mapping[str, Any]) -> list[Failure]:
    """Each bad input and why; a preview unknown is checked once it is known."""
    known = {key: value for key, value in inputs.items() if value is not UNKNOWN}
    failures = [
        Failure(key, "unknown property")
        for key, value in inputs.items()
        if key not in RUN_INPUT_DEFAULTS
        and not key.startswith("__")
        # the dynamic resource registers its outputs as None inputs
        and not (key in RUN_OUTPUT_FIELDS and value is None)
    ]
    dep = known.get("deployment_id", "dep_")
    if not (isinstance(dep, str) and dep.startswith("dep_")):
        failures.append(Failure("deployment_id", "must be a deployment id (`dep_...`)"))
    if not isinstance(known.get("triggers", {}), Mapping):
        failures.append(Failure("triggers", "must be a map; any change to it triggers a new run"))
    for key in _BOOLEANS:
        if not isinstance(known.get(key, False), bool):
            failures.append(Failure(key, "must be true or false"))
    timeout = known.get("timeout_seconds", 1)
    if isinstance(timeout, bool) or not (
        isinstance(timeout, (int, float)) and 0 < timeout <= MAX_TIMEOUT_SECONDS
    ):
        failures.append(Failure("timeout_seconds", TIMEOUT_RULE))
    return failures
