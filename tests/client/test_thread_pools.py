"""Each calling thread's own connection: the same answers, all closed with the client."""

import threading
from concurrent.futures import ThreadPoolExecutor

from pulumi_qoder import QoderClient
from tests.support.constants import AGENT, ENV
from tests.support.emulator import TEST_TOKEN
from tests.support.inputs import EVENTS


def _in_thread(fn):
    result = []
    thread = threading.Thread(target=lambda: result.append(fn()))
    thread.start()
    thread.join()
    return result[0]


def _used_connection(client):
    """The calling thread's connection, after one request through it."""
    client.deployments.list(limit=1)
    return client._pool.get()


def test_each_thread_gets_its_own_connection_and_keeps_it():
    with QoderClient(token="pt-x", base_url="http://127.0.0.1:9") as client:
        mine = client._pool.get()
        assert client._pool.get() is mine
        other = _in_thread(client._pool.get)
        assert other is not mine


def test_closing_the_client_closes_every_threads_connection(served_emulator):
    with QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url) as client:
        connections = [_used_connection(client), _in_thread(lambda: _used_connection(client))]
        assert not any(conn.is_closed for conn in connections)
    assert all(conn.is_closed for conn in connections)


def test_an_https_base_url_makes_one_tls_context_for_every_thread():
    with QoderClient(token="pt-x", base_url="https://127.0.0.1:9") as client:
        connections = [client._pool.get(), _in_thread(client._pool.get)]
        contexts = {id(conn._context) for conn in connections}
    assert len(contexts) == 1


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


def test_an_ended_threads_connection_is_closed_when_a_new_thread_asks(served_emulator):
    with QoderClient(token=TEST_TOKEN, base_url=served_emulator.base_url) as client:
        ended = _in_thread(lambda: _used_connection(client))
        assert not ended.is_closed
        _in_thread(client._pool.get)
        assert ended.is_closed
        assert repr(client._pool) == "<ThreadConnections tls=False open=1>"


def test_a_closed_client_gives_no_thread_a_new_connection():
    client = QoderClient(token="pt-x", base_url="http://127.0.0.1:9")
    client.close()

    def ask():
        try:
            client._pool.get()
        except RuntimeError as err:
            return str(err)
        return "a new connection"

    assert _in_thread(ask) == "Cannot send a request, as the client has been closed."
