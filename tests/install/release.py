"""The release assets as `make dist` builds them, and a loopback server standing in for the
release page.

`release_assets()` runs scripts/build-dist (what `make dist` runs) once per set of inputs
into `$PULUMI_QODER_CACHE/dist/<hash>/dist` (default ~/.cache/pulumi-qoder), the hash taken
over every file the build reads (the package, pyproject, README, CHANGELOG, sdk/nodejs, the
two scripts) and the Node version: the first session builds (about a minute, most of it
the Node SDK), later ones reuse. Sessions and xdist workers wait on one lock.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.cache import cache_root, prune

REPO = Path(__file__).resolve().parents[2]
INPUTS = ("pulumi_qoder", "sdk/nodejs", "pyproject.toml", "README.md", "CHANGELOG.md",
          "scripts/build-dist", "scripts/pack-node-sdk")
SKIPPED = frozenset({"__pycache__", "node_modules", "bin"})
STALE_DAYS = 7


def inputs_hash() -> str:
    digest = hashlib.sha256()
    for name in INPUTS:
        root = REPO / name
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in paths:
            rel = path.relative_to(REPO)
            if path.is_file() and not SKIPPED.intersection(rel.parts) and path.suffix != ".pyc":
                digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True)
    digest.update(node.stdout.encode())
    return digest.hexdigest()[:16]


def release_assets() -> Path:
    """The dist/ folder `make dist` writes, for this checkout (cached, built once)."""
    root = cache_root("dist")
    root.mkdir(parents=True, exist_ok=True)
    entry = root / inputs_hash()
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (entry / "done").exists():
            shutil.rmtree(entry, ignore_errors=True)
            entry.mkdir()
            done = subprocess.run(
                [sys.executable, str(REPO / "scripts" / "build-dist"), "--out",
                 str(entry / "dist")],
                capture_output=True, text=True, timeout=1200, check=False)
            if done.returncode != 0:
                raise AssertionError(f"scripts/build-dist failed:\n{done.stdout}{done.stderr}")
        (entry / "done").write_text("")
        prune(root, keep=entry, stale_days=STALE_DAYS)
    return entry / "dist"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        self.server.requests.append(self.path)  # type: ignore[attr-defined]


class ReleasePage:
    """Static files on 127.0.0.1 from `root`; `requests` lists the paths asked for."""

    def __init__(self, server: http.server.ThreadingHTTPServer, root: Path) -> None:
        self._server = server
        self.root = root

    @property
    def requests(self) -> list[str]:
        return self._server.requests  # type: ignore[attr-defined]

    def url(self, folder: str) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/{folder}"

    def override(self, folder: str) -> str:
        """`PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES` sending every plugin download to `folder`.

        Unanchored: the CLI matches the pattern against the source's URL with Go's
        `FindStringSubmatch` (`github://api.github.com/pulumi-qoder/pulumi-qoder` here).
        """
        return f".*={self.url(folder)}"

    def publish(self, folder: str, files: dict[str, bytes]) -> None:
        target = self.root / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (target / name).write_bytes(data)


@contextmanager
def release_page(root: Path) -> Iterator[ReleasePage]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ReleasePage(server, root)
    finally:
        server.shutdown()
        server.server_close()
