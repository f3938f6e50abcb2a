"""The Deployment resource and its typed arguments."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

import pulumi
import pulumi.dynamic

from pulumi_qoder.core.deployment.ignore import IGNORE_KEY
from pulumi_qoder.core.deployment.outputs import OUTPUT_FIELDS
from pulumi_qoder.core.deployment.spec import (
    ADOPT_KEY,
    INPUT_FIELDS,
    REPLACE_ON_CHANGE,
    RESOURCE_NAME_KEY,
    SCOPE_KEY,
)
from pulumi_qoder.core.fields import DEPLOYMENT
from pulumi_qoder.core.schedule.cron import cron_error, timezone_error
from pulumi_qoder.core.schedule.dst import dst_warning
from pulumi_qoder.dynamic.deployment_provider import DeploymentProvider
from pulumi_qoder.dynamic.secrets import mark_secrets

__all__ = [
    "REPLACE_ON_CHANGE",
    "AgentArgs",
    "DefineOutcome",
    "Deployment",
    "DeploymentArgs",
    "FileResourceArgs",
    "GithubRepositoryArgs",
    "MemoryStoreArgs",
    "ScheduleArgs",
    "SystemMessage",
    "UserMessage",
]


# <generated from the field tables: AgentArgs; `make schema` rewrites it>
@pulumi.input_type
class AgentArgs:
    """An agent pinned to a version; a bare `agent_...` id means its latest version."""

    id: pulumi.Input[str] = pulumi.property("id")
    """Agent id (`agent_...`)."""
    version: pulumi.Input[int] | None = pulumi.property("version", default=None)
    """Agent version (1 or more); unset means the latest when written."""
# </generated: AgentArgs>


# <generated from the field tables: ScheduleArgs; `make schema` rewrites it>
@pulumi.input_type
class ScheduleArgs:
    """When scheduled runs fire; leave a deployment's `schedule` unset for manual-only."""

    expression: pulumi.Input[str] = pulumi.property("expression")
    """Standard 5-field cron: minute hour day-of-month month day-of-week."""
    timezone: pulumi.Input[str] = pulumi.property("timezone")
    """IANA time zone the expression is read in, e.g. `Asia/Shanghai`."""
# </generated: ScheduleArgs>


Content = str | Sequence[Mapping[str, Any]]


def _set_fields(args: object, kind: str, given: str | None, **values: Any) -> None:
    """Set a typed input's fixed `type` and every given (non-None) field.

    `given` is the `type` passed to the constructor: the SDK rebuilds an input type from
    its fields when it unwraps one (`Output.from_input`, `Output.secret`), `type` included;
    only the fixed kind is accepted.
    """
    if given is not None and given != kind:
        raise TypeError(f"{args.__class__.__name__}: type is always {kind!r}, got {given!r}")
    pulumi.set(args, "type", kind)
    for key, value in values.items():
        if value is not None:
            pulumi.set(args, key, value)


@pulumi.input_type
class _Message:
    """An event carrying message content; subclasses fix its `type`."""

    type: pulumi.Input[str] = pulumi.property("type")
    """The event type."""
    content: pulumi.Input[Content] = pulumi.property("content")
    """The message: text, or a list of content blocks such as `{"type": "text", "text": ...}`."""
    event_type = ""

    def __init__(self, content: pulumi.Input[Content], *, type: str | None = None) -> None:
        _set_fields(self, self.event_type, type, content=content)


class UserMessage(_Message):
    """A `user.message` event: what the agent is asked at the start of each run."""

    event_type = "user.message"


class SystemMessage(_Message):
    """A `system.message` event: instructions for the agent."""

    event_type = "system.message"


@pulumi.input_type
class DefineOutcome:
    """A `user.define_outcome` event: a goal the agent iterates towards."""

    type: pulumi.Input[str] = pulumi.property("type")
    """Always `user.define_outcome`."""
    description: pulumi.Input[str] = pulumi.property("description")
    """What the outcome is."""
    rubric: pulumi.Input[Mapping[str, Any]] = pulumi.property("rubric")
    """How the outcome is judged (a text or file rubric object)."""
    max_iterations: pulumi.Input[int] | None = pulumi.property("max_iterations", default=None)
    """Attempts allowed, 1 to 20 (the API defaults to 3)."""

    def __init__(
        self,
        description: pulumi.Input[str],
        rubric: pulumi.Input[Mapping[str, Any]],
        max_iterations: pulumi.Input[int] | None = None,
        *,
        type: str | None = None,
    ) -> None:
        _set_fields(
            self,
            "user.define_outcome",
            type,
            description=description,
            rubric=rubric,
            max_iterations=max_iterations,
        )


@pulumi.input_type
class GithubRepositoryArgs:
    """A GitHub repository checked out into each run's session."""

    type: pulumi.Input[str] = pulumi.property("type")
    """Always `github_repository`."""
    url: pulumi.Input[str] = pulumi.property("url")
    """Repository URL."""
    authorization_token: pulumi.Input[str] = pulumi.property("authorization_token")
    """Token used to clone; write-only (the API never returns it). Secret however it is given:
    the deployment's `resources` are encrypted in the state and hidden in outputs."""
    checkout: pulumi.Input[Mapping[str, Any]] | None = pulumi.property("checkout", default=None)
    """Branch or commit, e.g. `{"type": "branch", "name": "main"}`."""
    mount_path: pulumi.Input[str] | None = pulumi.property("mount_path", default=None)
    """Where to mount it; the API defaults to `/workspace/<repo-name>`."""

    def __init__(
        self,
        url: pulumi.Input[str],
        authorization_token: pulumi.Input[str],
        checkout: pulumi.Input[Mapping[str, Any]] | None = None,
        mount_path: pulumi.Input[str] | None = None,
        *,
        type: str | None = None,
    ) -> None:
        _set_fields(
            self,
            "github_repository",
            type,
            url=url,
            authorization_token=authorization_token,
            checkout=checkout,
            mount_path=mount_path,
        )


@pulumi.input_type
class FileResourceArgs:
    """An uploaded file mounted into each run's session."""

    type: pulumi.Input[str] = pulumi.property("type")
    """Always `file`."""
    file_id: pulumi.Input[str] = pulumi.property("file_id")
    """File id (`file_...`)."""
    mount_path: pulumi.Input[str] | None = pulumi.property("mount_path", default=None)
    """Where to mount it; the API defaults to `/mnt/session/uploads/<file_id>`."""

    def __init__(
        self,
        file_id: pulumi.Input[str],
        mount_path: pulumi.Input[str] | None = None,
        *,
        type: str | None = None,
    ) -> None:
        _set_fields(self, "file", type, file_id=file_id, mount_path=mount_path)


@pulumi.input_type
class MemoryStoreArgs:
    """A memory store attached to each run's session."""

    type: pulumi.Input[str] = pulumi.property("type")
    """Always `memory_store`."""
    memory_store_id: pulumi.Input[str] = pulumi.property("memory_store_id")
    """Memory store id (`memstore_...`)."""
    access: pulumi.Input[str] | None = pulumi.property("access", default=None)
    """`read_write` or `read_only`."""
    instructions: pulumi.Input[str] | None = pulumi.property("instructions", default=None)
    """How the agent should use the store (up to 4096 characters)."""

    def __init__(
        self,
        memory_store_id: pulumi.Input[str],
        access: pulumi.Input[str] | None = None,
        instructions: pulumi.Input[str] | None = None,
        *,
        type: str | None = None,
    ) -> None:
        _set_fields(
            self,
            "memory_store",
            type,
            memory_store_id=memory_store_id,
            access=access,
            instructions=instructions,
        )


Event = UserMessage | SystemMessage | DefineOutcome | Mapping[str, Any]
ResourceItem = GithubRepositoryArgs | FileResourceArgs | MemoryStoreArgs | Mapping[str, Any]


# <generated from the field tables: DeploymentArgs; `make schema` rewrites it>
@pulumi.input_type
class DeploymentArgs:
    """The desired state of a Qoder deployment; every field accepts Outputs."""

    agent: pulumi.Input[AgentArgs | str] = pulumi.property("agent")
    """The agent to run: `agent_...` (its latest version when written) or `{id, version}`."""
    environment_id: pulumi.Input[str] = pulumi.property("environment_id")
    """Environment the runs execute in (`env_...`)."""
    initial_events: pulumi.Input[Sequence[pulumi.Input[Event]]] = pulumi.property("initial_events")
    """1 to 50 events sent at the start of each run."""
    name: pulumi.Input[str] | None = pulumi.property("name", default=None)
    """Up to 256 characters; unset: the resource name plus a random suffix, kept on updates."""
    description: pulumi.Input[str] | None = pulumi.property("description", default=None)
    """Free text; unset means empty."""
    schedule: pulumi.Input[ScheduleArgs] | None = pulumi.property("schedule", default=None)
    """Cron schedule; unset means manual-only."""
    resources: pulumi.Input[Sequence[pulumi.Input[ResourceItem]]] | None = pulumi.property(
        "resources", default=None
    )
    """Repositories, files and memory stores attached to each run."""
    vault_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = pulumi.property(
        "vault_ids", default=None
    )
    """Up to 50 vault ids (`vault_...`) whose credentials runs may use."""
    metadata: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = pulumi.property(
        "metadata", default=None
    )
    """Your own string keys (up to 16; key up to 64, value up to 512 characters)."""
    session_strategy: pulumi.Input[str] | None = pulumi.property("session_strategy", default=None)
    """How runs get sessions (`new_session`); unset leaves the server's value."""
    max_retries: pulumi.Input[int] | None = pulumi.property("max_retries", default=None)
    """Retries after a failed run (0 or more); unset leaves the server's value (default 0)."""
    timeout_ms: pulumi.Input[int] | None = pulumi.property("timeout_ms", default=None)
    """Per-run timeout in milliseconds; unset leaves the server's value (default 300000)."""
    max_concurrent: pulumi.Input[int] | None = pulumi.property("max_concurrent", default=None)
    """Runs allowed at once (1 or more); unset leaves the server's value (default 1)."""
    paused: pulumi.Input[bool] | None = pulumi.property("paused", default=None)
    """Whether scheduled runs are paused; unset means active."""
# </generated: DeploymentArgs>


class Deployment(pulumi.dynamic.Resource, module="qoder", name="Deployment"):
    """A Qoder Cloud Agents deployment: an agent run on a cron schedule or on demand.

    Type token `pulumi-python:dynamic/qoder:Deployment`. Deleting it archives the deployment.
    """

    # <generated from the field tables: Deployment outputs; `make schema` rewrites it>
    name: pulumi.Output[str]
    """The deployment's name."""
    description: pulumi.Output[str]
    """Description (empty when unset)."""
    agent: pulumi.Output[Any]
    """The agent to run: `agent_...` (its latest version when written) or `{id, version}`."""
    environment_id: pulumi.Output[str]
    """Environment the runs execute in (`env_...`)."""
    schedule: pulumi.Output[Mapping[str, Any] | None]
    """Cron schedule; unset means manual-only."""
    initial_events: pulumi.Output[Sequence[Mapping[str, Any]]]
    """1 to 50 events sent at the start of each run."""
    resources: pulumi.Output[Sequence[Mapping[str, Any]]]
    """Repositories, files and memory stores attached to each run."""
    vault_ids: pulumi.Output[Sequence[str]]
    """Up to 50 vault ids (`vault_...`) whose credentials runs may use."""
    metadata: pulumi.Output[Mapping[str, str]]
    """Your own string keys (up to 16; key up to 64, value up to 512 characters)."""
    session_strategy: pulumi.Output[str]
    """Live session strategy."""
    max_retries: pulumi.Output[int]
    """Live retry count."""
    timeout_ms: pulumi.Output[int]
    """Live per-run timeout in milliseconds."""
    max_concurrent: pulumi.Output[int]
    """Live concurrency cap."""
    paused: pulumi.Output[bool]
    """Whether the deployment is paused (`status == "paused"`)."""
    status: pulumi.Output[str]
    """`active` or `paused`."""
    paused_reason: pulumi.Output[Mapping[str, Any] | None]
    """Why it is paused, e.g. `{type: manual}`; unset while active."""
    agent_version: pulumi.Output[int]
    """The agent version the deployment is pinned to."""
    upcoming_runs_at: pulumi.Output[Sequence[str]]
    """Next fire times (RFC 3339, UTC), up to 5; empty when manual-only."""
    next_trigger_at: pulumi.Output[str | None]
    """Next scheduled fire time (RFC 3339)."""
    last_run_at: pulumi.Output[str | None]
    """Most recent trigger, manual runs included (RFC 3339); unset before the first run."""
    created_at: pulumi.Output[str]
    """Creation time (RFC 3339)."""
    updated_at: pulumi.Output[str]
    """Last change (RFC 3339)."""
    archived_at: pulumi.Output[str | None]
    """Archive time (RFC 3339); unset while live."""
    stats: pulumi.Output[Mapping[str, Any]]
    """Run counters."""
    # </generated: Deployment outputs>

    def __init__(
        self,
        resource_name: str,
        args: DeploymentArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {key: getattr(args, key) for key in INPUT_FIELDS}
        props[RESOURCE_NAME_KEY] = resource_name
        props[SCOPE_KEY] = _scope(opts)
        props.update(dict.fromkeys(OUTPUT_FIELDS))
        if opts is not None and opts.ignore_changes:
            # The SDK's dynamic provider host does not pass `ignoreChanges` to `diff` and
            # `update`: the provider reads it from this hidden input (core/deployment/ignore.py).
            props[IGNORE_KEY] = list(opts.ignore_changes)
        if opts is not None and opts.import_:
            # The engine's own import cannot reach a dynamic provider (pulumi/pulumi#16175):
            # hand the id to `create`, which adopts the deployment if it matches the program.
            props[ADOPT_KEY] = opts.import_
            opts = copy.copy(opts)
            opts.import_ = None
        opts = mark_secrets(DEPLOYMENT, props, opts)
        super().__init__(DeploymentProvider(), resource_name, props, opts)
        _warn_about_dst(self, args.schedule)


def _warn_about_dst(resource: pulumi.Resource, schedule: Any) -> None:
    """Warn on the resource about a schedule a clock change touches (docs/behaviour.md).

    Sent from the program, not the provider: a dynamic provider's host has no engine
    connection for `pulumi.log`, while the program's log reaches the engine with the URN.
    """
    if schedule is None or isinstance(schedule, pulumi.Output):
        return
    if isinstance(schedule, Mapping):
        expression, tz = schedule.get("expression"), schedule.get("timezone")
    else:
        expression, tz = getattr(schedule, "expression", None), getattr(schedule, "timezone", None)

    def warn(values: list[Any]) -> None:
        expression, tz = values
        if not (isinstance(expression, str) and isinstance(tz, str)):
            return
        if cron_error(expression) is None and timezone_error(tz) is None:
            warning = dst_warning(expression, tz, datetime.now(timezone.utc))
            if warning:
                pulumi.log.warn(warning, resource=resource)

    pulumi.Output.all(expression, tz).apply(warn)


def _scope(opts: pulumi.ResourceOptions | None) -> str:
    """Where the resource sits: the stack (project and name) and its parent component, if any.

    With the resource name it identifies the resource, from which the auto-name and the
    create's Idempotency-Key are derived (`core/deployment/identity.py`). The parent is
    named by type and name, not by its URN: an input depending on the parent's URN would
    make the child depend on its own parent, which the SDK rejects as a cycle.
    """
    scope = f"urn:pulumi:{pulumi.get_stack()}::{pulumi.get_project()}"
    parent = opts.parent if opts is not None else None
    if parent is not None:
        scope += f"::{parent.pulumi_resource_type}::{parent.pulumi_resource_name}"
    return scope
