"""The scripts behind the README's commands: strict pytest and the CLI bootstrap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_a_run_that_collects_no_test_fails(tmp_path):
    done = subprocess.run(
        [str(REPO / "scripts" / "pytest-strict"), sys.executable, str(tmp_path), "-q", "-p",
         "no:cacheprovider"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "collected no tests" in done.stderr


def test_a_failing_test_fails_the_run(tmp_path):
    (tmp_path / "test_red.py").write_text("def test_red():\n    assert False\n")
    done = subprocess.run(
        [str(REPO / "scripts" / "pytest-strict"), sys.executable, str(tmp_path), "-q", "-p",
         "no:cacheprovider"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "1 failed" in done.stdout


def test_ci_runs_exactly_the_readme_test_command():
    assert "exec make test" in (REPO / ".ci" / "run").read_text()
    assert "make test" in (REPO / "README.md").read_text()
