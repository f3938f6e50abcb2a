"""The request shapes several operations share (a schedule, an initial event, an empty
body), and how a schema failure becomes a 400 with ``param``. Each operation's own body
is declared in its module under ``operations/`` (shape and JSON types only; values are
checked by the operation, with the shared rules of ``validation``).

Unknown fields are rejected [INF]: the docs do not say, but a strict emulator is what
catches a client that misspells a field (CONTRACT §4.4 lists the updatable fields).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, StrictStr, ValidationError

from .errors import InvalidRequest

__all__ = [
    "EmptyBody",
    "Strict",
    "InitialEvent",
    "ScheduleIn",
    "invalid_from_errors",
    "parse_model",
]

EVENT_TYPES = ("user.message", "user.define_outcome", "system.message")


class Strict(BaseModel):
    """A request shape that refuses fields it does not declare."""

    model_config = ConfigDict(extra="forbid")


class ScheduleIn(Strict):
    """Request form of a schedule: all three fields, always (CONTRACT §2.2)."""

    type: Literal["cron"]
    expression: StrictStr
    timezone: StrictStr


class InitialEvent(BaseModel):
    """One initial event; echoed exactly as sent, so extra fields are kept."""

    model_config = ConfigDict(extra="allow")

    type: Literal["user.message", "user.define_outcome", "system.message"]


def parse_model(model: type[BaseModel], body: Any) -> Any:
    """Validate a plain body into ``model``; a model instance passes through."""
    if isinstance(body, model):
        return body
    if not isinstance(body, Mapping):
        raise InvalidRequest("Request body must be a JSON object.")
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise invalid_from_errors(exc.errors(), prefix=()) from None


def invalid_from_errors(errors: Sequence[Mapping[str, Any]], prefix: tuple[str, ...] = ("body",)
                        ) -> InvalidRequest:
    """The 400 for the first schema error, naming the offending field as ``param``."""
    if not errors:
        return InvalidRequest("Invalid request.")
    error = errors[0]
    loc = tuple(error.get("loc", ()))
    if prefix and loc[: len(prefix)] == prefix:
        loc = loc[len(prefix):]
    elif loc and loc[0] in ("query", "path", "header"):
        loc = loc[1:]
    param = _param(loc)
    kind = error.get("type", "")
    if kind == "json_invalid":
        return InvalidRequest("Request body is not valid JSON.")
    if param is None:
        return InvalidRequest("Request body must be a JSON object.")
    if kind == "missing":
        return InvalidRequest(f"Missing required field: {param}", param=param)
    if kind == "extra_forbidden":
        return InvalidRequest(f"Unknown field: {param}", param=param)
    return InvalidRequest(f"Invalid value for '{param}': {error.get('msg', 'invalid')}", param)


def _param(loc: tuple[str | int, ...]) -> str | None:
    """('initial_events', 0, 'type') -> 'initial_events[0].type'; pydantic's type tags
    (e.g. 'literal[...]' inside unions) are dropped."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in part or part in ("str", "int", "dict", "list"):
            continue
        else:
            text += f".{part}" if text else part
    return text or None


class EmptyBody(Strict):
    """Body of pause/unpause/archive/run: nothing, or ``{}`` (CONTRACT §4.5-4.8)."""

