"""The emulator in its own process, wrapped in an in-flight request counter.

    python -m bench.counted_emulator     # first stdout line: the base URL

`GET /_bench/inflight` answers `{"peak": n, "total": n}` since the last
`DELETE /_bench/inflight`. Run apart from the benchmark's Pulumi program, so the two do not
share one interpreter lock.
"""

from __future__ import annotations

import json
import sys
import threading
from datetime import datetime, timezone

from pulumi_qoder.emulator import (
    API_PREFIX,
    DeploymentService,
    EmulatorServer,
    InMemoryStore,
    ManualClock,
    create_app,
)

TOKEN = "pt-bench-token-0000000000000001"


class InFlight:
    """ASGI middleware counting the API requests being served, and the peak since reset."""

    def __init__(self, app) -> None:
        self.app = app
        self._lock = threading.Lock()
        self.now = self.peak = self.total = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == "/_bench/inflight":
            await self._control(scope, send)
            return
        counted = scope["type"] == "http" and scope["path"].startswith(API_PREFIX)
        if counted:
            with self._lock:
                self.now += 1
                self.total += 1
                self.peak = max(self.peak, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            if counted:
                with self._lock:
                    self.now -= 1

    async def _control(self, scope, send) -> None:
        with self._lock:
            if scope["method"] == "DELETE":
                self.peak, self.total = self.now, 0
            body = json.dumps({"peak": self.peak, "total": self.total}).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def main() -> int:
    start = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)
    service = DeploymentService(store=InMemoryStore(), clock=ManualClock(start))
    with EmulatorServer(InFlight(create_app(service, tokens=[TOKEN]))) as server:
        print(server.base_url, flush=True)
        sys.stdin.read()  # until the benchmark closes our stdin
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
