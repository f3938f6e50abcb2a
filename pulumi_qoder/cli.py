"""`pulumi-qoder`: the package's command line, each subcommand in the module of its area:
`install-plugin` (native/install.py), `import-file` and `orphans` (fleet/)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    from pulumi_qoder.fleet import import_file, orphans
    from pulumi_qoder.fleet.problem import FleetProblem
    from pulumi_qoder.native import install

    parser = argparse.ArgumentParser(
        prog="pulumi-qoder", description="Tools for the pulumi-qoder provider."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    install.add_parser(commands)
    import_file.add_parser(commands)
    orphans.add_parser(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except FleetProblem as problem:
        print(f"pulumi-qoder {args.command}: {problem}", file=sys.stderr)
        return problem.code
    except KeyboardInterrupt:
        print(f"pulumi-qoder {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
