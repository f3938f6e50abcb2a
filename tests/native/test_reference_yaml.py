"""The YAML examples of docs/reference/ through the real CLI, YAML host and plugin.

Each is previewed (lookups run then; nothing is created) against an emulator holding the
deployment they look up, so a property or argument the plugin does not take fails here.
"""

from __future__ import annotations

import shutil

import pytest

from pulumi_qoder import QoderClient
from tests.native.cli import YamlProject
from tests.native.plugin import REPO
from tests.support.constants import AGENT, ENV, TEST_TOKEN

pytestmark = pytest.mark.engine

EXAMPLES = sorted((REPO / "docs" / "reference" / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_reference_yaml_example_previews(example, cli_dir, served_emulator, tmp_path):
    with QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url) as api:
        nightly = api.deployments.create(
            name="nightly-deps",
            agent=AGENT,
            environment_id=ENV,
            initial_events=[{"type": "user.message", "content": "Update dependencies"}],
        )
    source = tmp_path / example.stem
    source.mkdir()
    shutil.copy(example, source / "Pulumi.yaml")
    project = YamlProject(
        cli_dir, tmp_path / "run", source,
        config={"qoder:baseUrl": served_emulator.base_url, "deploymentId": nightly.id},
        secrets={"qoder:token": TEST_TOKEN},
    )
    done = project.run("preview")
    assert "error" not in done.stdout.lower(), done.stdout
