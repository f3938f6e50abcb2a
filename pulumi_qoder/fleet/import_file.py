"""`pulumi-qoder import-file`: Pulumi's bulk import file for the live deployments no stack holds.

    pulumi-qoder import-file [--prefix P] [--exclude-state FILE]... [-o FILE] [--region R]
    pulumi import --file import.json

One entry per live deployment (whose name starts with P), leaving out those the stacks
whose `pulumi stack export` output is given already hold: `{"resources": [{"type":
"qoder:index:Deployment", "name": ..., "id": "dep_..."}]}`, names from `names.py`, sorted
by name. Reads the API only (the list, page by page). With nothing to import it writes
nothing, says why, and exits 3 (see `problem.py` for the other exit codes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from pulumi_qoder.fleet.names import resource_names
from pulumi_qoder.fleet.problem import BAD_INPUT, NOTHING_TO_DO, FleetProblem
from pulumi_qoder.fleet.survey import Survey, survey

__all__ = ["DEPLOYMENT_TYPE", "add_parser", "import_document"]

DEPLOYMENT_TYPE = "qoder:index:Deployment"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "import-file",
        help="write the bulk import file (`pulumi import --file`) for live deployments no "
             "given stack holds",
        description="Write Pulumi's bulk import file for every live deployment (or those "
                    "whose name starts with --prefix) that none of the --exclude-state "
                    "stacks holds. Reads the API only. Exit codes: 0 written, 1 the API "
                    "failed, 2 bad input, 3 nothing to import.",
    )
    parser.add_argument("--prefix", default="", help="only deployments whose name starts "
                                                      "with this")
    parser.add_argument("--exclude-state", action="extend", nargs="+", default=[],
                        metavar="FILE", help="a stack's `pulumi stack export` output (- for "
                                             "stdin): leave out what it holds; repeatable")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="where to write the file (default: standard output)")
    parser.add_argument("--region", help="the API region (global or cn; default: "
                                         "$QODER_BASE_URL, else global)")
    parser.set_defaults(run=run)


def import_document(found: Survey) -> dict[str, Any]:
    """The import file's content for the deployments `found` leaves unheld."""
    names = resource_names(found.live, reserved=found.taken_names)
    entries = [
        {"type": DEPLOYMENT_TYPE, "name": names[dep.id], "id": dep.id} for dep in found.unheld
    ]
    entries.sort(key=lambda entry: entry["name"].lower())
    return {"resources": entries}


def run(args: argparse.Namespace) -> int:
    found = survey(args.exclude_state, args.prefix, args.region)
    _check_something(found)
    document = import_document(found)
    text = json.dumps(document, indent=2) + "\n"
    if args.output:
        _write(Path(args.output), text)
    else:
        sys.stdout.write(text)
    count = len(document["resources"])
    where = args.output or "standard output"
    print(f"pulumi-qoder import-file: {count} deployment{'s' * (count != 1)} to import, "
          f"written to {where} ({_counts(found)})", file=sys.stderr)
    return 0


def _check_something(found: Survey) -> None:
    if not found.live:
        raise FleetProblem(NOTHING_TO_DO, "nothing to import: the account has no live "
                                          "deployment")
    if not found.matching:
        raise FleetProblem(NOTHING_TO_DO, f"nothing to import: no live deployment's name "
                                          f"starts with {found.prefix!r} "
                                          f"({len(found.live)} live)")
    if not found.unheld:
        which = f"whose name starts with {found.prefix!r} " if found.prefix else ""
        raise FleetProblem(NOTHING_TO_DO, f"nothing to import: all {len(found.matching)} live "
                                          f"deployments {which}are held by the given stacks")


def _counts(found: Survey) -> str:
    parts = [f"{len(found.live)} live"]
    if found.prefix:
        parts.append(f"{len(found.matching)} named {found.prefix}*")
    held = len(found.matching) - len(found.unheld)
    parts.append(f"{held} held by the given stacks")
    return ", ".join(parts)


def _write(path: Path, text: str) -> None:
    """Write whole or not at all: a half-written import file is never left behind."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp, path)
    except OSError as err:
        raise FleetProblem(BAD_INPUT, f"cannot write {path}: "
                                      f"{err.strerror or type(err).__name__}") from None
