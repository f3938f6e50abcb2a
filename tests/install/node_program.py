"""A TypeScript program's node_modules, installed by npm against dist/'s Node SDK tarball.

Cached beside the dist build it belongs to (`<dist cache entry>/node/<hash of package.json>`),
so npm runs once per build and program; projects get the folder by a symlink.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

SDK_DEPENDENCY = "@pulumi-qoder/qoder"


def with_tarball(package: dict, tarball: Path) -> dict:
    deps = dict(package["dependencies"])
    deps[SDK_DEPENDENCY] = f"file:{tarball}"
    return {**package, "dependencies": deps}


def node_modules(assets: Path, package_json: Path) -> Path:
    """node_modules for the program whose package.json is given, the SDK from `assets`."""
    (tarball,) = assets.glob("pulumi-qoder-qoder-*.tgz")
    package = with_tarball(json.loads(package_json.read_text()), tarball)
    text = json.dumps(package, indent=4) + "\n"
    entry = assets.parent / "node" / hashlib.sha256(text.encode()).hexdigest()[:16]
    entry.parent.mkdir(parents=True, exist_ok=True)
    with open(entry.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (entry / "done").exists():
            shutil.rmtree(entry, ignore_errors=True)
            entry.mkdir()
            (entry / "package.json").write_text(text)
            done = subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--loglevel", "error"],
                cwd=entry, capture_output=True, text=True, timeout=900, check=False)
            if done.returncode != 0:
                raise AssertionError(f"npm install failed:\n{done.stdout}{done.stderr}")
            (entry / "done").write_text("")
    return entry / "node_modules"


def use_in(folder: Path, assets: Path) -> None:
    """Point a copied program at dist/'s tarball and the cached node_modules."""
    (tarball,) = assets.glob("pulumi-qoder-qoder-*.tgz")
    package = with_tarball(json.loads((folder / "package.json").read_text()), tarball)
    (folder / "package.json").write_text(json.dumps(package, indent=4) + "\n")
    (folder / "node_modules").symlink_to(node_modules(assets, folder / "package.json"),
                                         target_is_directory=True)
