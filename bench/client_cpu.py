"""CPU per API request of QoderClient (over httpx), bare httpx and `http.client`, side by side.

    python -m bench.client_cpu [--requests 500] [--rounds 3]

The emulator runs in its own process (`bench.counted_emulator`), so what is measured is the
calling process's CPU only: one keep-alive connection each, the same `GET` of one
deployment, answered and read whole; rounds interleaved, the median printed. QoderClient is
measured without a model (`cast_to=None`: headers, retry loop, transport) and with one
(`deployments.retrieve`: the pydantic model too). Only public APIs are used, so the same
script measures another checkout (`PYTHONPATH=/path/to/checkout python -m bench.client_cpu`).
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit

import httpx

from bench.counted_emulator import TOKEN
from bench.native import AGENT, ENVIRONMENT
from pulumi_qoder import QoderClient

HEADERS = {"Accept": "application/json", "User-Agent": "bench", "Authorization": f"Bearer {TOKEN}"}


def _cpu_per_request(send, requests: int) -> float:
    send()  # the connection opened, the first answer read
    start = time.process_time()
    for _ in range(requests):
        send()
    return (time.process_time() - start) / requests * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    emulator = subprocess.Popen([sys.executable, "-m", "bench.counted_emulator"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        base_url = emulator.stdout.readline().strip()
        qoder = QoderClient(token=TOKEN, base_url=base_url)
        created = qoder.deployments.create(agent=AGENT, environment_id=ENVIRONMENT,
                                           name="client-cpu", initial_events=[
                                               {"type": "user.message", "content": "hi"}])
        path = f"/deployments/{created.id}"
        url = urlsplit(base_url)
        stdlib = http.client.HTTPConnection(url.hostname, url.port, timeout=30.0)
        bare = httpx.Client(timeout=30.0)

        def with_stdlib() -> None:
            try:
                stdlib.request("GET", url.path + path, headers=HEADERS)
                stdlib.getresponse().read()
            except http.client.RemoteDisconnected:  # idle past the server's keep-alive
                stdlib.close()
                with_stdlib()

        senders = {
            "QoderClient.request (no model)": lambda: qoder.request("GET", path, cast_to=None),
            "QoderClient.deployments.retrieve": lambda: qoder.deployments.retrieve(created.id),
            "httpx.Client.get": lambda: bare.get(base_url + path, headers=HEADERS).read(),
            "http.client": with_stdlib,
        }
        results: dict[str, list[float]] = {name: [] for name in senders}
        for _ in range(args.rounds):
            for name, send in senders.items():
                results[name].append(_cpu_per_request(send, args.requests))
        qoder.close(), stdlib.close(), bare.close()
    finally:
        emulator.terminate()
        emulator.wait()
    print(f"CPU per GET of one deployment, calling process only (median of {args.rounds} "
          f"rounds of {args.requests}):")
    floor = statistics.median(results["http.client"])
    for name, times in results.items():
        median = statistics.median(times)
        print(f"  {name:34} {median:6.0f} us  ({median / floor:.2f}x http.client)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
