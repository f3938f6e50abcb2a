"""One engine command on the chaos fleet stack, run as a child so a test can SIGKILL it.

    python -m tests.engine.engine_child '{"command": "up", "count": 20, ...}'

Exit status 0 when the command succeeded, 1 when it failed (the engine's output is on
stdout either way).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "examples"))

from runner import EngineStack  # noqa: E402

from tests.engine.chaos import fleet  # noqa: E402


def main(raw: str) -> int:
    args = json.loads(raw)
    stack = EngineStack(
        Path(args["cli_dir"]),
        Path(args["home"]),
        fleet(args["count"], args["named_every"]),
        project=args["project"],
        config={"qoder:baseUrl": args["base_url"], **args.get("config", {})},
        secrets={"qoder:token": args["token"]},
    )
    try:
        getattr(stack, args["command"])(on_output=lambda line: print(line, flush=True))
    except Exception as err:  # the engine's failure, already printed line by line
        print(f"engine_child: {args['command']} failed: {type(err).__name__}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
