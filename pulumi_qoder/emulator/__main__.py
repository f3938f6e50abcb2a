"""The ``qoder-emulator`` command: serve a local Qoder Deployments API."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime, timezone

import uvicorn

from .api.service import DeploymentService
from .app import DEV_TOKEN, create_app
from .clock import Clock, ManualClock, SystemClock, parse_timestamp
from .harness.journal import DEFAULT_JOURNAL_SIZE
from .harness.latency import Latency
from .harness.rate_limit import RateLimit
from .harness.server import _listening_socket, _quiet_injected_drops
from .storage.store import InMemoryStore, SQLiteStore, Store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qoder-emulator", description="Serve a local emulator of the Qoder Deployments API."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8787, help="port; 0 picks a free one")
    parser.add_argument(
        "--token", action="append", default=[],
        help="accepted personal access token (repeatable); default: a printed dev token",
    )
    parser.add_argument("--db", help="SQLite file to keep state in (default: memory only)")
    parser.add_argument("--clock", choices=("real", "manual"), default="real",
                        help="'manual' moves only via POST /_emulator/clock")
    parser.add_argument("--start", help="manual clock start, RFC 3339 (default: now)")
    parser.add_argument("--journal-size", type=_non_negative, default=DEFAULT_JOURNAL_SIZE,
                        help="API calls kept in GET /_emulator/requests, oldest dropped first"
                        f" (default {DEFAULT_JOURNAL_SIZE})")
    parser.add_argument("--rate-limit", type=_rate_limit, metavar="WRITES/READS",
                        help="play the gateway's limit per token, e.g. 20/50 (writes/reads per"
                        " second): 429 with Retry-After, X-RateLimit-* headers (default off)")
    parser.add_argument("--latency", type=_latency, metavar="MS",
                        help="delay every API call, e.g. 80ms or 80ms±25%% (uniform jitter;"
                        " +- for ±) (default none)")
    parser.add_argument("--log-level", default="warning", help="uvicorn log level")
    return parser


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _rate_limit(text: str) -> RateLimit:
    try:
        return RateLimit.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _latency(text: str) -> Latency:
    try:
        return Latency.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    clock: Clock = SystemClock()
    if args.clock == "manual":
        start = parse_timestamp(args.start) if args.start else datetime.now(timezone.utc)
        clock = ManualClock(start.replace(microsecond=0))
    store: Store = SQLiteStore(args.db) if args.db else InMemoryStore()
    app = create_app(
        DeploymentService(store, clock), tokens=args.token, journal_size=args.journal_size,
        rate_limit=args.rate_limit, latency=args.latency,
    )
    sock = _listening_socket(args.host, args.port)
    host, port = sock.getsockname()[:2]
    host = f"[{host}]" if ":" in host else host
    if not args.token:
        print(f"qoder-emulator: no --token given; accepting {DEV_TOKEN}", file=sys.stderr)
    print(f"http://{host}:{port}/api/v1/cloud", flush=True)
    config = uvicorn.Config(app, log_level=args.log_level, lifespan="off")
    _quiet_injected_drops()  # an injected drop is intended, not an error to log
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
