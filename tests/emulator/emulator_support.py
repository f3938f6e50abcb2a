"""Support for emulator tests: a minimal valid deployment body and a tiny API wrapper."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.support.constants import AGENT, ENV

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "qoder-api"

MINIMAL: dict[str, Any] = {
    "name": "api-doc-verification-deployment-v2",
    "agent": AGENT,
    "environment_id": ENV,
    "initial_events": [{"type": "user.message", "content": "Generate today's status report"}],
}
SCHEDULED: dict[str, Any] = {
    **MINIMAL,
    "description": "Deployment created for API documentation verification",
    "schedule": {"type": "cron", "expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
}


def body(base: dict[str, Any] = MINIMAL, **changes: Any) -> dict[str, Any]:
    """A deep copy of ``base`` with top-level ``changes`` applied."""
    return {**copy.deepcopy(base), **changes}


class Api:
    """Thin calls on the in-process emulator; every method returns the raw response."""

    def __init__(self, http) -> None:
        self.http = http

    def create(self, **changes: Any):
        return self.http.post("/api/v1/cloud/deployments", json=body(**changes))

    def created(self, **changes: Any) -> dict[str, Any]:
        response = self.create(**changes)
        assert response.status_code == 200, response.text
        return response.json()

    def get(self, dep_id: str):
        return self.http.get(f"/api/v1/cloud/deployments/{dep_id}")

    def update(self, dep_id: str, patch: dict[str, Any]):
        return self.http.post(f"/api/v1/cloud/deployments/{dep_id}", json=patch)

    def action(self, dep_id: str, verb: str):
        return self.http.post(f"/api/v1/cloud/deployments/{dep_id}/{verb}")

    def list(self, **params: Any):
        return self.http.get("/api/v1/cloud/deployments", params=params)

    def runs(self, dep_id: str, **params: Any):
        return self.http.get(f"/api/v1/cloud/deployments/{dep_id}/runs", params=params)

    def all_runs(self, **params: Any):
        return self.http.get("/api/v1/cloud/deployment_runs", params=params)

    def run_outcome(self, **outcome: Any) -> None:
        assert self.http.post("/_emulator/run_outcomes", json=outcome).status_code == 200

    def advance(self, seconds: float) -> dict[str, Any]:
        response = self.http.post("/_emulator/clock", json={"advance_seconds": seconds})
        assert response.status_code == 200, response.text
        return response.json()


def error_of(response) -> dict[str, Any]:
    """The ``error`` object of an error envelope, after checking the envelope's shape."""
    payload = response.json()
    assert payload["type"] == "error"
    assert set(payload) == {"type", "error"}
    return payload["error"]


def example(name: str) -> Any:
    """One of the documented example payloads (tests/fixtures/qoder-api)."""
    return json.loads((EXAMPLES / name).read_text())
