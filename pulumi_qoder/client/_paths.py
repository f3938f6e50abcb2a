"""URL paths of the Deployments API, built from checked and escaped ids."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["deployment_path", "global_run_path", "scoped_run_path"]


def _segment(value: str, what: str) -> str:
    # Caught before any I/O: an empty id would silently address the collection instead.
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return quote(value, safe="")


def deployment_path(deployment_id: str, action: str = "") -> str:
    """`/deployments/{id}` or `/deployments/{id}/{action}`."""
    path = f"/deployments/{_segment(deployment_id, 'deployment_id')}"
    return f"{path}/{action}" if action else path


def scoped_run_path(deployment_id: str, run_id: str | None = None) -> str:
    """`/deployments/{id}/runs` or `/deployments/{id}/runs/{run_id}`."""
    path = deployment_path(deployment_id, "runs")
    return f"{path}/{_segment(run_id, 'run_id')}" if run_id is not None else path


def global_run_path(run_id: str | None = None) -> str:
    """`/deployment_runs` or `/deployment_runs/{run_id}`."""
    return f"/deployment_runs/{_segment(run_id, 'run_id')}" if run_id is not None else (
        "/deployment_runs"
    )
