"""``GET /openapi.json``: an OpenAPI 3.1 document of what the emulator really answers.

FastAPI's generated document is the starting point (paths, parameters, request bodies
from ``operations``); each operation's answers are then replaced by the real ones: 200 with
the response schema below (CONTRACT §2, §1.5), and the error envelope (CONTRACT §2.9)
for 400, 401, 404 where the path names an object, and 409 where the call can conflict.
FastAPI's default 422 never happens (validation errors are 400s) and is removed. The
control surface (``/_emulator``) is not part of the API and is left out.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .gateway import API_PREFIX

__all__ = ["SCHEMAS", "openapi_document"]

_TIME = {"type": "string", "format": "date-time"}
_NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
_AGENT = {
    "type": "object",
    "required": ["id", "type", "version"],
    "properties": {
        "id": {"type": "string", "pattern": "^agent_[0-9a-f]{32}$"},
        "type": {"const": "agent"},
        "version": {"type": "integer", "minimum": 1},
    },
    "additionalProperties": False,
}
_STATS = {
    "type": "object",
    "required": ["consecutive_failures", "total_failures", "total_runs"],
    "properties": {
        "consecutive_failures": {"type": "integer", "minimum": 0},
        "total_failures": {"type": "integer", "minimum": 0},
        "total_runs": {"type": "integer", "minimum": 0},
        "next_trigger_at": _TIME,
        "last_triggered_at": _TIME,
    },
    "additionalProperties": False,
}
_CAS_CONFIG = {
    "type": "object",
    "required": ["config", "session_strategy", "stats"],
    "properties": {
        "config": {
            "type": "object",
            "required": ["max_concurrent", "max_retries", "timeout_ms"],
            "properties": {
                "max_concurrent": {"type": "integer"},
                "max_retries": {"type": "integer"},
                "timeout_ms": {"type": "integer"},
            },
            "additionalProperties": False,
        },
        "session_strategy": {"type": "string"},
        "stats": _STATS,
    },
    "additionalProperties": False,
}
_SCHEDULE = {
    "type": "object",
    "required": ["expression", "timezone", "type", "upcoming_runs_at"],
    "properties": {
        "expression": {"type": "string"},
        "timezone": {"type": "string"},
        "type": {"const": "cron"},
        "upcoming_runs_at": {"type": "array", "items": _TIME, "maxItems": 5},
        "last_run_at": _TIME,
    },
    "additionalProperties": False,
}
_DEPLOYMENT_SCHEMA = {
    "type": "object",
    "required": [
        "agent", "archived_at", "created_at", "description", "environment_id", "id",
        "initial_events", "metadata", "name", "paused_reason", "resources", "schedule",
        "status", "type", "updated_at", "vault_ids",
    ],
    "properties": {
        "agent": _AGENT,
        "archived_at": _NULLABLE_TIME,
        "created_at": _TIME,
        "description": {"type": "string"},
        "environment_id": {"type": "string", "pattern": "^env_[0-9a-f]{32}$"},
        "id": {"type": "string", "pattern": "^dep_[0-9a-f]{32}$"},
        "initial_events": {
            "type": "array",
            "items": {"type": "object", "required": ["type"]},
            "minItems": 1,
        },
        "metadata": {
            "type": "object",
            "required": ["cas_config"],
            "properties": {"cas_config": _CAS_CONFIG},
            "additionalProperties": {"type": "string"},
        },
        "name": {"type": "string", "minLength": 1},
        "paused_reason": {
            "anyOf": [{"type": "null"}, {"type": "object", "required": ["type"]}],
        },
        "resources": {"type": "array", "items": {"type": "object", "required": ["type"]}},
        "schedule": {"anyOf": [{"type": "null"}, _SCHEDULE]},
        "status": {"enum": ["active", "paused"]},
        "type": {"const": "deployment"},
        "updated_at": _TIME,
        "vault_ids": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": False,
}
_RUN_SCHEMA = {
    "type": "object",
    "required": [
        "agent", "cas_run_extras", "created_at", "deployment_id", "error", "id", "status",
        "trigger_context", "triggered_at", "type",
    ],
    "properties": {
        "agent": _AGENT,
        "cas_run_extras": {
            "type": "object",
            "required": ["attempt"],
            "properties": {
                "attempt": {"type": "integer", "minimum": 1},
                "turn_id": {"type": "string"},
                "started_at": _TIME,
            },
            "additionalProperties": False,
        },
        "completed_at": _TIME,
        "created_at": _TIME,
        "deployment_id": {"type": "string", "pattern": "^dep_[0-9a-f]{32}$"},
        "duration_ms": {"type": "integer", "minimum": 0},
        "error": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["message", "type"],
                    "properties": {"message": {"type": "string"}, "type": {"type": "string"}},
                },
            ],
        },
        "id": {"type": "string", "pattern": "^drun_[0-9a-f]{32}$"},
        "session_id": {"type": "string"},
        "status": {"enum": ["pending", "running", "completed", "failed", "skipped"]},
        "trigger_context": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": ["manual", "schedule", "retry"]}},
        },
        "triggered_at": _TIME,
        "type": {"const": "deployment_run"},
    },
    "additionalProperties": False,
}


def _list_of(item_ref: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["data", "first_id", "has_more", "last_id", "next_page"],
        "properties": {
            "data": {"type": "array", "items": {"$ref": item_ref}},
            "first_id": {"type": ["string", "null"]},
            "has_more": {"type": "boolean"},
            "last_id": {"type": ["string", "null"]},
            "next_page": {"type": ["string", "null"]},
        },
        "additionalProperties": False,
    }


_ERROR_SCHEMA = {
    "type": "object",
    "required": ["type", "error"],
    "properties": {
        "type": {"const": "error"},
        "error": {
            "type": "object",
            "required": ["type", "message"],
            "properties": {
                "type": {"type": "string"},
                "message": {"type": "string"},
                "param": {"type": "string"},
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
SCHEMAS = {
    "Deployment": _DEPLOYMENT_SCHEMA,
    "DeploymentRun": _RUN_SCHEMA,
    "DeploymentList": _list_of("#/components/schemas/Deployment"),
    "DeploymentRunList": _list_of("#/components/schemas/DeploymentRun"),
    "Error": _ERROR_SCHEMA,
}

# (method, path relative to API_PREFIX) -> the 200 schema and the error statuses
_ANSWERS: dict[tuple[str, str], tuple[str, tuple[int, ...]]] = {
    ("post", "/deployments"): ("Deployment", (409,)),
    ("get", "/deployments"): ("DeploymentList", ()),
    ("get", "/deployments/{deployment_id}"): ("Deployment", (404,)),
    ("post", "/deployments/{deployment_id}"): ("Deployment", (404, 409)),
    ("post", "/deployments/{deployment_id}/pause"): ("Deployment", (404, 409)),
    ("post", "/deployments/{deployment_id}/unpause"): ("Deployment", (404, 409)),
    ("post", "/deployments/{deployment_id}/archive"): ("Deployment", (404, 409)),
    ("post", "/deployments/{deployment_id}/run"): ("DeploymentRun", (404, 409)),
    ("get", "/deployments/{deployment_id}/runs"): ("DeploymentRunList", (404,)),
    ("get", "/deployments/{deployment_id}/runs/{run_id}"): ("DeploymentRun", (404,)),
    ("get", "/deployment_runs"): ("DeploymentRunList", ()),
    ("get", "/deployment_runs/{run_id}"): ("DeploymentRun", (404,)),
}
_WHY = {
    400: "Invalid request: bad body, parameter or cursor (``param`` names it).",
    401: "Missing or unknown bearer token.",
    404: "No such object.",
    409: "Conflict: the state does not allow it, the name is taken, or the "
         "Idempotency-Key was used with another body.",
}


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """The document for ``app`` (built once and cached on ``app.state``)."""
    cached = getattr(app.state, "openapi_document", None)
    if cached is not None:
        return cached
    document = get_openapi(
        title="Qoder Deployments API (emulator)",
        version="1",
        openapi_version="3.1.0",
        description="What the local emulator answers; see docs/emulator.md.",
        routes=app.routes,
    )
    document["servers"] = [{"url": "/"}]
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas.update(SCHEMAS)
    components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    document["security"] = [{"bearer": []}]
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            answer = _ANSWERS.get((method, path.removeprefix(API_PREFIX)))
            if answer is not None:
                operation["responses"] = _responses(*answer)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    parameter["schema"] = _query_schema(parameter["name"], path)
    app.state.openapi_document = document
    return document


_RUN_STATUSES = ["pending", "running", "completed", "failed", "skipped"]


def _query_schema(name: str, path: str) -> dict[str, Any]:
    """What a query parameter takes (FastAPI would say ``string | null`` for most)."""
    if name == "limit":
        return {"type": "integer", "minimum": 1}
    if name in ("include_archived", "has_error"):
        return {"type": "boolean"}
    if name == "status":
        runs = path.endswith("/runs") or path.endswith("/deployment_runs")
        return {"enum": _RUN_STATUSES if runs else ["active", "paused"]}
    if name == "trigger_type":
        return {"enum": ["manual", "schedule", "retry"]}
    if name.startswith(("created_at", "triggered_")):
        return {"type": "string", "format": "date-time"}
    return {"type": "string"}


def _responses(schema: str, errors: tuple[int, ...]) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{schema}"},
            }},
        },
    }
    for status in (400, 401, *errors):
        responses[str(status)] = {
            "description": _WHY[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return responses
