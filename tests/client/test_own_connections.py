"""A QoderClient's own connections (no `http_client`): what goes over the socket, keep-alive,
reconnects, failures, proxies from the environment and TLS, against a real server."""

import json
import os
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from pulumi_qoder import QoderClient
from pulumi_qoder.client import _connection
from pulumi_qoder.client._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
)
from pulumi_qoder.client.models import Deployment
from tests.client.raw_server import RawServer
from tests.support.constants import TEST_TOKEN
from tests.support.recorded import fixture_json

DEPLOYMENT = fixture_json("get-response.json")
PREFIX = "/api/v1/cloud"


@pytest.fixture
def server():
    raw = RawServer()
    yield raw
    raw.close()


def _client(base_url, **options):
    options.setdefault("max_retries", 0)
    return QoderClient(token=TEST_TOKEN, base_url=base_url + PREFIX, **options)


def test_requests_from_one_thread_share_one_kept_alive_connection(server):
    server.reply(body=DEPLOYMENT).reply(body=DEPLOYMENT)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1, 1]


def test_a_connection_the_server_announced_closing_is_reopened(server):
    server.reply(body=DEPLOYMENT, close=True).reply(body=DEPLOYMENT)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT["id"]
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_a_connection_the_server_closed_silently_while_idle_is_reopened(server):
    server.reply(body=DEPLOYMENT, close=True, silently=True).reply(body=DEPLOYMENT)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        time.sleep(0.1)  # the server's FIN arrives
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT["id"]
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_without_poll_as_on_windows_a_silently_closed_connection_is_still_reopened(
        server, monkeypatch):
    monkeypatch.setattr(_connection, "_HAS_POLL", False)
    server.reply(body=DEPLOYMENT, close=True, silently=True).reply(body=DEPLOYMENT)
    server.reply(body=DEPLOYMENT)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        time.sleep(0.1)  # the server's FIN arrives
        client.deployments.retrieve("dep_1")
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1, 2, 2]


def test_a_thread_that_had_a_connection_sends_nothing_after_close(server):
    server.reply(body=DEPLOYMENT).reply(body=DEPLOYMENT)
    client = _client(server.url)
    client.deployments.retrieve("dep_1")
    client.close()
    with pytest.raises(RuntimeError, match="the client has been closed"):
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1]


@pytest.mark.parametrize(("path", "sent"), [("/my api", "/my%20api"),
                                            ("/caf\u00e9", "/caf%C3%A9"),
                                            ("/a%20b", "/a%20b")],
                         ids=["space", "non-ascii", "escaped"])
def test_a_base_url_path_is_sent_percent_encoded_as_httpx_sends_it(server, path, sent):
    server.reply(body=DEPLOYMENT)
    with QoderClient(token=TEST_TOKEN, base_url=server.url + path, max_retries=0) as client:
        client.deployments.retrieve("dep_1")
    assert server.seen[0].target == f"{sent}/deployments/dep_1"


def test_a_connection_idle_longer_than_the_keepalive_is_reopened(server, monkeypatch):
    monkeypatch.setattr(_connection, "KEEPALIVE_SECONDS", 0.0)
    server.reply(body=DEPLOYMENT).reply(body=DEPLOYMENT)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_a_post_carries_the_headers_and_the_json_body_httpx_would_send(server):
    server.reply(body=DEPLOYMENT)
    body = {"name": "dep-ü", "agent": {"type": "agent", "id": "agent_1"}}
    with _client(server.url) as client:
        client.request("POST", "/deployments", body=body, cast_to=Deployment,
                       idempotency_key="key-1")
    (seen,) = server.seen
    assert (seen.method, seen.target) == ("POST", f"{PREFIX}/deployments")
    assert seen.headers["authorization"] == f"Bearer {TEST_TOKEN}"
    assert seen.headers["accept"] == "application/json"
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["idempotency-key"] == "key-1"
    assert seen.headers["user-agent"].startswith("pulumi-qoder/")
    assert seen.body == httpx.Request("POST", "http://x", json=body).content


def test_query_parameters_are_encoded_as_httpx_encodes_them(server):
    server.reply(body={"data": [], "has_more": False})
    with _client(server.url) as client:
        client.deployments.list(agent_id="agent 1/ü", include_archived=True, limit=5)
    (seen,) = server.seen
    expected = httpx.URL(f"http://x{PREFIX}/deployments",
                         params={"limit": 5, "include_archived": "true", "agent_id": "agent 1/ü"})
    assert seen.target == expected.raw_path.decode()


@pytest.mark.parametrize("params", [
    {"limit": 5, "include_archived": True, "agent_id": "agent 1/ü&x=y"},
    {"ids": ["dep_1", "dep 2"], "flag": False, "empty": None, "n": 0},
    {"after_id": ("a+b", 3)},
])
def test_a_query_string_is_the_one_httpx_writes_for_the_same_params(params):
    assert _connection.query_string(params) == str(httpx.QueryParams(params))


def test_an_error_answers_repeated_header_is_joined_as_httpx_joins_it(server):
    server.raw(_answer("HTTP/1.1 503 Service Unavailable\nContent-Length: 2\n"
                       "Warning: one\nX-Should-Retry: false\nwarning: two\n", b"{}"))
    with _client(server.url) as client, pytest.raises(APIStatusError) as caught:
        client.deployments.retrieve("dep_1")
    pairs = [("Content-Length", "2"), ("Warning", "one"), ("X-Should-Retry", "false"),
             ("warning", "two")]
    assert caught.value.headers == dict(httpx.Headers(pairs))
    assert caught.value.headers["warning"] == "one, two"


def test_the_clients_own_http_and_https_connections_never_load_httpx():
    script = """
import sys
from pulumi_qoder import QoderClient
from pulumi_qoder.client._exceptions import APIConnectionError
for url in ("http://127.0.0.1:9/api", "https://127.0.0.1:9/api"):
    with QoderClient(token="pt-x", base_url=url, max_retries=0) as client:
        try:
            client.deployments.retrieve("dep_1")
        except APIConnectionError as err:
            print(str(err).split(": ")[2])
print("httpx" in sys.modules)
"""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=True, timeout=60)
    assert done.stdout.split() == ["ConnectError", "ConnectError", "False"]


def test_a_refused_connection_is_a_connection_error_naming_the_call_not_the_token():
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}"  # nothing listens there
    with _client(url) as client, pytest.raises(APIConnectionError) as caught:
        client.deployments.retrieve("dep_1")
    assert str(caught.value).startswith(f"connection error: GET {url}{PREFIX}/deployments/dep_1")
    assert "ConnectError" in str(caught.value) and TEST_TOKEN not in str(caught.value)


def test_an_answer_that_never_comes_times_out(server):
    server.hang()
    with _client(server.url, timeout=0.3) as client, pytest.raises(APITimeoutError) as caught:
        client.deployments.retrieve("dep_1")
    assert "request timed out: GET" in str(caught.value) and "ReadTimeout" in str(caught.value)


def test_a_dropped_connection_is_retried_on_a_new_one_and_answered(server):
    server.drop().reply(body=DEPLOYMENT)
    with _client(server.url, max_retries=1, sleep=lambda _: None) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT["id"]
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_an_error_answer_keeps_its_headers_for_the_retry_policy(server):
    server.reply(429, {"error": {"type": "rate_limit_error", "message": "slow down"}},
                 headers={"Retry-After": "7", "X-Request-Id": "req_9"})
    with _client(server.url) as client, pytest.raises(RateLimitError) as caught:
        client.deployments.retrieve("dep_1")
    assert caught.value.headers["retry-after"] == "7"
    assert caught.value.request_id == "req_9"
    assert "slow down" in str(caught.value)


def _answer(head: str, body: bytes = b"") -> bytes:
    return head.replace("\n", "\r\n").encode() + b"\r\n" + body


BODY = json.dumps(DEPLOYMENT).encode()


def test_a_chunked_answer_is_read_whole_and_the_connection_kept(server):
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (BODY[:100], BODY[100:]))
    server.raw(_answer("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n", chunks + b"0\r\n\r\n"))
    server.reply(body=DEPLOYMENT)
    with _client(server.url) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT["id"]
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1, 1]


def test_an_answer_without_a_length_ends_with_its_connection(server):
    server.raw(_answer("HTTP/1.0 200 OK\nContent-Type: application/json\n", BODY), close=True)
    server.reply(body=DEPLOYMENT)
    with _client(server.url) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT["id"]
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_an_informational_answer_is_skipped_for_the_real_one(server):
    server.raw(_answer("HTTP/1.1 100 Continue\n")
               + _answer(f"HTTP/1.1 200 OK\nContent-Length: {len(BODY)}\n", BODY))
    with _client(server.url) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT["id"]


def test_a_body_cut_short_is_a_protocol_error_retried_on_a_new_connection(server):
    server.raw(_answer(f"HTTP/1.1 200 OK\nContent-Length: {len(BODY)}\n", BODY[:50]),
               close=True)
    server.reply(body=DEPLOYMENT)
    with _client(server.url, max_retries=1, sleep=lambda _: None) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT["id"]
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_an_answer_that_is_not_http_is_a_connection_error_without_the_token(server):
    server.raw(b"SSH-2.0-OpenSSH_9.6\r\n", close=True)
    with _client(server.url) as client, pytest.raises(APIConnectionError) as caught:
        client.deployments.retrieve("dep_1")
    assert "RemoteProtocolError: invalid status line" in str(caught.value)
    assert TEST_TOKEN not in str(caught.value)


def test_bytes_sent_past_an_answer_are_never_read_as_the_next_answer(server):
    answer = _answer(f"HTTP/1.1 200 OK\nContent-Length: {len(BODY)}\n", BODY)
    server.raw(answer + answer)  # a misbehaving upstream repeats itself
    server.reply(body={**DEPLOYMENT, "id": "dep_next"})
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        time.sleep(0.1)
        assert client.deployments.retrieve("dep_2").id == "dep_next"


@pytest.mark.parametrize("length", ["\u00b2", str(10**20)], ids=["non-ascii-digit", "huge"])
def test_a_bad_content_length_is_a_protocol_error_and_the_connection_is_not_reused(
        server, length):
    server.raw(f"HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n".encode())
    server.reply(body=DEPLOYMENT)
    with _client(server.url, max_retries=1, sleep=lambda _: None) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT["id"]
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_a_path_is_sent_percent_encoded_and_never_puts_the_token_in_an_error(server):
    server.reply(body={})
    with _client(server.url) as client:
        assert client.request("GET", "/deployments/caf\u00e9 a\r\nX: 1", cast_to=None) is None
    assert server.seen[0].target == f"{PREFIX}/deployments/caf%C3%A9%20a%0D%0AX:%201"


def test_a_success_read_without_a_model_must_still_be_a_json_object(server):
    server.raw(_answer("HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 6\n",
                       b"<html>"))
    with _client(server.url) as client, pytest.raises(APIResponseValidationError) as caught:
        client.request("POST", "/deployments/dep_1/archive", body={}, cast_to=None)
    assert "not a JSON object" in str(caught.value) and TEST_TOKEN not in str(caught.value)


def test_closing_the_client_ends_a_read_in_flight_on_another_thread(server):
    server.hang()
    failures = []
    client = _client(server.url, timeout=60)

    def ask():
        try:
            client.deployments.retrieve("dep_1")
        except APIConnectionError as err:
            failures.append(type(err).__name__)

    asking = threading.Thread(target=ask)
    asking.start()
    while not server.seen:
        time.sleep(0.01)
    client.close()
    asking.join(timeout=20)
    assert not asking.is_alive() and failures == ["APIConnectionError"]


def test_a_connection_closed_with_its_client_never_reconnects(server):
    server.reply(body=DEPLOYMENT)
    client = _client(server.url)
    client.deployments.retrieve("dep_1")
    connection = client._pool.get()
    client.close()
    with pytest.raises(RuntimeError, match="the client has been closed"):
        connection.send("GET", "/deployments/dep_1", {}, None, None)
    assert len(server.seen) == 1


def test_a_header_value_with_a_line_break_is_refused_before_anything_is_sent(server):
    with _client(server.url) as client, pytest.raises(ValueError) as caught:
        client.request("POST", "/deployments", body={}, cast_to=Deployment,
                       idempotency_key="key\r\nX-Injected: 1")
    assert str(caught.value) == "the Idempotency-Key header must be ASCII on one line"
    assert server.seen == []


def test_the_host_header_names_the_port_unless_it_is_the_default():
    origin = _connection.Origin.of("https://[::1]:8443/api")
    assert _connection._host_header(origin) == "[::1]:8443"
    assert _connection._host_header(_connection.Origin.of("https://api.qoder.com/x")) == (
        "api.qoder.com")


def test_a_proxy_named_in_the_environment_carries_the_requests(server, monkeypatch):
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    server.reply(body=DEPLOYMENT)
    with _client("http://api.qoder.invalid") as client:
        client.deployments.retrieve("dep_1")
    (seen,) = server.seen
    assert seen.target == f"http://api.qoder.invalid{PREFIX}/deployments/dep_1"


def test_no_proxy_patterns_match_as_httpx_matches_them(server, monkeypatch):
    for name in ("ALL_PROXY", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.setenv("NO_PROXY", ".api.qoder.invalid")  # subdomains only, as curl reads it
    server.reply(body=DEPLOYMENT)
    with _client("http://api.qoder.invalid") as client:
        client.deployments.retrieve("dep_1")
    assert server.seen[0].target == f"http://api.qoder.invalid{PREFIX}/deployments/dep_1"


def test_a_host_in_no_proxy_is_reached_directly(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server.reply(body=DEPLOYMENT)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
    assert server.seen[0].target == f"{PREFIX}/deployments/dep_1"


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the CA bundle httpx's context loads
    raw = RawServer(tls=(str(cert), str(key)))
    yield raw
    raw.close()


def test_https_requests_verify_the_certificate_and_keep_the_connection(tls_server):
    tls_server.reply(body=DEPLOYMENT).reply(body=DEPLOYMENT)
    with _client(tls_server.url) as client:
        client.deployments.retrieve("dep_1")
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in tls_server.seen] == [1, 1]


def test_an_untrusted_certificate_is_refused_without_the_token(tls_server, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE")
    with _client(tls_server.url) as client, pytest.raises(APIConnectionError) as caught:
        client.deployments.retrieve("dep_1")
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value) and TEST_TOKEN not in str(caught.value)
    assert tls_server.seen == []


