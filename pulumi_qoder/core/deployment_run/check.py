"""Validation of run inputs for `check`: defaults filled in, one failure per bad input.

`NAME_KEY`, the defaults and `diff_run` are re-exported from `spec.py` and `plan.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.deployment_run.plan import diff_run
from pulumi_qoder.core.deployment_run.spec import (
    NAME_KEY,
    RUN_INPUT_DEFAULTS,
    RUN_OUTPUT_FIELDS,
    RUN_REPLACE_ON_CHANGE,
)
from pulumi_qoder.core.failure import Failure
from pulumi_qoder.core.fields import DEPLOYMENT_RUN
from pulumi_qoder.core.values import UNKNOWN

__all__ = [
    "NAME_KEY",
    "RUN_INPUT_DEFAULTS",
    "RUN_OUTPUT_FIELDS",
    "RUN_REPLACE_ON_CHANGE",
    "check_run_inputs",
    "diff_run",
]

_BOOLEANS = tuple(f.name for f in DEPLOYMENT_RUN.inputs() if f.type == "boolean")

MAX_TIMEOUT_SECONDS = 2**53 - 1
"""The largest whole number a Pulumi number holds exactly; NaN and infinity fail too."""

TIMEOUT_RULE = f"must be a number of seconds above 0 (at most {MAX_TIMEOUT_SECONDS})"


def check_run_inputs(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Failure]]:
    """The inputs with defaults filled in, and each bad input with why."""
    inputs = {**news}
    for key, default in RUN_INPUT_DEFAULTS.items():
        if inputs.get(key) is None:
            inputs[key] = default
    return inputs, _failures(inputs)


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
