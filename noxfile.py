"""The package's fast tests on the oldest and the newest Python it claims (`make pythons`).

    nox                      # both sessions: tests-3.10 and tests-3.13
    nox -s tests-3.10        # one of them
    nox -s tests-3.13 -- -x  # pytest arguments after `--` (default: -n 2, two xdist workers)

Each session makes a virtualenv with its own interpreter, installs the package with its dev
extras (on 3.10 without schemathesis, whose one contract test skips there) and runs the tests
that need no pulumi CLI: tests/client, tests/core, tests/dynamic (the dynamic provider in a
host) and tests/emulator. The engine tests run once, on the Python of `make test`.

Interpreters come from PATH and from pyenv's versions folder (`$PYENV_ROOT`, else
`~/.pyenv`), where this project's machine image installs both. A Python that is missing
skips its session locally and fails it in CI (`CI` set, as `.ci/run` runs).
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

OLDEST, NEWEST = "3.10", "3.13"  # pyproject's requires-python and classifiers; README
FAST_TESTS = ("tests/client", "tests/core", "tests/dynamic", "tests/emulator")

nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = bool(os.environ.get("CI"))
nox.options.download_python = "never"  # the machine's Pythons, or none
# .nox/ is kept between local runs (the install step then finds everything in place); a CI
# clone starts without it
nox.options.reuse_venv = "yes"


def _pyenv_bins() -> list[str]:
    """pyenv's real interpreter folders for our Pythons (its shims fail for a version that
    is installed but not selected, so they cannot stand in)."""
    root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    found = []
    for version in (OLDEST, NEWEST):
        found += sorted(str(p) for p in root.glob(f"{version}.*/bin")
                        if (p / f"python{version}").exists())
    return found


os.environ["PATH"] = os.pathsep.join([*_pyenv_bins(), os.environ.get("PATH", "")])


@nox.session(python=[OLDEST, NEWEST])
def tests(session: nox.Session) -> None:
    session.run("python", "-c", f"import sys; assert sys.version.startswith('{session.python}.')",
                silent=True)
    session.install("-e", ".[dev]")
    args = session.posargs or ["-n", "2", "--dist", "loadfile"]
    session.run("python", "-m", "pytest", *FAST_TESTS, "-q", "-p", "no:cacheprovider", *args)
