"""Request models: what create and update send (unknown fields fail locally)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pulumi_qoder.client._shapes import (
    ContentBlock,
    FileFields,
    GithubRepositoryFields,
    InitialEventFields,
    MemoryStoreFields,
    ScheduleFields,
)

__all__ = [
    "AgentParam",
    "ContentBlock",
    "DeploymentCreate",
    "DeploymentPatch",
    "FileResourceParam",
    "GithubRepositoryResourceParam",
    "InitialEventParam",
    "MemoryStoreResourceParam",
    "MetadataParam",
    "RequestModel",
    "ResourceParam",
    "ScheduleParam",
]



class RequestModel(BaseModel):
    """Base of the request models: unknown fields are an error, so typos fail locally.

    A response model (e.g. `deployment.schedule`) may be passed where its request form is
    expected; its server-managed fields are dropped.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _from_response_model(cls, data: Any) -> Any:
        if isinstance(data, BaseModel) and not isinstance(data, cls):
            given = data.model_dump(mode="json", exclude_unset=True)
            return {key: value for key, value in given.items() if key in cls.model_fields}
        return data

    def to_body(self) -> dict[str, Any]:
        """The JSON body: the fields set, and only those (an explicit None as null)."""
        return self.model_dump(mode="json", exclude_unset=True)


def _with_type(data: Any, type_: str) -> Any:
    # Fill the constant `type` in so it counts as set and survives exclude_unset dumps.
    if isinstance(data, dict) and "type" not in data:
        return {"type": type_, **data}
    return data


class AgentParam(RequestModel):
    """An agent reference pinned to a version (omit `version` for the latest)."""

    id: str
    """Agent id (`agent_...`)."""
    type: Literal["agent"] = "agent"
    """Always `agent`."""
    version: int | None = Field(default=None, ge=1)
    """The version to pin; omitted means the latest."""

    @model_validator(mode="before")
    @classmethod
    def _fill_type(cls, data: Any) -> Any:
        return _with_type(data, "agent")


class ScheduleParam(ScheduleFields, RequestModel):
    """A cron schedule; updates replace the whole object, so all three fields are sent."""

    type: Literal["cron"] = "cron"
    """Schedule kind; `cron` is the only one."""

    @model_validator(mode="before")
    @classmethod
    def _fill_type(cls, data: Any) -> Any:
        return _with_type(data, "cron")


class InitialEventParam(InitialEventFields, RequestModel):
    """An event sent at the start of each run."""


class GithubRepositoryResourceParam(GithubRepositoryFields, RequestModel):
    """A GitHub repository to check out; the token is write-only."""

    authorization_token: str
    """Token used to clone; the server never echoes it."""


class FileResourceParam(FileFields, RequestModel):
    """A file to mount."""


class MemoryStoreResourceParam(MemoryStoreFields, RequestModel):
    """A memory store to attach."""


ResourceParam = Annotated[
    GithubRepositoryResourceParam | FileResourceParam | MemoryStoreResourceParam,
    Field(discriminator="type"),
]

MetadataParam = dict[str, Any]
"""User string keys (None deletes a key on update) plus an optional `cas_config` object."""


def _check_metadata(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    for key, item in value.items():
        if key == "cas_config":
            if item is not None and not isinstance(item, dict):
                raise ValueError("metadata.cas_config must be an object")
        elif item is not None and not isinstance(item, str):
            raise ValueError(f"metadata[{key!r}] must be a string, got {type(item).__name__}")
    return value


def _metadata_as_dict(value: Any) -> Any:
    # Accept a DeploymentMetadata (or any model) by turning it back into its wire object.
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    return value


class _DeploymentBody(RequestModel):
    """What the create and patch bodies share beyond their fields: `metadata`'s rules."""

    _metadata_in = field_validator("metadata", mode="before", check_fields=False)(
        _metadata_as_dict)
    _metadata_ok = field_validator("metadata", check_fields=False)(_check_metadata)


# <generated from the field tables: request models; `make schema` rewrites it>
class DeploymentCreate(_DeploymentBody):
    """The body of `POST /deployments`."""

    name: str
    """Up to 256 characters; unset: the resource name plus a random suffix, kept on updates."""
    description: str | None = None
    """Free text; unset means empty."""
    agent: AgentParam | str
    """The agent to run: `agent_...` (its latest version when written) or `{id, version}`."""
    environment_id: str
    """Environment the runs execute in (`env_...`)."""
    schedule: ScheduleParam | None = None
    """Cron schedule; unset means manual-only."""
    initial_events: list[InitialEventParam]
    """1 to 50 events sent at the start of each run."""
    resources: list[ResourceParam] | None = None
    """Repositories, files and memory stores attached to each run."""
    vault_ids: list[str] | None = None
    """Up to 50 vault ids (`vault_...`) whose credentials runs may use."""
    metadata: MetadataParam | None = None
    """Your own string keys (up to 16; key up to 64, value up to 512 characters)."""


class DeploymentPatch(_DeploymentBody):
    """The merge-patch body of `POST /deployments/{id}`: only set fields are sent. An explicit
    None is sent as null and clears the field; a map's key (`metadata`) mapped to None is
    deleted while the other keys are kept."""

    name: str | None = None
    """Up to 256 characters; unset: the resource name plus a random suffix, kept on updates."""
    description: str | None = None
    """Free text; unset means empty."""
    agent: AgentParam | str | None = None
    """The agent to run: `agent_...` (its latest version when written) or `{id, version}`."""
    environment_id: str | None = None
    """Environment the runs execute in (`env_...`)."""
    schedule: ScheduleParam | None = None
    """Cron schedule; unset means manual-only."""
    initial_events: list[InitialEventParam] | None = None
    """1 to 50 events sent at the start of each run."""
    resources: list[ResourceParam] | None = None
    """Repositories, files and memory stores attached to each run."""
    vault_ids: list[str] | None = None
    """Up to 50 vault ids (`vault_...`) whose credentials runs may use."""
    metadata: MetadataParam | None = None
    """Your own string keys (up to 16; key up to 64, value up to 512 characters)."""
# </generated: request models>
