"""The package's public surface and its import boundaries."""

from __future__ import annotations

import subprocess
import sys

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
