"""Preview tells the truth through the native plugin: a YAML program run by the real CLI.

Configuration and input problems fail `pulumi preview` as `<property>: <reason>` with no
value and no engine artefact, and `qoder:strictDrift` makes `--expect-no-changes` fail on
a hand-changed setting the program leaves unset.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
import yaml

from tests.native.cli import YamlProject
from tests.support.constants import AGENT, ENV, TEST_TOKEN

pytestmark = pytest.mark.engine

SECRET_LIKE = "zq-never-echoed-7730"


def report(**properties) -> dict:
    return {
        "agent": AGENT,
        "environmentId": ENV,
        "schedule": {"expression": "30 9 * * 1-5", "timezone": "UTC"},
        "initialEvents": [{"type": "user.message", "content": "Report"}],
        **properties,
    }


def project(cli_dir: Path, tmp_path: Path, properties: dict, config: dict, secrets: dict):
    source = tmp_path / "src" / "truth"
    source.mkdir(parents=True)
    program = {
        "name": "truth",
        "runtime": "yaml",
        "resources": {"report": {"type": "qoder:Deployment", "properties": properties}},
        "outputs": {"reportId": "${report.id}"},
    }
    (source / "Pulumi.yaml").write_text(yaml.safe_dump(program, sort_keys=False))
    return YamlProject(cli_dir, tmp_path / "home", source, config=config, secrets=secrets)


def test_preview_without_a_token_fails_naming_qoder_token(cli_dir, served_emulator, tmp_path):
    yaml_project = project(
        cli_dir, tmp_path, report(), {"qoder:baseUrl": served_emulator.base_url}, {}
    )

    done = yaml_project.run("preview", check=False)

    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "pulumi config set --secret qoder:token" in said and "QODER_PAT" in said
    assert "pass token=" not in said and "Traceback" not in said
    assert served_emulator.journal() == []


def test_check_failures_print_as_property_colon_reason_without_engine_artefacts(
    cli_dir, served_emulator, tmp_path
):
    metadata = {f"k{i}": f"value-{i}-{SECRET_LIKE}" for i in range(17)}
    properties = report(
        schedule={"expression": "61 9 * * *", "timezone": "UTC"}, metadata=metadata
    )
    yaml_project = project(
        cli_dir, tmp_path, properties, {"qoder:baseUrl": served_emulator.base_url},
        {"qoder:token": TEST_TOKEN},
    )

    done = yaml_project.run("preview", check=False)

    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "schedule.expression: minute field: values must be 0-59" in said
    assert "metadata: must have at most 16 keys, got 17" in said
    # the engine's line is `resource 'report' has a problem: <property>: <reason>`
    assert re.search(r"'report' has a problem: metadata: must have", said)
    assert not re.search(r"property \S+ value", said)  # `property p value v has a problem`
    for artefact in ("<nil>", "map[", SECRET_LIKE, "Traceback"):
        assert artefact not in said
    assert served_emulator.journal() == []


def test_strict_drift_makes_expect_no_changes_fail_on_a_hand_changed_unset_max_retries(
    cli_dir, served_emulator, tmp_path
):
    yaml_project = project(
        cli_dir, tmp_path, report(),
        {"qoder:baseUrl": served_emulator.base_url, "qoder:strictDrift": "true"},
        {"qoder:token": TEST_TOKEN},
    )
    yaml_project.run("up", "--yes")
    yaml_project.run("preview", "--refresh", "--expect-no-changes")
    dep_id = yaml_project.outputs()["reportId"]
    headers = {"Authorization": f"Bearer {TEST_TOKEN}"}
    httpx.post(
        f"{served_emulator.base_url}/deployments/{dep_id}", headers=headers, timeout=10,
        json={"description": "edited by hand",
              "metadata": {"owner": "sre", "cas_config": {"config": {"max_retries": 5}}}},
    ).raise_for_status()

    done = yaml_project.run("preview", "--refresh", "--expect-no-changes", "--diff", check=False)

    assert done.returncode == 7, done.stdout  # the CLI's exit code for unexpected changes
    assert re.search(r"~ maxRetries *: 5 => 0", done.stdout), done.stdout
    # hand edits of unset description and metadata read as what the update does; the
    # engine prints no empty string, so clearing the description reads as its removal
    assert re.search(r"~ metadata *: {\n +- owner: \"sre\"", done.stdout)
    assert re.search(r'- description *: "edited by hand"', done.stdout)
    assert "~ 1 to update" in done.stdout  # an update, never a replace
    assert "no changes were expected" in done.stdout + done.stderr
