"""One httpx.Client per QoderClient, shared by every calling thread, closed with it."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_qoder import QoderClient
from pulumi_qoder.client import _client
from tests.support.constants import AGENT, ENV
from tests.support.emulator import TEST_TOKEN
from tests.support.inputs import EVENTS


def _in_thread(fn):
    result = []
    thread = threading.Thread(target=lambda: result.append(fn()))
    thread.start()
    thread.join()
    return result[0]


def test_every_thread_sends_through_one_http_client_made_on_the_first_request(served_emulator):
    with QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url) as client:
        assert client._http is None
        client.deployments.list(limit=1)
        mine = client._http
        _in_thread(lambda: client.deployments.list(limit=1))
        assert client._http is mine and not mine.is_closed
    assert mine.is_closed


def test_threads_whose_first_requests_race_make_one_http_client(served_emulator, monkeypatch):
    made = []

    def counted(*args):
        made.append(_make(*args))
        return made[-1]

    _make = _client.new_http_client
    monkeypatch.setattr(_client, "new_http_client", counted)
    start = threading.Barrier(16)
    with QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url) as client:

        def first_call(_):
            start.wait()
            return client.deployments.list(limit=1).has_more

        with ThreadPoolExecutor(16) as threads:
            assert list(threads.map(first_call, range(16))) == [False] * 16
        assert made == [client._http]


def test_calls_from_many_threads_each_get_their_own_answer(served_emulator):
    with QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url) as client:

        def create(i):
            made = client.deployments.create(
                name=f"dep-{i}", agent=AGENT, environment_id=ENV, initial_events=EVENTS
            )
            return made.name, client.deployments.retrieve(made.id).name

        with ThreadPoolExecutor(8) as threads:
            answers = list(threads.map(create, range(24)))
    assert answers == [(f"dep-{i}", f"dep-{i}") for i in range(24)]
    posts = [e for e in served_emulator.journal() if e["method"] == "POST"]
    assert len(posts) == 24


def test_a_client_closed_before_its_first_request_sends_none_from_any_thread():
    client = QoderClient(token="pt-x", base_url="http://127.0.0.1:9")
    client.close()

    def ask():
        try:
            client.deployments.list(limit=1)
        except RuntimeError as err:
            return str(err)
        return "sent"

    assert _in_thread(ask) == "Cannot send a request, as the client has been closed."
    with pytest.raises(RuntimeError, match="the client has been closed"):
        client.deployments.list(limit=1)
