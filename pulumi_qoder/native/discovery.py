"""Whether the engine will find `pulumi-resource-qoder`, and the fix when it will not.

The engine looks for a resource plugin in the project's `plugins.providers[].path`, then
in its plugin cache (`$PULUMI_HOME/plugins/resource-qoder-vVERSION`), then tries to
download it, which fails: nothing is published. A Python program on the native resources
checks the first two before registering its first resource and warns with the command
that registers the plugin, so the engine's download error does not stand alone.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pulumi_qoder._version import __version__
from pulumi_qoder.native.install import INSTALL_COMMAND

__all__ = ["missing_plugin_message", "plugin_registered"]


def _plugin_cache() -> Path:
    home = os.environ.get("PULUMI_HOME") or str(Path.home() / ".pulumi")
    return Path(home) / "plugins"


def _project_names_plugin(folder: Path) -> bool:
    for name in ("Pulumi.yaml", "Pulumi.yml"):
        project = folder / name
        if project.is_file():
            text = project.read_text(errors="replace")
            return bool(re.search(r"(?m)^plugins:", text) and re.search(r"name:\s*qoder\b", text))
    return False


def plugin_registered(folder: Path | None = None, version: str = __version__) -> bool:
    """True when the project names a plugin path or the CLI's cache holds this version."""
    if _project_names_plugin(folder or Path.cwd()):
        return True
    return (_plugin_cache() / f"resource-qoder-v{version}").is_dir()


def missing_plugin_message(version: str = __version__) -> str:
    return (
        f"the resource plugin qoder v{version} is not registered with the Pulumi CLI, so the "
        f"engine will try to download it and fail: run `{INSTALL_COMMAND}` in the environment "
        "that has pulumi-qoder installed (or name its bin folder in Pulumi.yaml "
        "plugins.providers[].path); see docs/native.md"
    )
