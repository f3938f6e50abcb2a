"""Which deployments a stack's exported state holds."""

from __future__ import annotations

import json
from pathlib import Path

from pulumi_qoder.fleet.held import held_ids

V0_STACK = Path(__file__).parents[1] / "fixtures" / "state" / "v0-stack.json"


def test_a_dynamic_provider_stack_export_holds_its_deployments_not_its_runs():
    exported = json.loads(V0_STACK.read_text())
    deployments = {r["id"] for r in exported["deployment"]["resources"]
                   if r["type"] == "pulumi-python:dynamic/qoder:Deployment"}

    assert len(deployments) == 3
    assert held_ids([str(V0_STACK)]) == deployments  # the run's drun_ id is no deployment


def test_a_stack_never_updated_holds_nothing(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"version": 3, "deployment": {
        "manifest": {"time": "0001-01-01T00:00:00Z", "magic": "", "version": ""},
        "secrets_providers": {"type": "passphrase", "state": {"salt": "x"}}}}))

    assert held_ids([str(empty)]) == set()


def test_a_pending_import_holds_its_deployment(tmp_path):
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"version": 3, "deployment": {"manifest": {}, "resources": [],
        "pending_operations": [{"type": "importing", "resource": {
            "urn": "urn:pulumi:dev::p::qoder:index:Deployment::x", "custom": True,
            "id": "dep_1", "type": "qoder:index:Deployment"}}]}}))

    assert held_ids([str(state)]) == {"dep_1"}
