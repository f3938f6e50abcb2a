"""Every program in examples/ runs through the real engine against the emulator."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.engine,
    # the SDK's inline-program teardown leaves a coroutine behind on every run
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


def test_pause_window_freezes_and_resumes_with_one_call_each(example_stack, journal):
    stack = example_stack("pause-window")
    stack.up()
    journal.clear()

    stack.set_config({"pause-window:freeze": "true"})
    frozen = stack.up().outputs
    freeze_calls = journal.writes()

    assert {frozen["triage_status"].value, frozen["digest_status"].value} == {"paused"}
    assert [call.rsplit("/", 1)[1] for call in freeze_calls] == ["pause", "pause"]


def test_fleet_declares_one_deployment_per_yaml_file(example_stack, api_client):
    stack = example_stack("fleet")

    names = stack.up().outputs["deployments"].value

    assert sorted(names) == ["nightly-deps", "release-notes", "weekly-cost"]
    live = {d.name: d for d in api_client.deployments.iter()}
    assert live[names["release-notes"]].schedule is None
    assert live[names["nightly-deps"]].metadata.cas_config.config.max_retries == 2


def test_fleet_protects_production_deployments(example_stack):
    stack = example_stack("fleet")
    stack.up()

    resources = json.loads(stack.export())["deployment"]["resources"]

    protected = sorted(r["urn"].rsplit("::", 1)[1] for r in resources if r.get("protect"))
    assert protected == ["nightly-deps"]


def test_readme_demo_pauses_through_config_and_leaves_nothing_running(pulumi_cli, tmp_path):
    demo = subprocess.run(
        [sys.executable, str(REPO / "examples" / "demo.py")],
        env={**os.environ, "PULUMI_QODER_CLI_DIR": str(pulumi_cli), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    assert "next five runs (UTC)" in demo.stdout
    assert "status is now paused" in demo.stdout
    base_url = re.search(r"emulator at (\S+)", demo.stdout).group(1)
    with pytest.raises(httpx.ConnectError):
        httpx.get(base_url, timeout=2)
