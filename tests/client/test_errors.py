"""Error responses map to one exception class per status, with the envelope's details."""

import httpx
import pytest

from pulumi_qoder import errors

DEP = "dep_019ec55a2b687b3f94eee77dd77e4b2a"


def envelope(type_, message="m", **extra):
    return {"type": "error", "error": {"type": type_, "message": message, **extra}}


@pytest.mark.parametrize(
    ("status", "type_", "cls"),
    [
        (400, "invalid_request_error", errors.InvalidRequestError),
        (401, "authentication_error", errors.AuthenticationError),
        (403, "permission_error", errors.PermissionDeniedError),
        (404, "not_found_error", errors.NotFoundError),
        (409, "conflict_error", errors.ConflictError),
        (429, "rate_limit_error", errors.RateLimitError),
        (500, "api_error", errors.InternalServerError),
        (501, "feature_not_available", errors.FeatureNotAvailableError),
        (502, "api_error", errors.ServiceUnavailableError),
        (503, "overloaded_error", errors.ServiceUnavailableError),
        (504, "api_error", errors.ServiceUnavailableError),
        (418, "teapot_error", errors.APIStatusError),
        (599, "api_error", errors.InternalServerError),
    ],
    ids=lambda v: str(v) if isinstance(v, int) else None,
)
def test_status_maps_to_its_error_class(make_mocked, status, type_, cls):
    api = make_mocked(max_retries=0).reply(status, json=envelope(type_, "boom", param="name"))
    with pytest.raises(cls) as exc:
        api.client.deployments.retrieve(DEP)
    assert type(exc.value) is cls
    assert (exc.value.status_code, exc.value.type) == (status, type_)
    assert (exc.value.message, exc.value.param) == ("boom", "name")


@pytest.mark.parametrize("status", [429, 503], ids=["429", "503"])
def test_bodiless_gateway_error_still_maps(make_mocked, status):
    api = make_mocked(max_retries=0).reply(status)
    with pytest.raises((errors.RateLimitError, errors.ServiceUnavailableError)) as exc:
        api.client.deployments.retrieve(DEP)
    assert exc.value.status_code == status
    assert exc.value.type is None
    assert exc.value.body is None
    assert "no response body" in str(exc.value)


def test_empty_503_is_service_unavailable_with_no_type(make_mocked):
    api = make_mocked(max_retries=0).reply(503)
    with pytest.raises(errors.ServiceUnavailableError) as exc:
        api.client.deployments.list()
    assert exc.value.type is None
    assert str(exc.value) == "503: Service Unavailable (no response body)"


def test_non_json_error_body_is_kept_as_text(make_mocked):
    api = make_mocked(max_retries=0).reply(502, content=b"<html>bad gateway</html>")
    with pytest.raises(errors.ServiceUnavailableError) as exc:
        api.client.deployments.list()
    assert exc.value.body == "<html>bad gateway</html>"
    assert "bad gateway" in exc.value.message


def test_str_reads_status_type_message_and_request_id(mocked):
    mocked.reply(409, json=envelope("conflict_error", "Deployment is already paused"),
                 headers={"x-request-id": "req_123"})
    with pytest.raises(errors.ConflictError) as exc:
        mocked.client.deployments.pause(DEP)
    assert str(exc.value) == (
        "409 conflict_error: Deployment is already paused (request_id=req_123)"
    )


@pytest.mark.parametrize(
    ("headers", "body_extra", "expected"),
    [
        ({"x-request-id": "req_x", "request-id": "req_r"}, {"request_id": "req_b"}, "req_x"),
        ({"request-id": "req_r"}, {"request_id": "req_b"}, "req_r"),
        ({}, {"request_id": "req_b"}, "req_b"),
        ({}, {}, None),
    ],
    ids=["x-request-id-first", "request-id-next", "body-last", "none"],
)
def test_request_id_precedence(mocked, headers, body_extra, expected):
    mocked.reply(404, json={**envelope("not_found_error"), **body_extra}, headers=headers)
    with pytest.raises(errors.NotFoundError) as exc:
        mocked.client.deployments.retrieve(DEP)
    assert exc.value.request_id == expected


def test_feature_not_available_exposes_feature_fields(mocked):
    mocked.reply(501, json=envelope("feature_not_available", "beta only",
                                    feature="deployments", available_from="beta-2026"))
    with pytest.raises(errors.FeatureNotAvailableError) as exc:
        mocked.client.deployments.list()
    assert (exc.value.feature, exc.value.available_from) == ("deployments", "beta-2026")


@pytest.mark.parametrize(
    ("fixture", "status", "cls"),
    [
        ("error-400.json", 400, errors.InvalidRequestError),
        ("error-400-schemas-page.json", 400, errors.InvalidRequestError),
        ("error-401.json", 401, errors.AuthenticationError),
        ("error-envelope-template.json", 501, errors.FeatureNotAvailableError),
    ],
    ids=["error-400", "error-400-schemas-page", "error-401", "error-envelope-template"],
)
def test_documented_error_bodies_map_to_their_class(mocked, fixture, status, cls):
    mocked.reply(status, fixture=fixture)
    with pytest.raises(cls) as exc:
        mocked.client.deployments.create(
            name="", agent="agent_1", environment_id="env_1",
            initial_events=[{"type": "user.message", "content": "x"}],
        )
    detail = exc.value.body["error"]
    assert (exc.value.type, exc.value.message) == (detail["type"], detail["message"])


def test_error_envelope_param_is_lifted(mocked):
    mocked.reply(400, fixture="error-400.json")
    with pytest.raises(errors.InvalidRequestError) as exc:
        mocked.client.deployments.list()
    assert exc.value.param == "name"


def test_success_body_without_an_id_is_a_validation_error_naming_it(mocked):
    mocked.reply(200, json={"type": "deployment", "name": "x"})
    with pytest.raises(errors.APIResponseValidationError, match="not a valid Deployment") as exc:
        mocked.client.deployments.retrieve(DEP)
    assert "\nid\n" in str(exc.value)


def test_success_body_that_is_a_list_is_a_validation_error(mocked):
    mocked.reply(200, json=[{"id": "dep_1"}])
    with pytest.raises(errors.APIResponseValidationError, match="not a valid Deployment"):
        mocked.client.deployments.retrieve(DEP)


def test_success_body_that_is_not_json_is_a_validation_error(mocked):
    mocked.reply(200, content=b"<html>", headers={"content-type": "text/html"})
    with pytest.raises(errors.APIResponseValidationError):
        mocked.client.deployments.retrieve(DEP)


def test_every_error_class_is_a_qoder_error():
    for name in errors.__all__:
        obj = getattr(errors, name)
        if isinstance(obj, type):
            assert issubclass(obj, errors.QoderError)


def test_timeout_is_a_connection_error(make_mocked):
    api = make_mocked(max_retries=0).fail(httpx.ReadTimeout, "timed out")
    with pytest.raises(errors.APIConnectionError) as exc:
        api.client.deployments.list()
    assert isinstance(exc.value, errors.APITimeoutError)
    assert exc.value.method == "GET"


def test_repr_shows_the_class_and_the_full_text(make_mocked):
    api = make_mocked(max_retries=0).reply(404, json=envelope("not_found_error", "gone"))
    with pytest.raises(errors.NotFoundError) as exc:
        api.client.deployments.retrieve(DEP)
    assert repr(exc.value) == "NotFoundError('404 not_found_error: gone')"
