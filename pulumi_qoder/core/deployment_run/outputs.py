"""A run's properties: its inputs as recorded, and its outputs from the last attempt."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pulumi_qoder.core.deployment_run.spec import NAME_KEY, RUN_INPUT_DEFAULTS
from pulumi_qoder.core.deployment_run.wait import attempt_of

if TYPE_CHECKING:
    from pulumi_qoder.models import DeploymentRun

__all__ = ["run_inputs", "run_outputs"]


def run_inputs(props: Mapping[str, Any]) -> dict[str, Any]:
    """The run's inputs as recorded: each known input (or its default), and the hidden name."""
    inputs = {key: props.get(key, default) for key, default in RUN_INPUT_DEFAULTS.items()}
    if NAME_KEY in props:
        inputs[NAME_KEY] = props[NAME_KEY]
    return inputs


def run_outputs(run_id: str, final: DeploymentRun) -> dict[str, Any]:
    """The outputs of the run this resource triggered (`run_id`) whose last attempt is `final`."""
    wire = final.to_wire()
    return {
        "run_id": run_id,
        "final_run_id": final.id,
        "status": final.status,
        "trigger_type": final.trigger_context.type,
        "session_id": wire.get("session_id"),
        "error": wire.get("error"),
        "attempt": attempt_of(final),
        "triggered_at": wire.get("triggered_at"),
        "completed_at": wire.get("completed_at"),
        "duration_ms": final.duration_ms,
    }
