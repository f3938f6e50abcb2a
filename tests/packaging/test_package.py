"""The package's public surface and its import boundaries."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import pulumi_qoder


def test_every_public_name_resolves():
    missing = [name for name in pulumi_qoder.__all__ if getattr(pulumi_qoder, name, None) is None]
    assert missing == []


def test_the_emulator_and_client_load_without_the_pulumi_sdk():
    probe = (
        "import sys, pulumi_qoder.emulator, pulumi_qoder.client;"
        "print(sorted(m for m in sys.modules if m == 'pulumi' or m.startswith('pulumi.')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_tzdata_is_a_runtime_dependency():
    # the provider's check resolves schedule timezones with zoneinfo; without a system tz
    # database only the tzdata wheel makes "Europe/Berlin" resolvable
    tomllib = pytest.importorskip("tomllib")
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    names = [re.split(r"[<>=!~ \[;]", dep, maxsplit=1)[0] for dep in project["dependencies"]]
    assert "tzdata" in names


@pytest.mark.parametrize("name, shim", [("DeploymentProvider", "pulumi_qoder.provider"),
                                        ("DeploymentRunProvider", "pulumi_qoder.run_provider")])
def test_new_state_pickles_each_provider_by_its_shim_path_and_loads_through_it(name, shim):
    import base64
    import importlib
    import pickle

    from pulumi.dynamic.dynamic import serialize_provider

    provider = getattr(pulumi_qoder, name)
    raw = base64.b64decode(serialize_provider(provider()))

    assert shim.encode() in raw and b"pulumi_qoder.dynamic" not in raw
    assert type(pickle.loads(raw)) is provider is getattr(importlib.import_module(shim), name)


def test_every_top_level_name_of_the_package_is_in_the_readme_layout():
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("```")[1]
    names = sorted(p.name for p in (root / "pulumi_qoder").iterdir() if p.name != "__pycache__")
    missing = [n for n in names if not re.search(rf"^pulumi_qoder/{re.escape(n)}\b", layout, re.M)]
    assert missing == []
