"""Where tests cache what is slow to build (dist/, node_modules): the project's cache folder,
`$PULUMI_QODER_CACHE`, else `$XDG_CACHE_HOME/pulumi-qoder` or `~/.cache/pulumi-qoder`."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_root"]


def cache_root(kind: str) -> Path:
    """The cache folder of one kind of build (`dist`, `node`)."""
    base = os.environ.get("PULUMI_QODER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pulumi-qoder")
    return Path(base) / kind
