"""`pulumi preview` of a YAML program shows the plugin's DST warning on the resource."""

from __future__ import annotations

import textwrap

import pytest

from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.native.cli import YamlProject
from tests.support.constants import TEST_TOKEN
from tests.support.emulator import fresh_service

pytestmark = pytest.mark.engine

PROGRAM = textwrap.dedent("""\
    name: dst-warning
    runtime: yaml
    resources:
      nightly:
        type: qoder:Deployment
        properties:
          agent: agent_019ebb21ef8e7df6a559052c94875160
          environmentId: env_019e49a1780171daac1e6b01f290ac2b
          schedule:
            expression: 30 2 * * *
            timezone: Europe/Berlin
          initialEvents:
            - type: user.message
              content: Run the nightly job
    """)


def test_preview_shows_the_dst_warning_on_the_resource(cli_dir, tmp_path):
    source = tmp_path / "src" / "dst-warning"
    source.mkdir(parents=True)
    (source / "Pulumi.yaml").write_text(PROGRAM)
    service = fresh_service()
    with EmulatorServer(create_app(service, tokens=[TEST_TOKEN])) as server:
        project = YamlProject(cli_dir, tmp_path / "home", source,
                              config={"qoder:baseUrl": server.base_url},
                              secrets={"qoder:token": TEST_TOKEN})
        done = project.run("preview")
    assert "qoder:index:Deployment (nightly):\n    warning: schedule '30 2 * * *' in " \
        "Europe/Berlin" in done.stdout
    assert "has no 02:30" in done.stdout and "02:30 twice" in done.stdout
