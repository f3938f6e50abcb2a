"""/openapi.json describes what the emulator answers, and a bounded schemathesis run
against it finds no server error and no answer outside the document."""

import sys

import httpx
import pytest

from tests.emulator.emulator_support import body
from tests.support.constants import TEST_TOKEN

# The dev extras leave schemathesis out on Python 3.10 (4.32 needs 3.11), so the contract run
# skips there alone; on 3.11+ a missing schemathesis fails here. Imported at collection, not
# inside the test (contract_run.py says why).
if sys.version_info >= (3, 11):
    from tests.emulator.contract_run import run_contract

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}


def test_openapi_is_served_without_auth(served_emulator):
    response = httpx.get(f"{served_emulator.root_url}/openapi.json", timeout=10)
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert "/api/v1/cloud/deployments/{deployment_id}/pause" in document["paths"]
    assert not any(path.startswith("/_emulator") for path in document["paths"])


def test_openapi_documents_the_error_envelopes_not_422(served_emulator):
    document = httpx.get(f"{served_emulator.root_url}/openapi.json", timeout=10).json()
    create = document["paths"]["/api/v1/cloud/deployments"]["post"]["responses"]
    assert sorted(create) == ["200", "400", "401", "409"]
    pause = document["paths"]["/api/v1/cloud/deployments/{deployment_id}/pause"]["post"]
    assert sorted(pause["responses"]) == ["200", "400", "401", "404", "409"]
    error = pause["responses"]["404"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_openapi_lists_the_sdk_query_parameters(served_emulator):
    document = httpx.get(f"{served_emulator.root_url}/openapi.json", timeout=10).json()
    listed = document["paths"]["/api/v1/cloud/deployment_runs"]["get"]["parameters"]
    names = {p["name"] for p in listed}
    assert {"page", "created_at[gte]", "created_at[lt]", "created_at_gte", "has_error"} <= names
    gte = next(p for p in listed if p["name"] == "created_at_gte")
    assert gte["schema"] == {"type": "string", "format": "date-time"}


@pytest.mark.skipif(sys.version_info < (3, 11), reason="schemathesis 4.32+ needs Python 3.11")
@pytest.mark.timeout(240)  # bounded in time as well as in examples (10 per operation,
# generation mode and path-id choice; seeded, no example database, generate phase only)
def test_schemathesis_finds_no_server_error_or_schema_violation(served_emulator):
    with httpx.Client(base_url=served_emulator.base_url, headers=AUTH, timeout=10) as http:
        dep = http.post("/deployments", json=body(name="contract")).json()
        run = http.post(f"/deployments/{dep['id']}/run").json()
    ids = {"deployment_id": dep["id"], "run_id": run["id"]}
    result = run_contract(served_emulator.root_url, TEST_TOKEN, ids, examples=10)
    assert result.failures == [], "\n".join(result.failures[:20])
    assert result.cases >= 400
    assert 500 not in result.statuses and 200 in result.statuses and 400 in result.statuses
