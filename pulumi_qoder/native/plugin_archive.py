"""The plugin archive: `pulumi-resource-qoder` as a Python plugin the Pulumi CLI installs itself.

What the CLI (v3.259) does with an archive holding a `PulumiPlugin.yaml`: it unpacks it into
`$PULUMI_HOME/plugins/resource-qoder-v<version>/`, then asks the language host the file
names (`runtime: python`, its own `pulumi-language-python`) to install the plugin's
dependencies there: `python3 -m venv venv` in that folder, pip upgraded, then `pip install
-r requirements.txt` run from the folder. If that fails, the folder stays marked `.partial`
and is neither listed nor run. To start a plugin, the CLI runs the executable
`pulumi-resource-qoder` in the folder when there is one (only without it would it ask the
Python host to run the folder, a host-version-dependent path: a YAML host built against an
older Pulumi SDK cannot start a v3.259 Python host that way), so the archive carries a
POSIX launcher that runs this folder's `__main__.py` with `venv/bin/python`.

So the archive holds this package's own files (`pulumi_qoder/`, imported from the plugin
folder), a requirements.txt naming its runtime dependencies, the entry point, the launcher
and the manifest. Nothing in it names a path of the machine that built it: once installed,
the plugin needs no virtualenv, checkout or PATH of the user's, only a `python3` (3.10+)
when the CLI installs it. The same bytes serve every os-arch name (see `release.PLATFORMS`).
"""

from __future__ import annotations

import gzip
import io
import re
import tarfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from pulumi_qoder._version import __version__

__all__ = [
    "ENTRY_POINT", "LAUNCHER", "PLUGIN_YAML", "files_from_package", "pack", "requirements_text",
    "version_of",
]

PLUGIN_YAML = """\
# pulumi-resource-qoder: on install the Pulumi CLI's Python language host makes the
# virtualenv `venv` here and installs requirements.txt into it; the executable
# `pulumi-resource-qoder` beside this file then runs the plugin with that virtualenv.
runtime:
  name: python
  options:
    toolchain: pip
    virtualenv: venv
"""

ENTRY_POINT = '''\
"""pulumi-resource-qoder: the launcher beside this file runs `venv/bin/python <this folder>`."""

import re
import sys
from pathlib import Path

from pulumi_qoder._version import __version__

# The CLI installs an archive under the version it asked for; one of another version would
# otherwise start and serve the wrong schema under that name.
_folder = re.fullmatch(r"resource-qoder-v(.+)", Path(__file__).resolve().parent.name)
if _folder and _folder.group(1) != __version__:
    sys.exit(f"pulumi-resource-qoder: {Path(__file__).parent} holds pulumi-qoder "
             f"{__version__}, not {_folder.group(1)}: the archive published as "
             f"v{_folder.group(1)} is another version's. Publish the right one, then run "
             f"`pulumi plugin rm resource qoder {_folder.group(1)} --yes` and `pulumi install`.")

from pulumi_qoder.native.server import main  # noqa: E402

sys.exit(main())
'''

LAUNCHER = """\
#!/bin/sh
# pulumi-resource-qoder: this folder's __main__.py on the virtualenv the CLI made here at
# install time. -E -s: no PYTHONPATH, PYTHONHOME or user site of the caller's.
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/venv/bin/python" -E -s "$here" "$@"
"""
EXECUTABLES = frozenset({"pulumi-resource-qoder"})
# Packed last: the CLI unpacks in order and leaves what it unpacked of a truncated download
# (marked `.partial`); without these two that folder can neither install nor start.
LAST = ("PulumiPlugin.yaml", "pulumi-resource-qoder")

# Never packed: byte code (made on the first start, for the interpreter that runs it).
_SKIPPED_PARTS = frozenset({"__pycache__"})
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


def requirements_text(requires: Iterable[str]) -> str:
    """requirements.txt from Requires-Dist lines: the runtime ones, extras left out."""
    kept = [r.strip() for r in requires if not re.search(r"\bextra\s*==", r)]
    header = f"# pulumi-qoder {__version__}'s runtime dependencies, installed by the CLI\n"
    return header + "".join(f"{r}\n" for r in kept)


def files_from_package(package: Path, requires: Iterable[str]) -> dict[str, bytes]:
    """The plugin folder's files, from an installed or unpacked `pulumi_qoder` folder.

    `schema.json` is the package's own (a wheel's) or, from a source checkout, the one beside
    the folder (the repository root): the plugin serves it, so an archive always holds it.
    """
    files = {
        "PulumiPlugin.yaml": PLUGIN_YAML.encode(),
        "__main__.py": ENTRY_POINT.encode(),
        "pulumi-resource-qoder": LAUNCHER.encode(),
        "requirements.txt": requirements_text(requires).encode(),
    }
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package)
        if (path.is_file() and not _SKIPPED_PARTS.intersection(rel.parts)
                and not path.name.endswith(_SKIPPED_SUFFIXES)):
            files[f"pulumi_qoder/{rel.as_posix()}"] = path.read_bytes()
    if "pulumi_qoder/native/server.py" not in files:
        raise ValueError(f"{package} is not the pulumi_qoder package (no native/server.py)")
    if "pulumi_qoder/schema.json" not in files:  # a source checkout: the repository root's
        checkout = package.parent / "schema.json"
        if not checkout.is_file():
            raise ValueError(f"{package} has no schema.json (nor has {package.parent})")
        files["pulumi_qoder/schema.json"] = checkout.read_bytes()
    return files


def pack(files: Mapping[str, bytes]) -> bytes:
    """A .tar.gz of `files`, byte-for-byte the same for the same files (no times, no owners),
    the manifest and the launcher last."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name in sorted(files, key=lambda n: (n in LAST, LAST.index(n) if n in LAST else 0, n)):
            info = tarfile.TarInfo(name)
            info.size = len(files[name])
            info.mode = 0o755 if name in EXECUTABLES else 0o644
            archive.addfile(info, io.BytesIO(files[name]))
    return gzip.compress(raw.getvalue(), mtime=0)


def version_of(packed: bytes) -> str:
    """The pulumi-qoder version inside a plugin archive; ValueError if it is not one."""
    try:
        with tarfile.open(fileobj=io.BytesIO(packed), mode="r:gz") as archive:
            member = archive.extractfile("pulumi_qoder/_version.py")
            text = member.read().decode() if member else ""
    except (tarfile.TarError, KeyError, OSError, EOFError, zlib.error) as error:
        raise ValueError(str(error) or type(error).__name__) from None
    found = re.search(r"""(?m)^__version__ = ["']([^"']+)["']""", text)
    if not found:
        raise ValueError("no pulumi_qoder/_version.py")
    return found.group(1)
