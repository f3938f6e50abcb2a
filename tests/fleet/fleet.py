"""A fleet made directly on the emulator's API (not by Pulumi), and the commands run on it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import httpx

from tests.support.constants import AGENT, ENV


def deployment_body(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "agent": AGENT,
        "environment_id": ENV,
        "initial_events": [{"type": "user.message", "content": f"run {name}"}],
        "schedule": {"type": "cron", "expression": "0 3 * * *", "timezone": "UTC"},
    }


def make_fleet(http: httpx.Client, names: Iterable[str]) -> dict[str, str]:
    """Create one deployment per name, in order, straight on the API: {id: name}."""
    made = {}
    for name in names:
        response = http.post("/deployments", json=deployment_body(name))
        response.raise_for_status()
        made[response.json()["id"]] = name
    return made


def writes(journal: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API calls in a journal that could have changed something (anything not a GET)."""
    return [entry for entry in journal if entry["method"] != "GET"]


def stack_export(*held: tuple[str, str], external: Iterable[str] = ()) -> str:
    """A `pulumi stack export` document holding `(type, id)` resources (and reads of
    `external` ids), shaped as the CLI prints it."""
    resources: list[dict[str, Any]] = [
        {"urn": "urn:pulumi:dev::fleet::pulumi:pulumi:Stack::fleet-dev", "custom": False,
         "type": "pulumi:pulumi:Stack"},
    ]
    for index, (type_, id_) in enumerate(held):
        resources.append({"urn": f"urn:pulumi:dev::fleet::{type_}::r{index}", "custom": True,
                          "id": id_, "type": type_, "inputs": {}, "outputs": {"name": "x"}})
    for index, id_ in enumerate(external):
        resources.append({"urn": f"urn:pulumi:dev::fleet::qoder:index:Deployment::read{index}",
                          "custom": True, "id": id_, "type": "qoder:index:Deployment",
                          "external": True, "outputs": {}})
    return json.dumps({"version": 3, "deployment": {
        "manifest": {"time": "2026-12-07T11:00:00Z", "magic": "x", "version": "v3.259.0"},
        "resources": resources,
    }})
