"""The Node SDK built and packed as README says (`scripts/pack-node-sdk`), and a TypeScript
program's node_modules installed from the npm registry against that tarball.

Both are cached outside the repository, under `$PULUMI_QODER_CACHE/node/<hash>/` (default
~/.cache/pulumi-qoder), keyed by a hash of sdk/nodejs, the program's package.json, the pack
script and the Node version: the first session installs (about a minute), later ones reuse.
Project copies get the cached node_modules by a symlink, so no test runs npm again.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.cache import cache_root, prune
from tests.support.pulumi_cli import missing

REPO = Path(__file__).resolve().parents[2]
SDK = REPO / "sdk" / "nodejs"
PACK_SCRIPT = REPO / "scripts" / "pack-node-sdk"
SDK_DEPENDENCY = "@pulumi-qoder/qoder"
SKIPPED = frozenset({"node_modules", "bin", "package-lock.json"})
STALE_DAYS = 14


def inputs_hash(package_json: Path) -> str:
    """What the cached install depends on: every SDK source file, the program's
    package.json, the pack script and the Node version."""
    digest = hashlib.sha256()
    for path in sorted(SDK.rglob("*")):
        rel = path.relative_to(SDK)
        if path.is_file() and not SKIPPED.intersection(rel.parts):
            digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for path in (package_json, PACK_SCRIPT):
        digest.update(path.read_bytes() + b"\0")
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True)
    digest.update(node.stdout.encode())
    return digest.hexdigest()[:16]


def with_sdk_tarball(package: dict, tarball: Path) -> dict:
    """The program's package.json with the SDK taken from `tarball` (README's `file:` form)."""
    deps = dict(package["dependencies"])
    assert deps[SDK_DEPENDENCY].startswith("file:"), deps[SDK_DEPENDENCY]
    deps[SDK_DEPENDENCY] = f"file:{tarball}"
    return {**package, "dependencies": deps}


@dataclass(frozen=True)
class NodeInstall:
    root: Path           # the cache entry
    tarball: Path        # the packed SDK
    program: Path        # the program folder whose node_modules the projects share

    @property
    def node_modules(self) -> Path:
        return self.program / "node_modules"

    def use_in(self, folder: Path) -> None:
        """Point a copied program folder at the cached tarball and node_modules."""
        package = json.loads((folder / "package.json").read_text())
        (folder / "package.json").write_text(
            json.dumps(with_sdk_tarball(package, self.tarball), indent=4) + "\n")
        target = folder / "node_modules"
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        target.unlink(missing_ok=True)
        target.symlink_to(self.node_modules, target_is_directory=True)


def _install(entry: Path, package_json: Path) -> None:
    """Pack the SDK and install the program's dependencies into `entry` (a new folder)."""
    packed = subprocess.run(
        [sys.executable, str(PACK_SCRIPT), "--out", str(entry)],
        capture_output=True, text=True, timeout=900, check=False,
    )
    if packed.returncode != 0:
        raise AssertionError(f"scripts/pack-node-sdk failed:\n{packed.stdout}{packed.stderr}")
    tarball = Path(packed.stdout.strip().splitlines()[-1])
    program = entry / "program"
    program.mkdir()
    package = json.loads(package_json.read_text())
    (program / "package.json").write_text(
        json.dumps(with_sdk_tarball(package, tarball), indent=4) + "\n")
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel", "error"],
        cwd=program, capture_output=True, text=True, timeout=900, check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"npm install failed:\n{done.stdout}{done.stderr}")


def node_install(package_json: Path) -> NodeInstall:
    """The cache entry for this SDK and program, installed once (other sessions wait)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        missing("no node/npm on PATH: the TypeScript tests need Node.js 20 or later")
    root = cache_root("node")
    root.mkdir(parents=True, exist_ok=True)
    entry = root / inputs_hash(package_json)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (entry / "done").exists():
            shutil.rmtree(entry, ignore_errors=True)
            entry.mkdir()
            _install(entry, package_json)
        (entry / "done").write_text("")  # its mtime: when this entry was last used
        prune(root, keep=entry, stale_days=STALE_DAYS)
    (tarball,) = entry.glob("*.tgz")
    return NodeInstall(root=entry, tarball=tarball, program=entry / "program")
