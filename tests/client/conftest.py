"""Fixtures for wire-level client tests: a QoderClient over a recording httpx.MockTransport."""

import json

import httpx
import pytest

from pulumi_qoder import QoderClient
from tests.support.constants import MOCK_BASE_URL, TEST_TOKEN
from tests.support.recorded import fixture_json

BASE_URL = MOCK_BASE_URL


class MockedAPI:
    """Replies queued with reply(); every request recorded; sleeps recorded, never slept.

    The client's clock is virtual: it advances by each sleep, and by `request_seconds`
    per request, so retry budgets are tested without waiting.
    """

    def __init__(self, request_seconds: float = 0.0, **client_options):
        self.requests: list[httpx.Request] = []
        self.sent_at: list[float] = []  # the virtual clock at each request
        self.sleeps: list[float] = []
        self.now = 0.0
        self.request_seconds = request_seconds
        self._replies: list = []
        self.http = httpx.Client(transport=httpx.MockTransport(self._handle))
        self.client = QoderClient(
            token=TEST_TOKEN, base_url=BASE_URL, http_client=self.http,
            sleep=self._sleep, clock=lambda: self.now, **client_options,
        )

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def reply(self, status=200, *, json=None, content=b"", headers=None, fixture=None):
        if fixture is not None:
            json = fixture_json(fixture)
        self._replies.append(httpx.Response(status, json=json, content=None if json else content,
                                            headers=headers))
        return self

    def fail(self, exc_type=httpx.ConnectError, message="connection refused"):
        self._replies.append(exc_type(message))
        return self

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def body(self, index=-1):
        return json.loads(self.requests[index].content)

    def _handle(self, request):
        self.requests.append(request)
        self.sent_at.append(self.now)
        self.now += self.request_seconds
        reply = self._replies.pop(0) if self._replies else httpx.Response(500)
        if isinstance(reply, Exception):
            reply.request = request
            raise reply
        return reply


@pytest.fixture
def mocked():
    api = MockedAPI()
    yield api
    api.http.close()


@pytest.fixture
def make_mocked():
    made = []

    def make(**client_options):
        made.append(MockedAPI(**client_options))
        return made[-1]

    yield make
    for api in made:
        api.http.close()


@pytest.fixture
def emulator_token(emulator):
    """The token the shared emulator fixtures accept (their in-process client sends it)."""
    return emulator.http.headers["authorization"].removeprefix("Bearer ")


@pytest.fixture
def client(emulator, emulator_token):
    """A QoderClient talking to the in-process emulator through its TestClient transport."""
    with emulator.client(emulator_token) as qoder:
        yield qoder
