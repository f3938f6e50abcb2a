"""`pulumi-qoder orphans`: the live deployments that none of the given stacks holds.

    pulumi-qoder orphans --state FILE... [--prefix P] [--json] [--region R]

One `<id>\t<name>` line per orphan, sorted by name (or a JSON list of `{"id", "name"}`
with `--json`); none prints nothing and exits 0. What a lost state, a half-finished
migration or a deployment made by hand leaves behind. Reads the API only.
"""

from __future__ import annotations

import argparse
import json
import sys

from pulumi_qoder.fleet.survey import survey

__all__ = ["add_parser"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "orphans",
        help="print the live deployments that no given stack holds",
        description="Print the live deployments (id and name, one a line) that none of the "
                    "given stacks' exported states holds. Reads the API only. Exit codes: "
                    "0 printed (perhaps nothing), 1 the API failed, 2 bad input.",
    )
    parser.add_argument("--state", action="extend", nargs="+", required=True, metavar="FILE",
                        help="a stack's `pulumi stack export` output (- for stdin); "
                             "repeatable")
    parser.add_argument("--prefix", default="", help="only deployments whose name starts "
                                                      "with this")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    parser.add_argument("--region", help="the API region (global or cn; default: "
                                         "$QODER_BASE_URL, else global)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    found = survey(args.state, args.prefix, args.region)
    orphans = sorted(found.unheld, key=lambda dep: (dep.name, dep.id))
    if args.json:
        json.dump([{"id": dep.id, "name": dep.name} for dep in orphans], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.writelines(f"{dep.id}\t{dep.name}\n" for dep in orphans)
    print(f"pulumi-qoder orphans: {len(orphans)} of {len(found.matching)} live deployments "
          f"held by none of the {len(args.state)} given stacks", file=sys.stderr)
    return 0
