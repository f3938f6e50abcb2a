"""The rate discipline against a loopback gateway over real HTTP (`tests/client/gateway.py`).

No assertion is on how long anything took: each is a bound the pacing guarantees (a turn is
never before its schedule, a request never arrives before its turn), checked on the one
monotonic clock the client and the gateway share.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_qoder import QoderClient, errors
from tests.client.gateway import Gateway

TOKEN = "pt-gateway-secret-5d1e"
BODY = {"name": "n", "agent": "agent_1", "environment_id": "env_1"}


def post(client: QoderClient) -> None:
    client.request("POST", "/deployments", cast_to=None, body=BODY)


def get(client: QoderClient) -> None:
    client.request("GET", "/deployments", cast_to=None)


def test_threads_sharing_a_token_keep_within_the_gateways_limit():
    rate, calls = 40, 80
    with Gateway(writes=rate) as gateway, QoderClient(
        token=TOKEN, base_url=gateway.base_url, writes_per_second=rate
    ) as client:
        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: post(client), range(calls)))
    assert gateway.statuses() == [200] * calls
    # The turns are 1/rate apart after a burst of two; no request goes before its turn.
    assert gateway.arrivals[-1].at >= started + (calls - 2) / rate


def test_one_threads_429_cools_down_the_other_threads_and_clients():
    waiting = threading.Event()

    def sleep(seconds: float) -> None:  # the throttled thread took its 429 in: it waits
        waiting.set()
        time.sleep(seconds)

    with Gateway() as gateway, QoderClient(
        token=TOKEN, base_url=gateway.base_url, sleep=sleep
    ) as throttled, QoderClient(token=TOKEN, base_url=gateway.base_url) as other:
        gateway.script(429, {"Retry-After": "1"})
        thread = threading.Thread(target=get, args=(throttled,))
        thread.start()
        assert waiting.wait(30)
        get(other)  # another client on another thread, after the 429
        thread.join()
    refused, *later = gateway.arrivals
    assert refused.status == 429 and [a.status for a in later] == [200, 200]
    assert all(a.at >= refused.answered_at + 1 for a in later)


def test_a_remaining_of_zero_holds_the_next_request_until_the_reset():
    with Gateway() as gateway, QoderClient(token=TOKEN, base_url=gateway.base_url) as client:
        gateway.script(200, {"X-RateLimit-Limit": "20", "X-RateLimit-Remaining": "0",
                             "X-RateLimit-Reset": "1"})
        post(client)
        post(client)
    first, second = gateway.arrivals
    assert second.at >= first.answered_at + 1


def test_a_429_storm_that_ends_within_the_budget_succeeds_with_one_idempotency_key():
    with Gateway() as gateway, QoderClient(
        token=TOKEN, base_url=gateway.base_url, max_retries=2
    ) as client:
        gateway.script(429, {"Retry-After": "0.05"}, count=6)
        post(client)
    assert gateway.statuses() == [429] * 6 + [200]
    keys = {a.idempotency_key for a in gateway.arrivals}
    assert len(keys) == 1 and None not in keys


def test_a_spent_budget_fails_naming_the_rate_limit_and_never_the_token():
    with Gateway() as gateway, QoderClient(
        token=TOKEN, base_url=gateway.base_url, retry_timeout=1.5
    ) as client:
        gateway.script(429, {"Retry-After": "1"}, count=10)
        with pytest.raises(errors.RateLimitError) as caught:
            post(client)
    assert gateway.statuses() == [429, 429]  # a third attempt would start after 1.5 s
    assert "rate limited by the API (429 Too Many Requests)" in str(caught.value)
    assert "the retry budget of 1.5 s (qoder:apiRetryTimeoutSeconds" in str(caught.value)
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value)
