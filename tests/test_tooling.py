"""The scripts behind the README's commands: strict pytest and the CLI bootstrap."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_no_test_module_imports_another_test_module_or_a_conftest():
    """Shared test code lives in tests/support (or a directory's helper module), never in
    a `test_*` module or a conftest.py that others import."""
    offenders = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                modules = [base] + [f"{base}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            for module in modules:
                last = module.rsplit(".", 1)[-1]
                if last.startswith("test_") or last == "conftest":
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {module}")
    assert offenders == []


def test_every_test_folder_is_a_package_the_layout_names():
    """Test modules are named `tests.<folder>.<file>` (so two folders may hold files of one
    name), and each folder is one README's layout section explains. tests/fixtures/ holds
    data (and the script that wrote some), no test module."""
    tests = REPO / "tests"
    folders = {p.parent for p in tests.rglob("*.py")
               if "fixtures" not in p.relative_to(tests).parts}
    assert sorted(str(f.relative_to(REPO)) for f in folders
                  if not (f / "__init__.py").exists()) == []
    readme = (REPO / "README.md").read_text()
    named = {f.relative_to(tests).parts[0] for f in folders - {tests}}
    assert sorted(n for n in named if f"\n  {n}/ " not in readme and f" {n}/," not in readme) == []


@pytest.mark.parametrize(
    "environment,outcome",
    [({}, "1 skipped"), ({"CI": "false"}, "1 skipped"), ({"CI": "true"}, "1 failed"),
     ({"QODER_REQUIRE_ENGINE": "1"}, "1 failed")],
    ids=["local", "ci-false", "ci", "make-test"],
)
def test_a_missing_cli_fails_in_ci_and_under_make_test_and_skips_elsewhere(
    tmp_path, environment, outcome
):
    (tmp_path / "test_probe.py").write_text(
        "from tests.support.pulumi_cli import find_cli\n\n\n"
        "def test_probe():\n    find_cli()\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "QODER_REQUIRE_ENGINE")}
    env.update(PULUMI_QODER_CLI_DIR=str(tmp_path), PYTHONPATH=str(REPO), **environment)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "test_probe.py", "-q", "-p", "no:cacheprovider"],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )
    assert outcome in done.stdout
    assert "no pulumi CLI" in done.stdout or outcome == "1 skipped"
