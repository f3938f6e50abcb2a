"""The token never shows up in reprs or in any exception's text, repr or args."""

import pickle

import httpx
import pytest

from pulumi_qoder import errors
from tests.support.constants import TEST_TOKEN


def texts(exc):
    seen = [str(exc), repr(exc), *map(str, exc.args), *map(repr, exc.args)]
    for linked in (exc.__cause__, exc.__context__):
        if linked is not None:
            seen += [str(linked), repr(linked)]
    return seen


def raised(api, call):
    with pytest.raises(errors.QoderError) as exc:
        call(api.client)
    return exc.value


def test_client_repr_hides_the_token(mocked):
    assert TEST_TOKEN not in repr(mocked.client)
    holding = [name for name, value in vars(mocked.client).items() if TEST_TOKEN in repr(value)]
    assert holding == ["_token"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429, 500, 501, 503])
def test_status_errors_never_contain_the_token(make_mocked, status):
    api = make_mocked(max_retries=0).reply(status, json={
        "type": "error", "error": {"type": "x", "message": f"bad token {TEST_TOKEN}"}})
    for text in texts(raised(api, lambda c: c.deployments.retrieve("dep_1"))):
        assert TEST_TOKEN not in text


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError(f"refused for {TEST_TOKEN}"), httpx.ReadTimeout("timed out")],
    ids=["connect", "timeout"],
)
def test_connection_errors_never_contain_the_token(make_mocked, failure):
    api = make_mocked(max_retries=0).fail(type(failure), str(failure))
    for text in texts(raised(api, lambda c: c.deployments.list())):
        assert TEST_TOKEN not in text


def test_exception_attributes_never_hold_the_token(make_mocked):
    api = make_mocked(max_retries=0).reply(404, json={"echo": f"Bearer {TEST_TOKEN}"})
    err = raised(api, lambda c: c.deployments.retrieve("dep_1"))
    assert TEST_TOKEN.encode() not in pickle.dumps(err)


def test_validation_errors_never_contain_the_token(mocked):
    mocked.reply(200, json={"unexpected": TEST_TOKEN})
    err = raised(mocked, lambda c: c.deployments.retrieve("dep_1"))
    assert all(TEST_TOKEN not in text for text in texts(err))
