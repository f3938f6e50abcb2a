"""The plugin's boundary adapters: an engine `Struct` in as core values, core values out."""

from __future__ import annotations

import math

from pulumi_qoder.core.values import UNKNOWN
from pulumi_qoder.native.structs import UNKNOWN_TEXT, Secrets, from_engine, to_engine
from tests.support.constants import REPO_TOKEN
from tests.support.values import from_struct, secret, to_struct

REPO = {"type": "github_repository", "url": "https://github.com/acme/app",
        "mountPath": "/work/app", "checkout": {"type": "branch", "name": "main"}}


def _struct(props):
    """A Struct as the engine would send it (the SDK's own serializer)."""
    return to_struct(props)


def _is_secret(value) -> bool:
    return isinstance(value, dict) and value.get("4dabf18193072939515e22adb298388d") == (
        "1b47061264138c4ac30d75fd1eb44270")


def _raw(struct):
    """A Struct as plain dicts with secrets still wrapped."""
    from google.protobuf.json_format import MessageToDict

    return MessageToDict(struct)


def test_inbound_names_are_the_cores_one_level_deep_and_free_form_maps_keep_theirs():
    values, _ = from_engine(_struct({
        "environmentId": "env_1",
        "schedule": {"expression": "0 9 * * *", "timezone": "UTC"},
        "resources": [REPO],
        "metadata": {"ownerTeam": "infra"},
    }))
    assert values == {
        "environment_id": "env_1",
        "schedule": {"expression": "0 9 * * *", "timezone": "UTC"},
        "resources": [{"type": "github_repository", "url": "https://github.com/acme/app",
                       "mount_path": "/work/app", "checkout": {"type": "branch", "name": "main"}}],
        "metadata": {"ownerTeam": "infra"},
    }


def test_inbound_whole_numbers_are_ints_and_unknowns_are_unknown():
    values, _ = from_engine(_struct({"maxRetries": 2.0, "timeoutMs": 1.5, "name": UNKNOWN_TEXT}))
    assert values == {"max_retries": 2, "timeout_ms": 1.5, "name": UNKNOWN}
    assert type(values["max_retries"]) is int


def test_inbound_a_nan_stays_a_float_for_check_to_name():
    values, _ = from_engine(_struct({"maxRetries": math.nan}))
    assert math.isnan(values["max_retries"])


def test_inbound_secrets_are_unwrapped_and_recorded_in_core_names():
    values, secrets = from_engine(_struct({
        "description": secret("quiet"),
        "resources": [{**REPO, "authorizationToken": secret(REPO_TOKEN)}],
    }))
    assert values["description"] == "quiet"
    assert values["resources"][0]["authorization_token"] == REPO_TOKEN
    assert secrets.paths == {("description",), ("resources", 0, "authorization_token")}


def test_inbound_hidden_keys_are_dropped_only_when_asked():
    struct = _struct({"__name": "report", "name": "n"})
    assert from_engine(struct)[0] == {"__name": "report", "name": "n"}
    assert from_engine(struct, keep_hidden=False)[0] == {"name": "n"}


def test_inbound_configuration_keeps_its_names():
    values, secrets = from_engine(_struct({"baseUrl": "http://x", "token": secret("t")}),
                                  rename=False)
    assert values == {"baseUrl": "http://x", "token": "t"}
    assert secrets.paths == {("token",)}


def test_outbound_names_are_the_schemas_and_hidden_keys_are_dropped():
    props = {"environment_id": "env_1", "__name": "r", "initial_events": [
        {"type": "user.message", "content": "hi", "max_iterations": 3}],
        "metadata": {"owner_team": "infra"}, "vault_ids": [], "stats": {}}
    assert from_struct(to_engine(props)) == {
        "environmentId": "env_1",
        "initialEvents": [{"type": "user.message", "content": "hi", "maxIterations": 3}],
        "metadata": {"owner_team": "infra"},
        "vaultIds": [],
        "stats": {},
    }


def test_outbound_unknown_is_the_engines_unknown():
    assert _raw(to_engine({"name": UNKNOWN})) == {"name": UNKNOWN_TEXT}


def test_a_secret_input_stays_secret_at_its_path_on_the_way_out():
    values, secrets = from_engine(_struct({"description": secret("quiet"), "name": "n"}))
    raw = _raw(to_engine({**values, "status": "active"}, secrets))
    assert _is_secret(raw["description"]) and raw["description"]["value"] == "quiet"
    assert raw["name"] == "n" and raw["status"] == "active"


def test_a_repository_token_is_secret_however_it_came():
    raw = _raw(to_engine({"resources": [
        {"type": "github_repository", "url": "u", "authorization_token": REPO_TOKEN},
        {"type": "file", "file_id": "file_1"}]}))
    repo, file = raw["resources"]
    assert _is_secret(repo["authorizationToken"])
    assert repo["authorizationToken"]["value"] == REPO_TOKEN
    assert file == {"type": "file", "fileId": "file_1"}


def test_a_secret_path_missing_from_the_outputs_wraps_nothing():
    raw = _raw(to_engine({"name": "n"}, Secrets({("resources", 0, "authorization_token")})))
    assert raw == {"name": "n"}


def test_values_survive_the_round_trip():
    props = {"name": "n", "paused": False, "max_retries": 0, "schedule": None,
             "agent": {"id": "agent_1", "version": 2},
             "metadata": {"a": "b"}, "upcoming_runs_at": ["2026-01-01T00:00:00Z"]}
    values, _ = from_engine(to_engine(props))
    assert values == props
