"""The Pythons the package claims are the ones its tests run on: noxfile.py's sessions are
the oldest and the newest of pyproject's classifiers (the oldest is requires-python's floor),
and a missing interpreter skips its session locally but fails it in CI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = (REPO / "pyproject.toml").read_text()  # read as text: no tomllib on 3.10


def claimed() -> list[tuple[int, int]]:
    found = re.findall(r'"Programming Language :: Python :: 3\.(\d+)"', PYPROJECT)
    return sorted((3, int(minor)) for minor in found)


def sessions() -> list[str]:
    done = subprocess.run([sys.executable, "-m", "nox", "--list", "--json"], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=True)
    return [s["session"] for s in json.loads(done.stdout)]


def test_nox_tests_the_oldest_and_newest_claimed_python():
    oldest, newest = claimed()[0], claimed()[-1]

    assert f'requires-python = ">={oldest[0]}.{oldest[1]}"' in PYPROJECT
    assert sessions() == [f"tests-{oldest[0]}.{oldest[1]}", f"tests-{newest[0]}.{newest[1]}"]


def test_readme_states_what_each_command_needs():
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Supported Pythons", 1)[1].split("\n## ", 1)[0]

    assert "3.10" in section and "3.13" in section and "`make test`" in section


def run_session_without_pythons(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """tests-3.10 on a PATH and a pyenv root that hold no Python 3.10."""
    base = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "PYENV_ROOT": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "nox", "--no-color", "-s", "tests-3.10", "--envdir",
         str(tmp_path / "nox")],
        cwd=REPO, env={**base, **env}, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.skipif(any(Path(d, "python3.10").exists() for d in ("/usr/bin", "/bin")),
                    reason="this machine has a system python3.10")
def test_a_missing_python_skips_its_session_locally(tmp_path):
    done = run_session_without_pythons(tmp_path)

    assert done.returncode == 0, done.stderr
    assert "skipped: Python interpreter 3.10 not found" in done.stderr


@pytest.mark.skipif(any(Path(d, "python3.10").exists() for d in ("/usr/bin", "/bin")),
                    reason="this machine has a system python3.10")
def test_a_missing_python_fails_its_session_in_ci(tmp_path):
    done = run_session_without_pythons(tmp_path, CI="true")

    assert done.returncode == 1
    assert "failed: Python interpreter 3.10 not found" in done.stderr

