"""The Deployment resource driven by the real pulumi engine against the emulator."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pulumi
import pytest

import pulumi_qoder as qoder
from tests.engine.programs import report_args, single, trio
from tests.support.constants import AGENT, ENV, TEST_TOKEN

pytestmark = [
    pytest.mark.engine,
    # the SDK's inline-program teardown leaves a coroutine behind on every run
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_up_creates_cron_manual_and_paused_deployments(make_stack, api_client):
    stack = make_stack(trio)

    outputs = stack.up().outputs

    live = {d.name: d for d in api_client.deployments.iter()}
    assert sorted(live) == ["cron-report", "frozen-report", "manual-report"]
    assert live["cron-report"].status == "active"
    assert live["cron-report"].schedule.expression == "30 9 * * 1-5"
    assert live["manual-report"].schedule is None
    assert live["frozen-report"].status == "paused"
    assert outputs["frozen_status"].value == "paused"
    assert outputs["manual_id"].value == live["manual-report"].id


def test_second_preview_reports_no_changes_and_makes_no_writes(make_stack, journal):
    stack = make_stack(single())
    stack.up()
    journal.clear()

    preview = stack.preview()

    assert preview.change_summary == {"same": 2}
    assert journal.writes() == []


def test_preview_with_refresh_after_up_reports_no_changes(make_stack, journal):
    stack = make_stack(single(paused=True))
    stack.up()
    journal.clear()

    preview = stack.preview(refresh=True)

    assert preview.change_summary == {"same": 2}
    assert journal.writes() == []


CHANGES = {
    "schedule": {"schedule": qoder.ScheduleArgs(expression="0 8 * * *", timezone="UTC")},
    "event": {"initial_events": [qoder.UserMessage("Generate the weekly report")]},
    "description": {"description": "Reworded"},
    "metadata key": {"metadata": {"team": "platform", "cost-center": "42"}},
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_field_change_is_one_in_place_update(make_stack, journal, change):
    stack = make_stack(single())
    dep_id = stack.up().outputs["id"].value
    stack.set_program(single(**change))
    journal.clear()

    result = stack.up()

    assert result.summary.resource_changes == {"update": 1, "same": 1}
    assert result.outputs["id"].value == dep_id
    assert journal.writes() == [f"POST /deployments/{dep_id}"]


def test_paused_true_then_false_makes_one_pause_then_one_unpause(make_stack, journal, api_client):
    stack = make_stack(single())
    dep_id = stack.up().outputs["id"].value
    journal.clear()

    stack.set_program(single(paused=True))
    stack.up()
    paused_calls = journal.writes()
    journal.clear()
    stack.set_program(single(paused=False))
    stack.up()

    assert paused_calls == [f"POST /deployments/{dep_id}/pause"]
    assert journal.writes() == [f"POST /deployments/{dep_id}/unpause"]
    assert api_client.deployments.retrieve(dep_id).status == "active"


def test_outside_pause_shows_as_drift_and_up_restores_it(make_stack, journal, api_client):
    stack = make_stack(single())
    dep_id = stack.up().outputs["id"].value
    api_client.deployments.pause(dep_id)

    preview = stack.preview(refresh=True)
    journal.clear()
    stack.up(refresh=True)

    assert preview.change_summary.get("update") == 1
    assert journal.writes() == [f"POST /deployments/{dep_id}/unpause"]
    assert api_client.deployments.retrieve(dep_id).status == "active"


def test_outside_edit_is_found_by_refresh_and_up_restores_it(make_stack, api_client):
    stack = make_stack(single())
    dep_id = stack.up().outputs["id"].value
    api_client.deployments.update(dep_id, description="edited by hand", metadata={"team": "sre"})

    refresh = stack.refresh()
    preview = stack.preview()
    stack.up()

    assert refresh.summary.resource_changes.get("update") == 1
    assert preview.change_summary.get("update") == 1
    live = api_client.deployments.retrieve(dep_id)
    assert live.description == "Weekday status report"
    assert live.user_metadata == {"team": "platform"}


def test_archived_outside_is_dropped_by_refresh_and_recreated_by_up(make_stack, api_client):
    stack = make_stack(single())
    old_id = stack.up().outputs["id"].value
    api_client.deployments.archive(old_id)

    refresh = stack.refresh()
    result = stack.up()

    assert refresh.summary.resource_changes.get("delete") == 1
    assert result.summary.resource_changes.get("create") == 1
    new_id = result.outputs["id"].value
    assert new_id != old_id
    assert api_client.deployments.retrieve(new_id).archived_at is None


def adopt_existing(api_client, **overrides):
    fields = dict(
        name="daily-report",
        description="Weekday status report",
        agent=AGENT,
        environment_id=ENV,
        schedule={"type": "cron", "expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
        initial_events=[{"type": "user.message", "content": "Generate today's status report"}],
        metadata={"team": "platform"},
    )
    fields.update(overrides)
    return api_client.deployments.create(**fields)


def test_importing_an_existing_deployment_adopts_it_with_no_writes_and_no_diff(
    make_stack, api_client, journal
):
    existing = adopt_existing(api_client)
    stack = make_stack(single(pulumi.ResourceOptions(import_=existing.id)))
    journal.clear()

    adopted = stack.up()
    preview = stack.preview()

    assert adopted.outputs["id"].value == existing.id
    assert journal.writes() == []
    assert preview.change_summary == {"same": 2}
    assert [d.id for d in api_client.deployments.iter()] == [existing.id]


def test_importing_a_deployment_that_differs_fails_naming_the_fields(
    make_stack, api_client, journal
):
    existing = adopt_existing(api_client, description="something else")
    stack = make_stack(single(pulumi.ResourceOptions(import_=existing.id)))
    journal.clear()

    with pytest.raises(Exception) as failure:
        stack.up()

    assert "differs from the program in description" in str(failure.value)
    assert journal.writes() == []


def test_destroy_archives_every_deployment(make_stack, api_client):
    stack = make_stack(trio)
    ids = [v.value for k, v in stack.up().outputs.items() if k.endswith("_id")]

    stack.destroy()

    assert len(ids) == 3
    assert all(api_client.deployments.retrieve(i).archived_at is not None for i in ids)


BAD_INPUTS = {
    "cron of 4 fields": (
        {"schedule": qoder.ScheduleArgs(expression="30 9 * *", timezone="UTC")},
        "schedule.expression",
        "must have 5 fields",
    ),
    "unknown timezone": (
        {"schedule": qoder.ScheduleArgs(expression="30 9 * * *", timezone="Mars/Olympus")},
        "schedule.timezone",
        "unknown IANA timezone (expected",
    ),
    "51 events": (
        {"initial_events": [qoder.UserMessage(f"step {i}") for i in range(51)]},
        "initial_events",
        "must hold 1 to 50 items, got 51",
    ),
}


@pytest.mark.parametrize("overrides,prop,reason", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_fails_preview_naming_the_property_with_no_writes(
    make_stack, journal, overrides, prop, reason
):
    stack = make_stack(single(**overrides))

    with pytest.raises(Exception) as failure:
        stack.preview()

    assert prop in str(failure.value)
    assert reason in str(failure.value)
    assert journal.writes() == []


SECRET_TEXT = "confidential-runbook-7731"


def secret_description_program() -> None:
    dep = qoder.Deployment("report", report_args(description=pulumi.Output.secret(SECRET_TEXT)))
    pulumi.export("description", dep.description)


def secret_repository_token_program() -> None:
    repo = qoder.GithubRepositoryArgs(
        url="https://github.com/example/infra",
        authorization_token=pulumi.Output.secret(SECRET_TEXT),
    )
    qoder.Deployment("report", report_args(resources=[repo]))


def test_a_nested_secret_stays_encrypted_through_create_and_refresh(make_stack):
    stack = make_stack(secret_repository_token_program)

    stack.up()
    stack.refresh()
    state = stack.export()

    assert SECRET_TEXT not in state
    assert SECRET_TEXT not in "\n".join(stack.output)


def plain_repository_token_program() -> None:
    repo = qoder.GithubRepositoryArgs(
        url="https://github.com/example/infra", authorization_token=SECRET_TEXT
    )
    dep = qoder.Deployment("report", report_args(resources=[repo]))
    pulumi.export("resources", dep.resources)


def backend_files(stack) -> dict[str, str]:
    """Every file the stack's file backend holds (state, backups, history), as text."""
    backend = Path(urlparse(stack.env["PULUMI_BACKEND_URL"]).path)
    return {
        str(path.relative_to(backend)): path.read_text(errors="replace")
        for path in backend.rglob("*") if path.is_file()
    }


def test_a_repository_token_given_as_plain_text_is_encrypted_in_the_state_files(make_stack):
    stack = make_stack(plain_repository_token_program)

    stack.up()
    stack.refresh()
    preview = stack.preview()
    files = backend_files(stack)

    assert preview.change_summary == {"same": 2}
    assert any(name.endswith("dev.json") for name in files)
    assert sum(text.count(SECRET_TEXT) for text in files.values()) == 0
    assert stack.stack.outputs()["resources"].secret
    assert SECRET_TEXT not in "\n".join(stack.output)


def test_a_stack_written_with_the_token_in_plain_text_previews_no_changes_then_encrypts_it(
    make_stack, monkeypatch
):
    stack = make_stack(plain_repository_token_program)
    with monkeypatch.context() as before:  # as versions before the tables' secret flag wrote it
        before.setattr("pulumi_qoder.dynamic.deployment.mark_secrets", lambda _r, _p, opts: opts)
        stack.up()
    assert any(SECRET_TEXT in text for text in backend_files(stack).values())

    preview = stack.preview()
    stack.up()
    current = {k: v for k, v in backend_files(stack).items() if k.endswith("dev.json")}

    assert preview.change_summary == {"same": 2}
    assert current and all(SECRET_TEXT not in text for text in current.values())


def test_state_and_engine_logs_hold_no_token_or_secret_input(make_stack):
    stack = make_stack(secret_description_program)

    stack.up()
    state = stack.export()
    logs = "\n".join(stack.output)

    for text in (state, logs):
        assert TEST_TOKEN not in text
        assert SECRET_TEXT not in text
