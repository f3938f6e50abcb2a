"""The merge-patch of a map field, whichever it is: changed keys sent, removed ones as null."""

from __future__ import annotations

from pulumi_qoder.core.deployment import plan as planning
from pulumi_qoder.core.deployment.plan import ObservedState
from pulumi_qoder.core.deployment.spec import DeploymentSpec
from pulumi_qoder.core.fields import Field

LABELS = Field("labels", "{string}", "Labels.", when_unset={})
"""A map field the table does not have (yet): the rule is the kind's, not the field's."""


def _patch_of_labels(monkeypatch, old: dict, new: dict | None) -> dict:
    monkeypatch.setitem(planning._BY_NAME, "labels", LABELS)
    desired = DeploymentSpec({"labels": new})
    observed = ObservedState(props={"labels": old})
    return planning._patch(desired, observed, ("labels",))


def test_a_removed_key_of_any_map_is_sent_as_null(monkeypatch):
    patch = _patch_of_labels(monkeypatch, {"team": "infra", "tier": "gold"}, {"team": "infra"})
    assert patch == {"labels": {"tier": None}}


def test_a_changed_key_of_any_map_is_sent_and_an_unchanged_one_is_not(monkeypatch):
    patch = _patch_of_labels(monkeypatch, {"team": "infra", "tier": "gold"},
                             {"team": "core", "tier": "gold", "new": "yes"})
    assert patch == {"labels": {"team": "core", "new": "yes"}}


def test_an_unset_map_removes_every_key(monkeypatch):
    assert _patch_of_labels(monkeypatch, {"a": "1", "b": "2"}, None) == {
        "labels": {"a": None, "b": None}}


def test_metadata_and_execution_settings_share_one_metadata_object():
    desired = DeploymentSpec.from_props({
        "name": "n", "agent": "agent_" + "0" * 32, "environment_id": "env_" + "0" * 32,
        "initial_events": [{"type": "user.message", "content": "hi"}],
        "metadata": {}, "max_retries": 2,
    })
    observed = ObservedState(props={"metadata": {"gone": "x"}, "max_retries": 0,
                                    "session_strategy": "new_session", "timeout_ms": 1,
                                    "max_concurrent": 1})
    patch = planning._patch(desired, observed, ("metadata", "max_retries"))
    assert patch["metadata"]["gone"] is None
    assert patch["metadata"]["cas_config"]["config"]["max_retries"] == 2
