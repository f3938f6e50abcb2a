"""Where tests cache what is slow to build (dist/, node_modules): the project's cache folder,
`$PULUMI_QODER_CACHE`, else `$XDG_CACHE_HOME/pulumi-qoder` or `~/.cache/pulumi-qoder`."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

__all__ = ["cache_root", "prune"]


def cache_root(kind: str) -> Path:
    """The cache folder of one kind of build (`dist`, `node`)."""
    base = os.environ.get("PULUMI_QODER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pulumi-qoder")
    return Path(base) / kind


def prune(root: Path, keep: Path, stale_days: float) -> None:
    """Drop the entries of `root` but `keep` that no session has used for `stale_days`: an
    entry's `done` file marks it complete, and its mtime is when it was last used."""
    now = time.time()
    for entry in root.iterdir():
        done = entry / "done"
        if entry != keep and entry.is_dir() and (
                not done.exists() or now - done.stat().st_mtime > stale_days * 86400):
            shutil.rmtree(entry, ignore_errors=True)
