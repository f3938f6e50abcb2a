"""Each calling thread's own connection pool: the same answers, all closed with the client."""

import threading
from concurrent.futures import ThreadPoolExecutor

from pulumi_qoder import QoderClient
from tests.client.test_against_emulator import AGENT, ENV, EVENTS
from tests.support.emulator import TEST_TOKEN


def _in_thread(fn):
    result = []
    thread = threading.Thread(target=lambda: result.append(fn()))
    thread.start()
    thread.join()
    return result[0]


def test_each_thread_gets_its_own_pool_and_keeps_it():
    with QoderClient(token="pt-x", base_url="http://127.0.0.1:9") as client:
        mine = client._pool.get()
        assert client._pool.get() is mine
        other = _in_thread(client._pool.get)
        assert other is not mine


def test_closing_the_client_closes_every_threads_pool():
    with QoderClient(token="pt-x", base_url="http://127.0.0.1:9") as client:
        pools = [client._pool.get(), _in_thread(client._pool.get), _in_thread(client._pool.get)]
    assert all(pool.is_closed for pool in pools)


def test_an_https_base_url_makes_one_tls_context_for_every_thread():
    with QoderClient(token="pt-x", base_url="https://127.0.0.1:9") as client:
        pools = [client._pool.get(), _in_thread(client._pool.get)]
        contexts = {id(pool._transport._pool._ssl_context) for pool in pools}
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


def test_an_ended_threads_pool_is_closed_when_a_new_thread_asks():
    with QoderClient(token="pt-x", base_url="http://127.0.0.1:9") as client:
        ended = _in_thread(client._pool.get)
        _in_thread(client._pool.get)
        assert ended.is_closed
        assert repr(client._pool) == "<ThreadClients tls=False clients=1>"


def test_a_closed_client_gives_no_thread_a_new_pool():
    client = QoderClient(token="pt-x", base_url="http://127.0.0.1:9")
    client.close()

    def ask():
        try:
            client._pool.get()
        except RuntimeError as err:
            return str(err)
        return "a new pool"

    assert _in_thread(ask) == "Cannot send a request, as the client has been closed."
