"""Where the token and base URL come from, the headers sent, and the client's lifetime."""

import httpx
import pytest

from pulumi_qoder import QoderClient, __version__
from pulumi_qoder.client import DEFAULT_BASE_URL, REGIONS
from tests.support.constants import TEST_TOKEN


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    monkeypatch.delenv("QODER_PAT", raising=False)
    monkeypatch.delenv("QODER_BASE_URL", raising=False)


def test_token_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("QODER_PAT", "pt-from-env")
    with QoderClient() as client:
        assert client._token == "pt-from-env"


def test_token_argument_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("QODER_PAT", "pt-from-env")
    with QoderClient(token="pt-arg") as client:
        assert client._token == "pt-arg"


def test_missing_token_is_a_value_error_naming_the_variable():
    with pytest.raises(ValueError, match="QODER_PAT"):
        QoderClient()


@pytest.mark.parametrize("token", ["pt-a\r\nX-Evil: 1", "pt-caf\u00e9", "pt-a\tb"],
                         ids=["line-break", "non-ascii", "tab"])
def test_a_token_a_header_cannot_carry_is_a_value_error_not_echoing_it(token):
    with pytest.raises(ValueError) as caught:
        QoderClient(token=token)
    assert str(caught.value) == ("the Qoder token must be printable ASCII, as a personal "
                                 "access token is")


def test_a_token_files_trailing_newline_is_not_part_of_the_token(monkeypatch):
    monkeypatch.setenv("QODER_PAT", "pt-from-file\n")
    with QoderClient() as client:
        assert client._token == "pt-from-file"


def test_default_base_url_is_the_global_region():
    with QoderClient(token="pt-x") as client:
        assert client.base_url == DEFAULT_BASE_URL == "https://api.qoder.com/api/v1/cloud"


@pytest.mark.parametrize(
    ("region", "url"),
    [("global", "https://api.qoder.com/api/v1/cloud"),
     ("cn", "https://api.qoder.com.cn/api/v1/cloud")],
)
def test_region_selects_its_base_url(region, url):
    assert REGIONS[region] == url
    with QoderClient(token="pt-x", region=region) as client:
        assert client.base_url == url


def test_unknown_region_is_rejected_with_the_known_ones():
    with pytest.raises(ValueError, match="cn, global"):
        QoderClient(token="pt-x", region="eu")


def test_base_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("QODER_BASE_URL", "http://127.0.0.1:9/api/v1/cloud/")
    with QoderClient(token="pt-x") as client:
        assert client.base_url == "http://127.0.0.1:9/api/v1/cloud"


def test_explicit_region_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("QODER_BASE_URL", "http://127.0.0.1:9/api/v1/cloud")
    with QoderClient(token="pt-x", region="cn") as client:
        assert client.base_url == REGIONS["cn"]


def test_base_url_argument_wins_over_region():
    with QoderClient(token="pt-x", base_url="http://h/api", region="cn") as client:
        assert client.base_url == "http://h/api"


def test_requests_carry_auth_user_agent_and_accept(mocked):
    mocked.reply(fixture="get-response.json")
    mocked.client.deployments.retrieve("dep_1")
    headers = mocked.last.headers
    assert headers["authorization"] == f"Bearer {TEST_TOKEN}"
    assert headers["user-agent"] == f"pulumi-qoder/{__version__}"
    assert headers["accept"] == "application/json"


def test_posts_send_json(mocked):
    mocked.reply(fixture="pause-response.json")
    mocked.client.deployments.pause("dep_1")
    assert mocked.last.headers["content-type"] == "application/json"
    assert mocked.body() == {}


def test_a_caller_supplied_http_client_is_left_open(mocked):
    with mocked.client:
        pass
    assert not mocked.http.is_closed


def test_timeout_is_applied_per_request(make_mocked):
    api = make_mocked(timeout=7.5).reply(fixture="get-response.json")
    api.client.deployments.retrieve("dep_1")
    assert api.last.extensions["timeout"] == httpx.Timeout(7.5).as_dict()
