"""Replacing a deployment through the real engine: what `pulumi up --replace`,
`deleteBeforeReplace` and `replaceOnChanges` leave live and recorded (exactly one
deployment, live, the one in the state)."""

from __future__ import annotations

import json

import pytest

from tests.native.cli import YamlProject
from tests.support.constants import TEST_TOKEN

pytestmark = pytest.mark.engine

PROGRAM = """\
name: replace
runtime: yaml
resources:
  report:
    type: qoder:Deployment
    properties:
      agent: agent_019ebb21ef8e7df6a559052c94875160
      environmentId: env_019e49a1780171daac1e6b01f290ac2b
      description: {description}
      initialEvents:
        - type: user.message
          content: Generate today's status report
"""


class Program:
    """The stack's Pulumi.yaml: the deployment's description and resource options."""

    def __init__(self, project: YamlProject, options: str) -> None:
        self.project, self.options = project, options
        text = (project.folder / "Pulumi.yaml").read_text()
        self._plugins = text[text.index("\nplugins:"):]  # the plugin path YamlProject set

    def write(self, description: str) -> None:
        program = PROGRAM.format(description=description)
        if self.options:
            program += f"    options:\n      {self.options}\n"
        (self.project.folder / "Pulumi.yaml").write_text(program + self._plugins)


def _project(cli_dir, served_emulator, tmp_path, options: str = "") -> Program:
    source = tmp_path / "src" / "replace"
    source.mkdir(parents=True)
    (source / "Pulumi.yaml").write_text(PROGRAM.format(description="first"))
    project = YamlProject(cli_dir, tmp_path / "home", source,
                          config={"qoder:baseUrl": served_emulator.base_url},
                          secrets={"qoder:token": TEST_TOKEN})
    program = Program(project, options)
    program.write("first")
    return program


def recorded(project: YamlProject) -> dict:
    state = json.loads(project.run("stack", "export").stdout)["deployment"]["resources"]
    (report,) = [r for r in state if r["type"] == "qoder:index:Deployment"]
    return report


def live_ids(api_client) -> list[str]:
    return [d.id for d in api_client.deployments.iter()]


def test_up_replace_keeps_the_one_deployment_live_and_recorded_with_a_warning(
    cli_dir, served_emulator, tmp_path, api_client
):
    program = _project(cli_dir, served_emulator, tmp_path)
    project = program.project
    project.run("up", "--yes", "--skip-preview")
    before = recorded(project)

    replaced = project.run("up", "--yes", "--skip-preview", "--replace", before["urn"])
    after = recorded(project)
    unchanged = project.run("preview", "--refresh", "--expect-no-changes")

    assert live_ids(api_client) == [before["id"]] == [after["id"]]
    assert "was kept, not archived" in replaced.stdout
    assert "deleteBeforeReplace: true" in replaced.stdout
    assert "no changes" in unchanged.stdout.lower() or "unchanged" in unchanged.stdout


def test_up_replace_with_delete_before_replace_makes_a_new_deployment(
    cli_dir, served_emulator, tmp_path, api_client
):
    project = _project(cli_dir, served_emulator, tmp_path, "deleteBeforeReplace: true").project
    project.run("up", "--yes", "--skip-preview")
    before = recorded(project)

    project.run("up", "--yes", "--skip-preview", "--replace", before["urn"])
    after = recorded(project)

    assert after["id"] != before["id"]
    assert live_ids(api_client) == [after["id"]]
    assert api_client.deployments.retrieve(before["id"]).archived


def test_replace_on_changes_archives_the_old_deployment_first_then_makes_a_new_one(
    cli_dir, served_emulator, tmp_path, api_client
):
    program = _project(cli_dir, served_emulator, tmp_path, "replaceOnChanges: [description]")
    project = program.project
    project.run("up", "--yes", "--skip-preview")
    before = recorded(project)

    program.write("second")
    replaced = project.run("up", "--yes", "--skip-preview")
    after = recorded(project)

    assert after["id"] != before["id"]
    assert live_ids(api_client) == [after["id"]]
    assert api_client.deployments.retrieve(after["id"]).description == "second"
    assert "deleted original" in replaced.stdout and "created replacement" in replaced.stdout
