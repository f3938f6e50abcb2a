"""The emulator playing the real API's gateway: per-token rate limits and latency, over HTTP.

Nothing here is timed: the limit is made small (1 call per second or less) so the bucket
is empty for the whole test, and latency is seen through ``/_emulator/gateway``.
"""

import subprocess
import sys

import httpx
import pytest

from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.emulator.emulator_support import body

TOKEN = "pt-test-token-for-gateway-0001"
OTHER = "pt-test-token-for-gateway-0002"
RATE_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def served():
    """Start an app with the given create_app keywords; yields an ``open(**kw)``."""
    servers = []

    def open_(**kwargs) -> EmulatorServer:
        server = EmulatorServer(create_app(tokens=[TOKEN, OTHER], **kwargs)).start()
        servers.append(server)
        return server

    yield open_
    for server in servers:
        server.stop()


def test_an_empty_write_bucket_answers_429_with_retry_after_and_no_body(served):
    server = served(rate_limit="1/50")
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        first = http.post("/deployments", json=body(name="first"))
        refused = http.post("/deployments", json=body(name="second"))

    assert first.status_code == 200
    assert refused.status_code == 429
    assert refused.content == b""
    assert refused.headers["retry-after"] == "1"
    assert refused.headers["x-ratelimit-remaining"] == "0"


def test_a_refused_write_is_not_processed(served):
    server = served(rate_limit="0.01/50")
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        http.post("/deployments", json=body(name="first"))
        http.post("/deployments", json=body(name="second"))
        names = [d["name"] for d in http.get("/deployments").json()["data"]]

    assert names == ["first"]


def test_retry_after_is_the_whole_seconds_until_a_call_is_allowed_again(served):
    server = served(rate_limit="0.25/50")  # one write per 4 s
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        http.post("/deployments", json=body(name="first"))
        refused = http.post("/deployments", json=body(name="second"))

    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "4"  # ceil of just under 4 s


def test_reads_have_their_own_bucket(served):
    server = served(rate_limit="1/1")
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        write = http.post("/deployments", json=body())
        read = http.get("/deployments")
        second_read = http.get("/deployments")

    assert write.status_code == 200 and read.status_code == 200
    assert second_read.status_code == 429


def test_every_answer_carries_the_rate_limit_headers(served):
    server = served(rate_limit="20/50")
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        write = http.post("/deployments", json=body())
        read = http.get("/deployments")
        missing = http.get("/deployments/dep_00000000000000000000000000000000")

    assert [write.headers[h] for h in RATE_HEADERS] == ["20", "19", "1"]
    assert [read.headers[h] for h in RATE_HEADERS[:2]] == ["50", "49"]
    assert missing.status_code == 404 and all(h in missing.headers for h in RATE_HEADERS)


def test_without_a_limit_no_rate_limit_headers_are_sent(served):
    server = served()
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        answer = http.get("/deployments")

    assert answer.status_code == 200
    assert not any(h in answer.headers for h in (*RATE_HEADERS, "retry-after"))


def test_each_token_has_its_own_buckets(served):
    server = served(rate_limit="1/50")
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        mine = http.post("/deployments", json=body(name="mine"), headers=auth(TOKEN))
        theirs = http.post("/deployments", json=body(name="theirs"), headers=auth(OTHER))
        mine_again = http.post("/deployments", json=body(name="again"), headers=auth(TOKEN))

    assert (mine.status_code, theirs.status_code, mine_again.status_code) == (200, 200, 429)


def test_the_counts_say_how_many_calls_were_accepted_and_refused(served):
    server = served(rate_limit="1/2")
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        for name in ("a", "b", "c"):
            http.post("/deployments", json=body(name=name))
        for _ in range(3):
            http.get("/deployments")
        state = httpx.get(server.root_url + "/_emulator/gateway").json()

    assert state["rate_limit"] == {"writes_per_second": 1, "reads_per_second": 2}
    assert state["counts"] == {"writes": {"accepted": 1, "refused": 2},
                               "reads": {"accepted": 2, "refused": 1}}


def test_calls_are_counted_with_the_limit_off_and_the_counts_clear(served):
    server = served()
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        http.post("/deployments", json=body())
        http.get("/deployments")
    counts = httpx.get(server.root_url + "/_emulator/gateway").json()["counts"]
    cleared = httpx.delete(server.root_url + "/_emulator/gateway/counts").json()["counts"]

    assert counts == {"writes": {"accepted": 1, "refused": 0},
                      "reads": {"accepted": 1, "refused": 0}}
    assert cleared["writes"]["accepted"] == 0 and cleared["reads"]["accepted"] == 0


def test_the_control_surface_turns_the_limit_on_and_off(served):
    server = served()
    control = server.root_url + "/_emulator/gateway"
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        httpx.post(control, json={"rate_limit": "1/50"})
        http.post("/deployments", json=body(name="a"))
        refused = http.post("/deployments", json=body(name="b"))
        httpx.post(control, json={"rate_limit": None})
        accepted = http.post("/deployments", json=body(name="c"))

    assert refused.status_code == 429 and accepted.status_code == 200


def test_a_bad_rate_limit_is_a_400_naming_the_field(served):
    server = served()
    answer = httpx.post(server.root_url + "/_emulator/gateway", json={"rate_limit": "0/50"})

    assert answer.status_code == 400
    assert answer.json()["error"]["param"] == "rate_limit"


def test_latency_is_added_to_every_api_call_with_its_jitter(served):
    server = served(latency="40ms±25%")
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        http.post("/deployments", json=body())
        http.get("/deployments")
        http.get("/deployments")
    state = httpx.get(server.root_url + "/_emulator/gateway").json()

    assert state["latency"] == {"ms": 40, "jitter": 0.25}
    assert state["delayed"]["calls"] == 3
    assert 3 * 30 <= state["delayed"]["total_ms"] <= 3 * 50


def test_latency_set_through_the_control_surface_applies_to_the_next_calls(served):
    server = served()
    control = server.root_url + "/_emulator/gateway"
    with httpx.Client(base_url=server.base_url, headers=auth(), timeout=10) as http:
        http.get("/deployments")
        httpx.post(control, json={"latency": "20ms"})
        http.get("/deployments")
    state = httpx.get(control).json()

    assert state["delayed"] == {"calls": 1, "total_ms": 20}


def test_the_command_line_plays_the_gateway():
    process = subprocess.Popen(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", TOKEN,
         "--rate-limit", "1/50", "--latency", "5ms+-10%"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base_url = process.stdout.readline().strip()
        with httpx.Client(base_url=base_url, headers=auth(), timeout=10) as http:
            codes = [http.post("/deployments", json=body(name=n)).status_code for n in "ab"]
        root = base_url.removesuffix("/api/v1/cloud")
        state = httpx.get(root + "/_emulator/gateway", timeout=10).json()
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert codes == [200, 429]
    assert state["latency"] == {"ms": 5, "jitter": 0.1} and state["delayed"]["calls"] == 2


def test_a_bad_rate_limit_on_the_command_line_names_the_option():
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--rate-limit", "fast"],
        capture_output=True, text=True, timeout=30,
    )

    assert done.returncode == 2
    assert "--rate-limit" in done.stderr and "WRITES/READS" in done.stderr
