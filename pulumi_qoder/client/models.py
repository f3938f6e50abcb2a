"""Response models: the objects the Qoder Deployments API returns (CONTRACT §2)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetCoreSchemaHandler,
    Tag,
    model_validator,
)
from pydantic_core import core_schema

from pulumi_qoder.client._shapes import (
    ContentBlock,
    EventType,
    FileFields,
    GithubRepositoryFields,
    InitialEventFields,
    MemoryStoreFields,
    ScheduleFields,
)
from pulumi_qoder.client._timestamp import Timestamp

__all__ = [
    "AgentRef",
    "CasConfig",
    "CasRunExtras",
    "CasSettings",
    "CasStats",
    "ContentBlock",
    "Deployment",
    "DeploymentList",
    "DeploymentMetadata",
    "DeploymentRun",
    "DeploymentRunList",
    "ErrorDetail",
    "ErrorEnvelope",
    "FileResource",
    "GithubRepositoryResource",
    "InitialEvent",
    "ListPage",
    "MemoryStoreResource",
    "PausedReason",
    "Resource",
    "RunError",
    "Schedule",
    "Timestamp",
    "TriggerContext",
    "UnknownResource",
    "WireModel",
]


class WireModel(BaseModel):
    """Base of every response model: tolerant in what it reads (docs/behaviour.md).

    The real API is not the emulator and changes without notice, so a response never fails
    as a whole for one odd field: unknown keys are kept, enum-like fields are open (an
    unknown value stays a string), a documented field that is missing or null reads as
    None, and lax mode takes `3.0` for `3` (but not `3.5`). Only the `essential` fields,
    without which the object cannot be managed, still fail, naming the field.

    A null inside a list that is not essential (`schedule.upcoming_runs_at: [..., null]`,
    `vault_ids`, `initial_events`, `resources`) is dropped: the list reads as the items it
    has. An item of another wrong shape still fails, naming it.

    The tolerance is in the validator pydantic-core runs, not in Python: every field that is
    not essential takes null and, when missing, reads as None (`_tolerant`). An answer is
    read with no Python call per field (only a `Timestamp` parses in Python, and a list
    that is not essential is filtered once), about three times faster than the wrap
    validator per field this replaced.
    """

    # defer_build: each model's validator is built on its first use, not at import (start-up).
    # No use_attribute_docstrings: it reads and parses this file's source once per class
    # (0.2 s of a plugin's start-up); the docstrings stay for help() and editors.
    model_config = ConfigDict(extra="allow", defer_build=True)

    essential: ClassVar[frozenset[str]] = frozenset()
    """Fields that must arrive valid; every other field degrades to None instead of failing."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = handler(source)
        _tolerant(handler.resolve_ref_schema(schema), cls.essential)
        return schema

    def to_wire(self) -> dict[str, Any]:
        """The JSON object this model came from: absent keys stay absent, nulls stay null."""
        return self.model_dump(mode="json", exclude_unset=True)


def _tolerant(schema: core_schema.CoreSchema, essential: frozenset[str]) -> None:
    """Make every field of a model's schema that is not `essential` take null and default to
    None when missing (in place; a schema already made tolerant is left as it is)."""
    body: Any = schema
    while body is not None and body.get("type") != "model-fields":
        # the model's own validators (`function-*`) around it and around its fields
        known = body.get("type") == "model" or body.get("type", "").startswith("function-")
        body = body.get("schema") if known else None
    if body is None:
        raise TypeError(f"unexpected pydantic schema for a model: {schema.get('type')!r}")
    for name, field in body["fields"].items():
        if name in essential:
            continue
        outer = field["schema"]
        if outer["type"] != "default":  # required: missing reads as None
            outer = field["schema"] = core_schema.with_default_schema(outer, default=None)
        if outer["schema"]["type"] == "list":
            outer["schema"] = _without_null_items(outer["schema"])
        if outer["schema"]["type"] != "nullable":
            outer["schema"] = core_schema.nullable_schema(outer["schema"])


def _without_null_items(schema: core_schema.ListSchema) -> core_schema.CoreSchema:
    """A list schema whose items may be null, the nulls dropped after validation."""
    schema["items_schema"] = core_schema.nullable_schema(schema.get("items_schema",
                                                                    core_schema.any_schema()))
    return core_schema.no_info_after_validator_function(_drop_nulls, schema)


def _drop_nulls(items: list[Any]) -> list[Any]:
    return [item for item in items if item is not None] if None in items else items


class AgentRef(WireModel):
    """The agent a deployment runs, always resolved to a concrete version."""

    id: str
    """Agent id (`agent_...`)."""
    type: Literal["agent"] | str
    """Always `agent`."""
    version: int
    """The pinned agent version."""


class Schedule(ScheduleFields, WireModel):
    """A deployment's cron schedule as the server reports it."""

    type: Literal["cron"] | str  # type: ignore[assignment]  # read: any kind (the request field keeps the Literal)
    """Schedule kind; `cron` is the only one documented."""

    upcoming_runs_at: list[Timestamp] = Field(default_factory=list)
    """Next fire times in UTC (up to 5); kept while paused, emptied by archive."""
    last_run_at: Timestamp | None = None
    """Time of the most recent trigger, manual runs included; absent until the first run."""


class InitialEvent(InitialEventFields, WireModel):
    """An event sent at the start of each run, echoed as it was written."""

    type: EventType | str  # type: ignore[assignment]  # read: any kind (the request field keeps the Literal)
    """`user.message`, `user.define_outcome` or `system.message` (or a newer kind)."""

    @model_validator(mode="after")
    def _check_type_fields(self) -> InitialEvent:
        return self  # a request rule (params); what the server echoes is read as it is


class GithubRepositoryResource(GithubRepositoryFields, WireModel):
    """A GitHub repository resource; the server never echoes its token."""


class FileResource(FileFields, WireModel):
    """A file resource."""


class MemoryStoreResource(MemoryStoreFields, WireModel):
    """A memory store resource."""

    access: Literal["read_write", "read_only"] | str | None = None  # type: ignore[assignment]  # read: any kind (the request field keeps the Literal)
    """Access mode."""


class UnknownResource(WireModel):
    """A resource of a kind this client does not know, kept as the server sent it."""

    type: str | None = None
    """The kind the server named."""


_RESOURCE_KINDS = frozenset({"github_repository", "file", "memory_store"})


def _resource_kind(value: Any) -> str:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return kind if kind in _RESOURCE_KINDS else "unknown"


Resource = Annotated[
    Annotated[GithubRepositoryResource, Tag("github_repository")]
    | Annotated[FileResource, Tag("file")]
    | Annotated[MemoryStoreResource, Tag("memory_store")]
    | Annotated[UnknownResource, Tag("unknown")],
    Discriminator(_resource_kind),
]


class CasSettings(WireModel):
    """Execution settings under `metadata.cas_config.config`."""

    max_retries: int
    """Retry attempts after a failed run."""
    timeout_ms: int
    """Per-run timeout in milliseconds."""
    max_concurrent: int
    """Runs allowed at once; a trigger beyond it is recorded as `skipped`."""


class CasStats(WireModel):
    """Server-maintained run counters under `metadata.cas_config.stats`."""

    total_runs: int
    """Runs triggered so far, manual ones included."""
    total_failures: int
    """Runs that failed."""
    consecutive_failures: int
    """Failures since the last success."""
    next_trigger_at: Timestamp | None = None
    """Next scheduled fire time; left stale after archive."""
    last_triggered_at: Timestamp | None = None
    """Time of the most recent trigger; absent until the first run."""


class CasConfig(WireModel):
    """Qoder's execution settings and stats, kept under the reserved `metadata.cas_config` key."""

    session_strategy: str
    """How runs get sessions; only `new_session` is documented."""
    config: CasSettings | None = None
    """Retry, timeout and concurrency settings."""
    stats: CasStats | None = None
    """Server-maintained counters."""


class DeploymentMetadata(WireModel):
    """A deployment's metadata: user string keys plus the server-managed `cas_config`."""

    # CONTRACT §2.3/§7.1: not a flat Dict[str, str]; user keys are the extra fields.
    __pydantic_extra__: dict[str, str] = Field(init=False)

    cas_config: CasConfig | None = None
    """Qoder's execution settings and stats (server-managed)."""

    @property
    def user(self) -> dict[str, str]:
        """The user's own keys, without `cas_config`."""
        return dict(self.__pydantic_extra__ or {})


class PausedReason(WireModel):
    """Why a deployment is paused."""

    type: str
    """`manual` for a pause call; the SDK also knows `error` (auto-pause)."""
    error: dict[str, Any] | None = None
    """The error behind an auto-pause, when `type` is `error`."""


# <generated from the field tables: Deployment fields; `make schema` rewrites it>
class _DeploymentFields(WireModel):
    """A deployment's fields as the API returns them (`Deployment` adds its properties)."""

    essential: ClassVar[frozenset[str]] = frozenset({"id"})

    id: str
    """Deployment id (`dep_...`)."""
    type: Literal["deployment"] | str
    """Always `deployment`."""
    name: str
    """Name; gets an `_archived_<unix_seconds>` suffix when archived."""
    description: str | None = None
    """Free-text description."""
    agent: AgentRef
    """The agent and the version it is pinned to."""
    environment_id: str
    """Environment the runs execute in (`env_...`)."""
    schedule: Schedule | None
    """The cron schedule, or null for a manual-only deployment."""
    initial_events: list[InitialEvent]
    """Events sent at the start of each run (1 to 50)."""
    resources: list[Resource] = Field(default_factory=list)
    """Repositories, files and memory stores attached to each run."""
    vault_ids: list[str] = Field(default_factory=list)
    """Vaults whose credentials each run may use."""
    metadata: DeploymentMetadata = Field(default_factory=DeploymentMetadata)
    """User keys plus the server-managed `cas_config`."""
    status: Literal["active", "paused"] | str
    """`active` or `paused`; archiving does not change it (see `archived_at`)."""
    paused_reason: PausedReason | None
    """Why it is paused; null while active."""
    archived_at: Timestamp | None
    """When it was archived; null while live."""
    created_at: Timestamp
    """Creation time."""
    updated_at: Timestamp
    """Last change, including pause, unpause and archive."""
# </generated: Deployment fields>


class Deployment(_DeploymentFields):
    """A deployment: an agent run on a cron schedule or on demand."""

    @property
    def user_metadata(self) -> dict[str, str]:
        """The user's metadata keys, without the server-managed `cas_config`."""
        return self.metadata.user

    @property
    def archived(self) -> bool:
        """Whether the deployment has been archived (the API's only removal)."""
        return self.archived_at is not None


class TriggerContext(WireModel):
    """What started a run."""

    type: Literal["manual", "schedule", "retry"] | str
    """`manual`, `schedule` or `retry`."""
    scheduled_at: Timestamp | None = None
    """The fire time a scheduled run was due at (SDK only)."""


class RunError(WireModel):
    """Why a run failed."""

    type: str
    """Error kind, e.g. `unknown_error`; the vocabulary is undocumented."""
    message: str
    """Human-readable description."""


class CasRunExtras(WireModel):
    """Qoder's execution details of one run."""

    attempt: int
    """1-based attempt number; retries count up."""
    turn_id: str | None = None
    """The session turn the run drives (`turn_...`)."""
    started_at: Timestamp | None = None
    """When execution started."""


# <generated from the field tables: DeploymentRun; `make schema` rewrites it>
class DeploymentRun(WireModel):
    """One triggered run of a deployment."""

    essential: ClassVar[frozenset[str]] = frozenset({"id"})

    id: str
    """Run id (`drun_...`)."""
    type: Literal["deployment_run"] | str
    """Always `deployment_run`."""
    deployment_id: str
    """The deployment it belongs to."""
    agent: AgentRef
    """The agent version the run used."""
    status: Literal["pending", "running", "completed", "failed", "skipped"] | str
    """Lifecycle state; `skipped` means the concurrency cap was hit."""
    error: RunError | None
    """Why it failed; null otherwise."""
    trigger_context: TriggerContext
    """What started it."""
    session_id: str | None = None
    """The session it runs in; absent until the session exists."""
    cas_run_extras: CasRunExtras | None = None
    """Attempt number, turn and start time."""
    completed_at: Timestamp | None = None
    """When it finished; absent until terminal."""
    duration_ms: int | None = None
    """Run time in milliseconds; absent until completed."""
    triggered_at: Timestamp
    """When it was triggered."""
    created_at: Timestamp
    """When the record was created."""
# </generated: DeploymentRun>


ItemT = TypeVar("ItemT")


class ListPage(WireModel, Generic[ItemT]):
    """One page of a cursor-paginated list."""

    essential: ClassVar[frozenset[str]] = frozenset({"data"})

    data: list[ItemT]
    """The items, in the endpoint's order."""
    first_id: str | None
    """Id of the first item (pass as `before_id` to go back); null when empty."""
    last_id: str | None
    """Id of the last item (pass as `after_id` to go on); null when empty."""
    has_more: bool
    """Whether another page follows."""
    next_page: str | None = None
    """Cursor of the next page (deployment lists only); null on the last page."""

    @property
    def next_cursor(self) -> str | None:
        """The `after_id` for the next page, or None on the last page."""
        if not self.has_more or not self.data:
            return None
        return self.next_page or self.last_id


# The pages subclass ListPage unparametrized and narrow `data` themselves: `ListPage[X]`
# makes pydantic build ListPage's validator at import (despite defer_build), and with it
# load its plugin machinery and scan every installed package's entry points: ~0.05 s of
# every plugin process that reads an answer.


class DeploymentList(ListPage):  # type: ignore[type-arg]  # unparametrized: see above
    """A page of deployments."""

    data: list[Deployment]
    """The deployments, in the endpoint's order."""


class DeploymentRunList(ListPage):  # type: ignore[type-arg]  # unparametrized: see above
    """A page of deployment runs."""

    data: list[DeploymentRun]
    """The runs, in the endpoint's order."""


class ErrorDetail(WireModel):
    """The `error` object of an error response."""

    type: str
    """Error kind, e.g. `conflict_error`."""
    message: str
    """Human-readable text; not a stable contract."""
    param: str | None = None
    """The offending request field, when there is one."""
    feature: str | None = None
    """The feature required (501 only)."""
    available_from: str | None = None
    """The beta that exposes the feature (501 only)."""


class ErrorEnvelope(WireModel):
    """The body of every documented error response."""

    type: Literal["error"] | str
    """Always `error`."""
    error: ErrorDetail
    """What went wrong."""
