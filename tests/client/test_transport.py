"""A QoderClient's own httpx.Client (no `http_client`) against a real server on a socket:
what goes over it, keep-alive, reconnects, compressed answers, proxies from the environment,
TLS, and which failures are retried and which fail at their first attempt."""

import gzip
import http.server
import json
import socket
import threading
import time
import zlib

import httpx
import pytest

from pulumi_qoder import QoderClient
from pulumi_qoder.client._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
)
from pulumi_qoder.client._transport import Failure, failure
from pulumi_qoder.client.models import Deployment
from tests.client.certificates import self_signed
from tests.client.raw_server import RawServer
from tests.support.constants import TEST_TOKEN
from tests.support.recorded import fixture_json

DEPLOYMENT_JSON = fixture_json("get-response.json")
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
    server.reply(body=DEPLOYMENT_JSON).reply(body=DEPLOYMENT_JSON)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1, 1]


def test_a_connection_the_server_announced_closing_is_reopened(server):
    server.reply(body=DEPLOYMENT_JSON, close=True).reply(body=DEPLOYMENT_JSON)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT_JSON["id"]
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_a_connection_the_server_closed_silently_while_idle_is_reopened(server):
    server.reply(body=DEPLOYMENT_JSON, close=True, silently=True).reply(body=DEPLOYMENT_JSON)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
        time.sleep(0.1)  # the server's FIN arrives
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT_JSON["id"]
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_a_closed_client_sends_nothing(server):
    server.reply(body=DEPLOYMENT_JSON).reply(body=DEPLOYMENT_JSON)
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
    server.reply(body=DEPLOYMENT_JSON)
    with QoderClient(token=TEST_TOKEN, base_url=server.url + path, max_retries=0) as client:
        client.deployments.retrieve("dep_1")
    assert server.seen[0].target == f"{sent}/deployments/dep_1"


def test_a_post_carries_the_headers_and_the_json_body_httpx_would_send(server):
    server.reply(body=DEPLOYMENT_JSON)
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


def test_an_error_answers_repeated_header_is_joined_as_httpx_joins_it(server):
    server.raw(_answer("HTTP/1.1 503 Service Unavailable\nContent-Length: 2\n"
                       "Warning: one\nX-Should-Retry: false\nwarning: two\n", b"{}"))
    with _client(server.url) as client, pytest.raises(APIStatusError) as caught:
        client.deployments.retrieve("dep_1")
    pairs = [("Content-Length", "2"), ("Warning", "one"), ("X-Should-Retry", "false"),
             ("warning", "two")]
    assert caught.value.headers == dict(httpx.Headers(pairs))
    assert caught.value.headers["warning"] == "one, two"


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
    server.drop().reply(body=DEPLOYMENT_JSON)
    with _client(server.url, max_retries=1, sleep=lambda _: None) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT_JSON["id"]
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


BODY = json.dumps(DEPLOYMENT_JSON).encode()


def test_a_chunked_answer_is_read_whole_and_the_connection_kept(server):
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (BODY[:100], BODY[100:]))
    server.raw(_answer("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n", chunks + b"0\r\n\r\n"))
    server.reply(body=DEPLOYMENT_JSON)
    with _client(server.url) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT_JSON["id"]
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1, 1]


def test_an_answer_without_a_length_ends_with_its_connection(server):
    server.raw(_answer("HTTP/1.0 200 OK\nContent-Type: application/json\n", BODY), close=True)
    server.reply(body=DEPLOYMENT_JSON)
    with _client(server.url) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT_JSON["id"]
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in server.seen] == [1, 2]


def test_an_informational_answer_is_skipped_for_the_real_one(server):
    server.raw(_answer("HTTP/1.1 100 Continue\n")
               + _answer(f"HTTP/1.1 200 OK\nContent-Length: {len(BODY)}\n", BODY))
    with _client(server.url) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT_JSON["id"]


@pytest.mark.parametrize("cut", [
    _answer(f"HTTP/1.1 200 OK\nContent-Length: {len(BODY)}\n", BODY[:50]),
    _answer("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n", b"5\r\nab"),
    b"HTTP/1.1 200 OK\r\nContent-Le",
], ids=["body-by-length", "chunked-body", "headers"])
def test_an_answer_cut_short_by_its_connection_is_retried_on_a_new_one(server, cut):
    server.raw(cut, close=True)
    server.reply(body=DEPLOYMENT_JSON)
    with _client(server.url, max_retries=1, sleep=lambda _: None) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT_JSON["id"]
    assert [seen.connection for seen in server.seen] == [1, 2]


class Attempts:
    """A client that may retry 7 times, its sleeps recorded instead of slept."""

    def __init__(self, base_url, **options):
        self.sleeps = []
        self.client = _client(base_url, max_retries=7, sleep=self.sleeps.append, **options)


@pytest.mark.parametrize("answer", [
    b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
    _answer("HTTP/1.1 200 OK\nContent-Length: 2\nThis is no header\n", b"{}"),
], ids=["not-http", "invalid-header-line"])
def test_an_answer_that_is_not_http_fails_at_the_first_attempt_naming_the_cause(server, answer):
    server.raw(answer, close=True)
    made = Attempts(server.url)
    with made.client, pytest.raises(APIConnectionError) as caught:
        made.client.deployments.retrieve("dep_1")
    assert len(server.seen) == 1 and made.sleeps == []
    text = str(caught.value)
    assert "RemoteProtocolError: illegal" in text
    assert "(not retried: the server's answer is not valid HTTP/1.1)" in text
    assert TEST_TOKEN not in text and caught.value.retryable is False


@pytest.mark.parametrize("length", ["\u00b2", str(10**20)], ids=["non-ascii-digit", "huge"])
def test_a_bad_content_length_fails_at_the_first_attempt(server, length):
    server.raw(f"HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\n".encode())
    made = Attempts(server.url)
    with made.client, pytest.raises(APIConnectionError, match="bad Content-Length"):
        made.client.deployments.retrieve("dep_1")
    assert len(server.seen) == 1 and made.sleeps == []


def test_a_path_httpx_cannot_send_fails_before_anything_is_sent_without_the_token(server):
    with _client(server.url) as client, pytest.raises(httpx.InvalidURL) as caught:
        client.request("GET", "/deployments/a\r\nX: 1", cast_to=None)
    assert server.seen == [] and TEST_TOKEN not in str(caught.value)


def test_a_success_read_without_a_model_must_still_be_a_json_object(server):
    server.raw(_answer("HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 6\n",
                       b"<html>"))
    with _client(server.url) as client, pytest.raises(APIResponseValidationError) as caught:
        client.request("POST", "/deployments/dep_1/archive", body={}, cast_to=None)
    assert "not a JSON object" in str(caught.value) and TEST_TOKEN not in str(caught.value)


@pytest.mark.parametrize("key", ["key\r\nX-Injected: 1", "kl\u00fcssel", " key", "key\x00"],
                         ids=["line-break", "non-ascii", "leading-space", "nul"])
def test_a_header_the_client_cannot_send_fails_once_before_anything_is_sent(server, key):
    made = Attempts(server.url)
    with made.client, pytest.raises(ValueError) as caught:
        made.client.request("POST", "/deployments", body={}, cast_to=Deployment,
                            idempotency_key=key)
    assert str(caught.value) == ("the Idempotency-Key header must be printable ASCII on one "
                                 "line, without spaces at either end")
    assert server.seen == [] and made.sleeps == []


def test_a_gzip_answer_is_read(server):
    server.raw(_answer(f"HTTP/1.1 200 OK\nContent-Encoding: gzip\n"
                       f"Content-Length: {len(gzip.compress(BODY))}\n", gzip.compress(BODY)))
    with _client(server.url) as client:
        assert client.deployments.retrieve("dep_1").to_wire() == DEPLOYMENT_JSON
    accepted = server.seen[0].headers["accept-encoding"]
    assert "gzip" in accepted and "identity" not in accepted


def test_a_gzip_error_answer_is_read_for_its_message(server):
    body = gzip.compress(b'{"error": {"type": "rate_limit_error", "message": "slow down"}}')
    server.raw(_answer(f"HTTP/1.1 429 Too Many Requests\nContent-Encoding: gzip\n"
                       f"Content-Length: {len(body)}\n", body))
    with _client(server.url) as client, pytest.raises(RateLimitError, match="slow down"):
        client.deployments.retrieve("dep_1")


def test_a_deflate_answer_is_read(server):
    body = zlib.compress(BODY)
    server.raw(_answer(f"HTTP/1.1 200 OK\nContent-Encoding: deflate\n"
                       f"Content-Length: {len(body)}\n", body))
    with _client(server.url) as client:
        assert client.deployments.retrieve("dep_1").id == DEPLOYMENT_JSON["id"]


def test_an_answer_that_is_not_the_encoding_it_names_fails_at_the_first_attempt(server):
    server.raw(_answer("HTTP/1.1 200 OK\nContent-Encoding: gzip\nContent-Length: 4\n",
                       b"{}{}"))
    made = Attempts(server.url)
    with made.client, pytest.raises(APIConnectionError, match="DecodingError") as caught:
        made.client.deployments.retrieve("dep_1")
    assert len(server.seen) == 1 and made.sleeps == []
    assert "not retried" in str(caught.value)


def test_a_proxy_named_in_the_environment_carries_the_requests(server, monkeypatch):
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    server.reply(body=DEPLOYMENT_JSON)
    with _client("http://api.qoder.invalid") as client:
        client.deployments.retrieve("dep_1")
    (seen,) = server.seen
    assert seen.target == f"http://api.qoder.invalid{PREFIX}/deployments/dep_1"


def test_no_proxy_patterns_match_as_httpx_matches_them(server, monkeypatch):
    for name in ("ALL_PROXY", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.setenv("NO_PROXY", ".api.qoder.invalid")  # subdomains only, as curl reads it
    server.reply(body=DEPLOYMENT_JSON)
    with _client("http://api.qoder.invalid") as client:
        client.deployments.retrieve("dep_1")
    assert server.seen[0].target == f"http://api.qoder.invalid{PREFIX}/deployments/dep_1"


def test_a_host_in_no_proxy_is_reached_directly(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server.reply(body=DEPLOYMENT_JSON)
    with _client(server.url) as client:
        client.deployments.retrieve("dep_1")
    assert server.seen[0].target == f"{PREFIX}/deployments/dep_1"


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", cert)  # the CA bundle httpx's context loads
    raw = RawServer(tls=(cert, key))
    yield raw
    raw.close()


def test_https_requests_verify_the_certificate_and_keep_the_connection(tls_server):
    tls_server.reply(body=DEPLOYMENT_JSON).reply(body=DEPLOYMENT_JSON)
    with _client(tls_server.url) as client:
        client.deployments.retrieve("dep_1")
        client.deployments.retrieve("dep_1")
    assert [seen.connection for seen in tls_server.seen] == [1, 1]


def test_an_untrusted_certificate_fails_at_the_first_attempt_naming_it(tls_server, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE")
    made = Attempts(tls_server.url)
    with made.client, pytest.raises(APIConnectionError) as caught:
        made.client.deployments.retrieve("dep_1")
    assert tls_server.accepted == 1 and made.sleeps == [] and tls_server.seen == []
    text = str(caught.value)
    assert "ConnectError" in text and "CERTIFICATE_VERIFY_FAILED" in text
    assert "(not retried: the server's TLS certificate failed verification)" in text
    assert TEST_TOKEN not in text



class _Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_a_plain_http_server_behind_an_https_url_fails_at_the_first_attempt_naming_it():
    plain = http.server.HTTPServer(("127.0.0.1", 0), _Quiet)  # answers a ClientHello with a 400
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    try:
        made = Attempts(f"https://127.0.0.1:{plain.server_port}")
        with made.client, pytest.raises(APIConnectionError) as caught:
            made.client.deployments.retrieve("dep_1")
    finally:
        plain.shutdown()
        plain.server_close()
    text = str(caught.value)
    assert made.sleeps == [] and caught.value.retryable is False
    assert "(not retried: the server does not answer in TLS" in text
    assert TEST_TOKEN not in text


def test_a_request_httpx_refuses_to_send_is_not_retried(server):
    # QoderClient refuses such a header itself (above); a LocalProtocolError from httpx for
    # anything else it cannot send is read the same way
    with httpx.Client() as http, pytest.raises(httpx.LocalProtocolError) as caught:
        http.get(server.url, headers={"X-Padded": " value"})
    assert failure(caught.value) == Failure(
        "LocalProtocolError", False, "the request cannot be sent as HTTP/1.1")
