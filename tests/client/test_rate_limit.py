"""The client's rate discipline on a virtual clock: pacing, cool-downs, AIMD, the headers.

Every client here records its requests' send times (`MockedAPI.sent_at`) on a clock that
only its sleeps move, so spacing is checked exactly, without waiting.
"""

from __future__ import annotations

import httpx
import pytest

from pulumi_qoder import QoderClient, errors
from pulumi_qoder.client._ratelimit import FLOOR, RateLimiter, shared_limiter
from tests.support.constants import MOCK_BASE_URL as BASE_URL
from tests.support.constants import TEST_TOKEN as SECRET_TOKEN

DEP = "dep_019ec55a2b687b3f94eee77dd77e4b2a"
EVENTS = [{"type": "user.message", "content": "x"}]


def create(client):
    return client.deployments.create(
        name="n", agent="agent_1", environment_id="env_1", initial_events=EVENTS
    )


def gaps(times):
    return [round(b - a, 9) for a, b in zip(times, times[1:], strict=False)]


def test_writes_leave_evenly_spaced_at_the_write_rate_after_a_burst_of_two(make_mocked):
    api = make_mocked(writes_per_second=10)
    for _ in range(6):
        api.reply(fixture="pause-response.json")
        api.client.deployments.pause(DEP)
    assert gaps(api.sent_at) == [0.0, 0.1, 0.1, 0.1, 0.1]


def test_reads_are_paced_at_their_own_rate(make_mocked):
    api = make_mocked(reads_per_second=4)
    for _ in range(4):
        api.reply(fixture="get-response.json")
        api.client.deployments.retrieve(DEP)
    assert gaps(api.sent_at) == [0.0, 0.25, 0.25]


def test_reads_do_not_wait_behind_writes(make_mocked):
    api = make_mocked(writes_per_second=1, reads_per_second=1000)
    for _ in range(3):
        api.reply(fixture="pause-response.json")
        api.client.deployments.pause(DEP)
    api.reply(fixture="get-response.json")
    api.client.deployments.retrieve(DEP)
    assert api.sent_at == [0.0, 0.0, 1.0, 1.0]  # the read goes right after the third write


def test_an_idle_spell_allows_no_more_than_a_burst_of_two(make_mocked):
    api = make_mocked(writes_per_second=10)
    api.reply(fixture="pause-response.json")
    api.client.deployments.pause(DEP)
    api.now = 100.0  # long idle
    for _ in range(3):
        api.reply(fixture="pause-response.json")
        api.client.deployments.pause(DEP)
    assert gaps(api.sent_at[1:]) == [0.0, 0.1]


def test_a_429_cools_down_then_halves_the_rate(make_mocked):
    api = make_mocked(writes_per_second=10)
    api.reply(429, headers={"retry-after": "2"})
    for _ in range(4):
        api.reply(fixture="pause-response.json")
    api.client.deployments.pause(DEP)
    for _ in range(3):
        api.client.deployments.pause(DEP)
    assert api.sent_at[:3] == [0.0, 2.0, 2.0]  # the retry waits out the cool-down (burst 2)
    # then about 5 writes/s, not 10 (successes give back 1/s per second)
    assert all(0.15 < gap <= 0.21 for gap in gaps(api.sent_at[2:]))


def test_successes_restore_the_rate_by_a_tenth_per_second(make_mocked):
    api = make_mocked(writes_per_second=10, max_retries=1)
    api.reply(429, headers={"retry-after": "1"})
    for _ in range(60):
        api.reply(fixture="pause-response.json")
    api.client.deployments.pause(DEP)
    for _ in range(59):
        api.client.deployments.pause(DEP)
    spacing = gaps(api.sent_at[1:])
    assert spacing[1] > 0.15 and spacing[-1] == 0.1  # from ~5/s back to the configured 10/s
    assert min(spacing[1:]) == 0.1  # never faster than configured
    # 10 % of the rate back per second: 5/s to 10/s within about 5 s of successes
    assert 4 <= api.sent_at[1 + spacing.index(0.1)] - api.sent_at[1] <= 6


def test_a_burst_of_429s_from_one_event_halves_the_rate_once():
    clock = Clock()
    limiter = RateLimiter(writes_per_second=20, reads_per_second=50, clock=clock)
    turns = [limiter.turn(True, clock.sleep) for _ in range(4)]  # all in flight at once
    for turn in turns:
        limiter.answered(turn, {}, ok=False, throttle=1.0)
    assert limiter.rates() == (10.0, 50.0)


def test_the_rate_never_falls_below_its_floor():
    clock = Clock()
    limiter = RateLimiter(writes_per_second=20, reads_per_second=50, clock=clock)
    for _ in range(30):  # each throttled request was sent after the last decrease
        limiter.answered(limiter.turn(True, clock.sleep), {}, ok=False, throttle=0.5)
    assert limiter.rates() == (20 * FLOOR, 50.0)


def test_one_clients_429_cools_down_every_client_of_the_token():
    clock = Clock()
    throttled, other = (clock.client(429, headers={"retry-after": "5"}, max_retries=0),
                        clock.client(200, json={}))
    with pytest.raises(errors.RateLimitError):
        throttled.request("GET", "/deployments", cast_to=None)
    other.request("GET", "/deployments", cast_to=None)
    assert clock.sleeps == [5.0]


def test_another_token_is_not_cooled_down():
    clock = Clock()
    throttled = clock.client(429, headers={"retry-after": "5"}, max_retries=0)
    other = clock.client(200, json={}, token="pt-another-token")
    with pytest.raises(errors.RateLimitError):
        throttled.request("GET", "/deployments", cast_to=None)
    other.request("GET", "/deployments", cast_to=None)
    assert clock.sleeps == []


def test_clients_of_one_token_share_one_limiter_keyed_without_the_token():
    clock = Clock()
    first, second = clock.client(200), clock.client(200)
    assert first._limiter is second._limiter
    assert SECRET_TOKEN not in repr(first._limiter)
    assert not any(SECRET_TOKEN in repr(key) for key in _shared_keys())


def test_remaining_zero_holds_the_lane_until_the_reset(make_mocked):
    api = make_mocked()
    api.reply(fixture="pause-response.json",
              headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "3"})
    api.reply(fixture="pause-response.json")
    api.client.deployments.pause(DEP)
    api.client.deployments.pause(DEP)
    assert api.sent_at == [0.0, 3.0]


def test_a_reset_given_as_a_unix_time_is_read_as_one(make_mocked):
    import time

    api = make_mocked()
    api.reply(fixture="pause-response.json",
              headers={"x-ratelimit-remaining": "0",
                       "x-ratelimit-reset": str(int(time.time()) + 30)})
    api.reply(fixture="pause-response.json")
    api.client.deployments.pause(DEP)
    api.client.deployments.pause(DEP)
    assert 28 <= api.sent_at[1] <= 30


def test_a_low_remaining_is_spread_over_the_time_to_reset(make_mocked):
    api = make_mocked()
    low = {"x-ratelimit-limit": "20", "x-ratelimit-remaining": "2", "x-ratelimit-reset": "1"}
    api.reply(fixture="pause-response.json", headers=low)
    api.reply(fixture="pause-response.json")
    api.reply(fixture="pause-response.json")
    for _ in range(3):
        api.client.deployments.pause(DEP)
    assert gaps(api.sent_at) == [0.5, 0.5]  # 2 left for 1 s: one every 0.5 s


def test_turns_promised_before_a_low_remaining_are_taken_again_at_its_pace():
    clock = Clock()
    limiter = RateLimiter(writes_per_second=10, reads_per_second=50, clock=clock)
    first = limiter.turn(True, clock.sleep)
    limiter.turn(True, clock.sleep)  # the burst's second: also at 0

    def answer_while_waiting(seconds):  # another thread's answer arrives meanwhile
        if not clock.sleeps:
            limiter.answered(first, {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "1",
                                     "X-RateLimit-Reset": "2"})
        clock.sleep(seconds)

    third = limiter.turn(True, answer_while_waiting)
    assert third.at == 2.0  # 1 left for 2 s, after the last turn used (at 0)
    assert clock.sleeps == [0.1, 1.9]


def test_a_full_bucket_lifts_the_spreading(make_mocked):
    api = make_mocked()
    api.reply(fixture="pause-response.json", headers={
        "x-ratelimit-limit": "20", "x-ratelimit-remaining": "1", "x-ratelimit-reset": "1"})
    api.reply(fixture="pause-response.json", headers={
        "x-ratelimit-limit": "20", "x-ratelimit-remaining": "19", "x-ratelimit-reset": "1"})
    for _ in range(3):
        api.reply(fixture="pause-response.json")
    for _ in range(5):
        api.client.deployments.pause(DEP)
    assert gaps(api.sent_at)[2:] == [0.05, 0.05]  # back to 20/s


def test_unreadable_rate_limit_headers_are_ignored(make_mocked):
    api = make_mocked()
    api.reply(fixture="pause-response.json", headers={
        "x-ratelimit-remaining": "none", "x-ratelimit-reset": "soon"})
    api.reply(fixture="pause-response.json")
    api.client.deployments.pause(DEP)
    api.client.deployments.pause(DEP)
    assert api.sleeps == []


@pytest.mark.parametrize("status", [429, 503])
def test_a_throttle_storm_longer_than_max_retries_ends_in_one_create_with_one_key(
    make_mocked, status
):
    api = make_mocked(max_retries=2)
    for _ in range(12):
        api.reply(status)
    api.reply(fixture="get-response.json")
    create(api.client)
    assert len(api.requests) == 13
    assert {r.headers["idempotency-key"] for r in api.requests} == {
        api.requests[0].headers["idempotency-key"]}
    assert sum(api.sleeps) <= 300  # within the default budget


def test_max_retries_still_bounds_other_failures(make_mocked):
    api = make_mocked(max_retries=2)
    for _ in range(5):
        api.reply(500)
    with pytest.raises(errors.InternalServerError):
        api.client.deployments.list()
    assert len(api.requests) == 3


def test_a_spent_budget_names_the_rate_limit_and_the_setting(make_mocked):
    api = make_mocked(retry_timeout=10)
    for _ in range(20):
        api.reply(429, headers={"retry-after": "3"})
    with pytest.raises(errors.RateLimitError) as caught:
        create(api.client)
    assert api.sent_at == [0.0, 3.0, 6.0, 9.0]  # a fifth attempt would start at 12 s
    message = str(caught.value)
    assert message.startswith(
        "429: rate limited by the API (429 Too Many Requests) for 9 s; the retry budget of "
        "10 s (qoder:apiRetryTimeoutSeconds, the client's retry_timeout) ran out")
    assert SECRET_TOKEN not in message and SECRET_TOKEN not in repr(caught.value)


def test_a_spent_budget_on_503s_says_the_api_was_unavailable(make_mocked):
    api = make_mocked(retry_timeout=1)
    for _ in range(5):
        api.reply(503, headers={"retry-after": "1"})
    with pytest.raises(errors.ServiceUnavailableError, match=(
            r"503: the API was unavailable \(503 Service Unavailable\) for 1 s; the retry "
            r"budget of 1 s")):
        api.client.deployments.list()


def test_a_retry_after_longer_than_the_budget_says_so(make_mocked):
    api = make_mocked(retry_timeout=5).reply(429, headers={"retry-after": "30"})
    with pytest.raises(errors.RateLimitError, match=(
            r"^429: rate limited by the API \(429 Too Many Requests\), asked to wait longer "
            r"than the retry budget of 5 s \(qoder:apiRetryTimeoutSeconds, the client's "
            r"retry_timeout\) allows; the last answer: Too Many Requests")):
        api.client.deployments.list()
    assert api.sleeps == []


@pytest.mark.parametrize("rate", [0, -1, float("nan"), float("inf")])
def test_a_rate_that_is_not_above_zero_is_rejected(rate):
    with pytest.raises(ValueError, match="writes_per_second must be a number above 0"):
        QoderClient(token="pt-x", base_url="http://x", writes_per_second=rate)


def test_the_latest_client_sets_the_tokens_rates():
    clock = Clock()
    clock.client(200, writes_per_second=5)
    later = clock.client(200, writes_per_second=8, reads_per_second=30)
    assert later._limiter.rates() == (8.0, 30.0)


class Clock:
    """A virtual clock and sleep shared by several clients (one limiter per token)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self._made: list[QoderClient] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def client(self, status, *, headers=None, json=None, token=SECRET_TOKEN, **options):
        def answer(request):
            return httpx.Response(status, headers=headers, json=json)

        made = QoderClient(token=token, base_url=BASE_URL, clock=self, sleep=self.sleep,
                           http_client=httpx.Client(transport=httpx.MockTransport(answer)),
                           **options)
        self._made.append(made)
        return made


def _shared_keys():
    from pulumi_qoder.client import _ratelimit

    return list(_ratelimit._SHARED.keys())


def test_the_shared_limiter_is_one_per_base_url():
    clock = Clock()
    assert (shared_limiter("http://a/api/v1/cloud", "pt-x", 1, 1, clock)
            is not shared_limiter("http://b/api/v1/cloud", "pt-x", 1, 1, clock))
