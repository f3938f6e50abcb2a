"""Field sets shared by a wire object's request form (params) and response form (models)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["ContentBlock", "EventType"]

EventType = Literal["user.message", "user.define_outcome", "system.message"]


class ContentBlock(BaseModel):
    """One block of an event's `content` list, e.g. `{"type": "text", "text": "..."}`."""

    model_config = ConfigDict(extra="allow", defer_build=True)

    type: str
    """Block kind; `text` is the one Qoder shows, others pass through untouched."""
    text: str | None = None
    """The text of a `text` block."""


class ScheduleFields(BaseModel):
    """The three fields a schedule is written with."""

    model_config = ConfigDict(defer_build=True)

    type: Literal["cron"]
    """Schedule kind; `cron` is the only one."""
    expression: str
    """Standard 5-field cron expression, e.g. `0 9 * * *`."""
    timezone: str
    """IANA time zone the expression is matched in, e.g. `Asia/Shanghai`."""


class InitialEventFields(BaseModel):
    """An event sent to the agent's session at the start of each run (CONTRACT §2.6)."""

    model_config = ConfigDict(defer_build=True)

    type: EventType
    """`user.message`, `user.define_outcome` or `system.message`."""
    content: str | list[ContentBlock] | None = None
    """Message text: a plain string (Qoder's examples) or a list of content blocks."""
    description: str | None = None
    """What the outcome is (`user.define_outcome` only)."""
    rubric: dict[str, Any] | None = None
    """How the outcome is judged (`user.define_outcome` only)."""
    max_iterations: int | None = Field(default=None, ge=1)
    """Attempts allowed to reach the outcome (`user.define_outcome` only)."""

    @model_validator(mode="after")
    def _check_type_fields(self) -> InitialEventFields:
        if self.type == "user.define_outcome":
            missing = [name for name in ("description", "rubric") if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a user.define_outcome event needs {' and '.join(missing)}")
        elif self.content is None:
            raise ValueError(f"a {self.type} event needs content")
        return self


class GithubRepositoryFields(BaseModel):
    """A GitHub repository checked out into the session (CONTRACT §2.7)."""

    model_config = ConfigDict(defer_build=True)

    type: Literal["github_repository"]
    """Resource kind."""
    url: str
    """Repository URL."""
    checkout: dict[str, Any] | None = None
    """Branch or commit to check out, e.g. `{"type": "branch", "name": "main"}`."""
    mount_path: str | None = None
    """Where it is mounted; the server defaults to `/workspace/<repo-name>`."""


class FileFields(BaseModel):
    """An uploaded file mounted into the session."""

    model_config = ConfigDict(defer_build=True)

    type: Literal["file"]
    """Resource kind."""
    file_id: str
    """The file's id (`file_...`)."""
    mount_path: str | None = None
    """Where it is mounted; the server defaults to `/mnt/session/uploads/<file_id>`."""


class MemoryStoreFields(BaseModel):
    """A memory store attached to the session."""

    model_config = ConfigDict(defer_build=True)

    type: Literal["memory_store"]
    """Resource kind."""
    memory_store_id: str
    """The memory store's id (`memstore_...`)."""
    access: Literal["read_write", "read_only"] | None = None
    """Access mode."""
    instructions: str | None = None
    """How the agent should use the store (up to 4096 characters)."""
