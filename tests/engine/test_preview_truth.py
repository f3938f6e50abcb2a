"""Preview tells the truth: configuration errors fail it, drift reads as what happened."""

from __future__ import annotations

import re

import pytest
from runner import EngineStack

import pulumi_qoder as qoder
from tests.engine.programs import single

DRIFTED_RETRIES = {"cas_config": {"config": {"max_retries": 5}}}
SECRET_LIKE = "zq-never-echoed-5521"


def test_preview_without_a_token_fails_naming_qoder_token(
    pulumi_cli, served_emulator, tmp_path, journal, monkeypatch
):
    monkeypatch.delenv("QODER_PAT", raising=False)
    stack = EngineStack(
        pulumi_cli, tmp_path / "p", single(), config={"qoder:baseUrl": served_emulator.base_url}
    )

    with pytest.raises(Exception) as failure:
        stack.preview()

    message = str(failure.value)
    assert "pulumi config set --secret qoder:token" in message
    assert "QODER_PAT" in message
    assert "pass token=" not in message and "Traceback" not in message
    assert journal.calls() == []


def test_hand_edits_of_unset_paused_description_and_metadata_preview_as_changes(
    make_stack, api_client
):
    stack = make_stack(single(description=None, metadata=None))
    dep_id = stack.up().outputs["id"].value
    api_client.deployments.pause(dep_id)
    api_client.deployments.update(dep_id, description="edited by hand", metadata={"owner": "sre"})
    stack.output.clear()

    stack.preview(refresh=True, diff=True)

    text = "\n".join(stack.output)
    # The engine pads property names; each edit reads as what the update does.
    assert re.search(r"~ paused +: true => false", text)
    assert re.search(r"~ metadata +: {\n +- owner: \"sre\"", text)
    # The engine never prints an empty string, so `"edited by hand" => ""` is shown as the
    # old value's removal: the one form of this drift the provider cannot change.
    assert re.search(r'- description +: "edited by hand"', text)
    assert not re.search(r"- (paused|metadata) +:", text)


def test_strict_drift_makes_a_hand_changed_unset_max_retries_fail_expect_no_changes(
    make_stack, api_client
):
    stack = make_stack(single())
    dep_id = stack.up().outputs["id"].value
    api_client.deployments.update(dep_id, metadata=DRIFTED_RETRIES)
    stack.preview(refresh=True, expect_no_changes=True)  # by design, unset is not compared

    stack.set_config({"qoder:strictDrift": "true"})
    with pytest.raises(Exception) as failure:
        stack.preview(refresh=True, expect_no_changes=True, diff=True)

    assert "no changes were expected" in str(failure.value).lower()
    assert re.search(r"~ max_retries +: 5 => 0", "\n".join(stack.output))


def test_check_failures_print_as_property_colon_reason_without_engine_artefacts(
    make_stack, journal
):
    """Nested paths and big maps: the engine would print `value {<nil>} has a problem` and
    a Go `map[k0:{v} ...]` dump for a failure carrying its own property."""
    metadata = {f"k{i}": f"value-{i}-{SECRET_LIKE}" for i in range(17)}
    stack = make_stack(
        single(
            schedule=qoder.ScheduleArgs(expression="61 9 * * *", timezone="UTC"),
            metadata=metadata,
        )
    )

    with pytest.raises(Exception) as failure:
        stack.preview()

    text = str(failure.value)
    assert "schedule.expression: minute field: values must be 0-59" in text
    assert "metadata: must have at most 16 keys, got 17" in text
    # the engine's line is `resource 'report' has a problem: <property>: <reason>`
    assert re.search(r"'report' has a problem: metadata: must have", text)
    assert not re.search(r"property \S+ value", text)  # `property p value v has a problem`
    for artefact in ("<nil>", "map[", SECRET_LIKE, "Traceback"):
        assert artefact not in text
    assert journal.writes() == []
