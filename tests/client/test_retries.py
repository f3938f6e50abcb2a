"""How the client retries: counts, waits, and one idempotency key per logical call."""

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from pulumi_qoder import QoderClient, errors

DEP = "dep_019ec55a2b687b3f94eee77dd77e4b2a"
EVENTS = [{"type": "user.message", "content": "x"}]


def create(client):
    return client.deployments.create(
        name="n", agent="agent_1", environment_id="env_1", initial_events=EVENTS
    )


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_status_is_retried_then_succeeds(mocked, status):
    mocked.reply(status).reply(fixture="get-response.json")
    assert mocked.client.deployments.retrieve(DEP).id.startswith("dep_")
    assert len(mocked.requests) == 2


def test_default_is_eight_attempts_then_the_last_error(mocked):
    for _ in range(8):
        mocked.reply(500)
    mocked.reply(fixture="get-response.json")
    with pytest.raises(errors.InternalServerError):
        mocked.client.deployments.retrieve(DEP)
    assert len(mocked.requests) == 8
    assert len(mocked.sleeps) == 7


def test_default_retries_fit_in_the_default_budget(mocked):
    for _ in range(7):
        mocked.reply(503)
    mocked.reply(fixture="get-response.json")
    assert mocked.client.deployments.retrieve(DEP).id.startswith("dep_")
    assert sum(mocked.sleeps) <= 60


def test_no_retry_starts_after_the_retry_timeout(make_mocked):
    api = make_mocked(retry_timeout=10)
    for _ in range(8):
        api.reply(503, headers={"retry-after": "3"})
    with pytest.raises(errors.ServiceUnavailableError):
        api.client.deployments.retrieve(DEP)
    assert api.sleeps == [3.0, 3.0, 3.0]  # a fourth wait would end at 12 s
    assert len(api.requests) == 4


def test_time_spent_in_requests_counts_against_the_budget(make_mocked):
    api = make_mocked(retry_timeout=10, request_seconds=4)
    for _ in range(8):
        api.reply(503, headers={"retry-after": "1"})
    with pytest.raises(errors.ServiceUnavailableError):
        api.client.deployments.list()
    assert len(api.requests) == 3  # failures at 4 s, 9 s and 14 s; the budget ends at 10 s


def test_a_retry_after_beyond_the_budget_is_not_waited_for(make_mocked):
    api = make_mocked(retry_timeout=5).reply(429, headers={"retry-after": "30"})
    api.reply(fixture="get-response.json")
    with pytest.raises(errors.RateLimitError):
        api.client.deployments.retrieve(DEP)
    assert api.sleeps == []
    assert len(api.requests) == 1


def test_zero_retry_timeout_means_one_attempt(make_mocked):
    api = make_mocked(retry_timeout=0).reply(500).reply(fixture="get-response.json")
    with pytest.raises(errors.InternalServerError):
        api.client.deployments.retrieve(DEP)
    assert len(api.requests) == 1


def test_negative_retry_timeout_is_rejected():
    with pytest.raises(ValueError, match="retry_timeout"):
        QoderClient(token="pt-x", base_url="http://x", retry_timeout=-1)


def test_a_409_for_a_key_still_in_progress_is_retried(mocked):
    in_progress = {"type": "error", "error": {
        "type": "conflict_error",
        "message": "A request with this Idempotency-Key is still in progress."}}
    mocked.reply(409, json=in_progress).reply(fixture="get-response.json")
    create(mocked.client)
    assert len(mocked.requests) == 2


def test_a_409_for_a_key_reused_with_another_body_is_not_retried(mocked):
    reused = {"type": "error", "error": {
        "type": "conflict_error",
        "message": "The Idempotency-Key was already used with a different request body."}}
    mocked.reply(409, json=reused).reply(fixture="get-response.json")
    with pytest.raises(errors.ConflictError):
        create(mocked.client)
    assert len(mocked.requests) == 1


def test_a_caller_given_key_is_sent_on_every_attempt(mocked):
    mocked.reply(503).fail().reply(fixture="get-response.json")
    mocked.client.deployments.create(
        name="n", agent="agent_1", environment_id="env_1", initial_events=EVENTS,
        idempotency_key="qoder-create-abc",
    )
    assert [r.headers["idempotency-key"] for r in mocked.requests] == ["qoder-create-abc"] * 3


@pytest.mark.parametrize("retries", [0, 1, 4])
def test_max_retries_sets_the_attempt_count(make_mocked, retries):
    api = make_mocked(max_retries=retries)
    for _ in range(retries + 2):
        api.reply(500)
    with pytest.raises(errors.InternalServerError):
        api.client.deployments.list()
    assert len(api.requests) == retries + 1


def test_zero_retries_never_sleeps(make_mocked):
    api = make_mocked(max_retries=0).reply(429)
    with pytest.raises(errors.RateLimitError):
        api.client.deployments.list()
    assert api.sleeps == []


def test_negative_max_retries_is_rejected():
    with pytest.raises(ValueError, match="max_retries"):
        QoderClient(token="pt-x", base_url="http://x", max_retries=-1)


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, errors.InvalidRequestError), (401, errors.AuthenticationError),
     (403, errors.PermissionDeniedError), (404, errors.NotFoundError),
     (409, errors.ConflictError), (501, errors.FeatureNotAvailableError)],
    ids=["400", "401", "403", "404", "409", "501"],
)
def test_other_client_errors_are_never_retried(mocked, status, cls):
    mocked.reply(status).reply(fixture="pause-response.json")
    with pytest.raises(cls):
        mocked.client.deployments.pause(DEP)
    assert len(mocked.requests) == 1


def test_waits_come_from_retry_after_seconds(mocked):
    mocked.reply(429, headers={"retry-after": "3"}).reply(503, headers={"retry-after": "1"})
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.retrieve(DEP)
    assert mocked.sleeps == [3.0, 1.0]


def test_waits_come_from_retry_after_ms(mocked):
    mocked.reply(429, headers={"retry-after-ms": "1500"}).reply(fixture="get-response.json")
    mocked.client.deployments.retrieve(DEP)
    assert mocked.sleeps == [1.5]


def test_retry_after_over_a_minute_waits_a_minute(mocked):
    mocked.reply(429, headers={"retry-after": "3600"}).reply(fixture="get-response.json")
    mocked.client.deployments.retrieve(DEP)
    assert mocked.sleeps == [60.0]


def test_zero_retry_after_falls_back_to_backoff(mocked):
    mocked.reply(429, headers={"retry-after": "0"}).reply(fixture="get-response.json")
    mocked.client.deployments.retrieve(DEP)
    assert 0.375 <= mocked.sleeps[0] <= 0.5


def test_501_is_not_retried_even_when_the_server_says_so(mocked):
    mocked.reply(501, headers={"x-should-retry": "true"}).reply(fixture="get-response.json")
    with pytest.raises(errors.FeatureNotAvailableError):
        mocked.client.deployments.retrieve(DEP)
    assert len(mocked.requests) == 1


def test_backoff_grows_between_attempts(make_mocked):
    api = make_mocked(max_retries=3).reply(500).reply(500).reply(500).reply(500)
    with pytest.raises(errors.InternalServerError):
        api.client.deployments.list()
    assert len(api.sleeps) == 3
    for slept, base in zip(api.sleeps, [0.5, 1.0, 2.0], strict=True):
        assert 0.75 * base <= slept <= base


def test_connection_errors_are_retried(mocked):
    mocked.fail().fail(httpx.ReadTimeout, "timed out").reply(fixture="get-response.json")
    assert mocked.client.deployments.retrieve(DEP)
    assert len(mocked.requests) == 3


def test_connection_error_after_retries_is_raised(make_mocked):
    api = make_mocked(max_retries=2).fail().fail().fail()
    with pytest.raises(errors.APIConnectionError, match="connection refused"):
        api.client.deployments.list()
    assert len(api.requests) == 3


def test_create_reuses_one_idempotency_key_across_retries(mocked):
    mocked.reply(503).fail().reply(fixture="get-response.json")
    create(mocked.client)
    keys = {r.headers["idempotency-key"] for r in mocked.requests}
    assert len(mocked.requests) == 3
    assert len(keys) == 1


def test_run_reuses_one_idempotency_key_across_retries(mocked):
    mocked.reply(500).reply(fixture="run-response.json")
    mocked.client.deployments.run(DEP)
    assert mocked.requests[0].headers["idempotency-key"] == (
        mocked.requests[1].headers["idempotency-key"]
    )


def test_each_logical_call_gets_a_new_key(mocked):
    mocked.reply(fixture="get-response.json").reply(fixture="get-response.json")
    create(mocked.client)
    create(mocked.client)
    assert mocked.requests[0].headers["idempotency-key"] != (
        mocked.requests[1].headers["idempotency-key"]
    )


@pytest.mark.parametrize("action", ["pause", "unpause", "archive"])
def test_every_post_carries_an_idempotency_key(mocked, action):
    mocked.reply(fixture="pause-response.json")
    getattr(mocked.client.deployments, action)(DEP)
    assert mocked.last.headers["idempotency-key"]


def test_update_carries_an_idempotency_key(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.update(DEP, name="x")
    assert mocked.last.headers["idempotency-key"]


def test_gets_carry_no_idempotency_key(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.retrieve(DEP)
    assert "idempotency-key" not in mocked.last.headers


def test_wait_comes_from_a_retry_after_http_date(mocked):
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    mocked.reply(503, headers={"retry-after": format_datetime(when, usegmt=True)})
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.retrieve(DEP)
    assert 25 < mocked.sleeps[0] <= 30


def test_server_hint_not_to_retry_is_honoured(mocked):
    mocked.reply(503, headers={"x-should-retry": "false"}).reply(fixture="get-response.json")
    with pytest.raises(errors.ServiceUnavailableError):
        mocked.client.deployments.retrieve(DEP)
    assert len(mocked.requests) == 1
