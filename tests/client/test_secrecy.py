"""The token never shows up in reprs or in any exception's text, repr or args."""

import pickle

import httpx
import pytest

from pulumi_qoder import errors

SECRET = "pt-SECRET-do-not-leak-7f3a9c"


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
    assert SECRET not in repr(mocked.client)
    holding = [name for name, value in vars(mocked.client).items() if SECRET in repr(value)]
    assert holding == ["_token"]


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 429, 500, 501, 503])
def test_status_errors_never_contain_the_token(make_mocked, status):
    api = make_mocked(max_retries=0).reply(status, json={
        "type": "error", "error": {"type": "x", "message": f"bad token {SECRET}"}})
    for text in texts(raised(api, lambda c: c.deployments.retrieve("dep_1"))):
        assert SECRET not in text


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError(f"refused for {SECRET}"), httpx.ReadTimeout("timed out")],
    ids=["connect", "timeout"],
)
def test_connection_errors_never_contain_the_token(make_mocked, failure):
    api = make_mocked(max_retries=0).fail(type(failure), str(failure))
    for text in texts(raised(api, lambda c: c.deployments.list())):
        assert SECRET not in text


def test_exception_attributes_never_hold_the_token(make_mocked):
    api = make_mocked(max_retries=0).reply(404, json={"echo": f"Bearer {SECRET}"})
    err = raised(api, lambda c: c.deployments.retrieve("dep_1"))
    assert SECRET.encode() not in pickle.dumps(err)


def test_validation_errors_never_contain_the_token(mocked):
    mocked.reply(200, json={"unexpected": SECRET})
    err = raised(mocked, lambda c: c.deployments.retrieve("dep_1"))
    assert all(SECRET not in text for text in texts(err))
