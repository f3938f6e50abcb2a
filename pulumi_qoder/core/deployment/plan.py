"""Pure planning: the fewest API calls that take a deployment from observed to desired."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pulumi_qoder.core.deployment.spec import (
    EXECUTION_DEFAULTS,
    EXECUTION_FIELDS,
    INPUT_FIELDS,
    INPUTS,
    REPLACE_ON_CHANGE,
    DeploymentSpec,
    contains_unknown,
    normalise,
    put,
)

__all__ = [
    "Action",
    "Archive",
    "Create",
    "DiffPlan",
    "ObservedState",
    "Pause",
    "Unpause",
    "Update",
    "KNOWN_STATUSES",
    "diff",
    "plan",
]


@dataclass(frozen=True)
class Create:
    """Create the deployment (the API always creates it active)."""

    spec: DeploymentSpec


@dataclass(frozen=True)
class Update:
    """One merge-patch: only changed fields; a map's key mapped to None is deleted."""

    patch: Mapping[str, Any] = field(hash=False)


@dataclass(frozen=True)
class Pause:
    """Pause scheduled runs."""


@dataclass(frozen=True)
class Unpause:
    """Resume scheduled runs."""


@dataclass(frozen=True)
class Archive:
    """Archive: the API's only removal, irreversible."""


Action = Create | Update | Pause | Unpause | Archive

_BY_NAME = {f.name: f for f in INPUTS}

KNOWN_STATUSES = frozenset({"active", "paused"})
"""The statuses pause and unpause move between; any other is read and shown, never acted on."""


@dataclass(frozen=True)
class DiffPlan:
    """Which inputs differ from the recorded state, and which of those force a replacement."""

    changed: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()

    @property
    def in_sync(self) -> bool:
        """No input differs: no call is needed."""
        return not self.changed


@dataclass(frozen=True)
class ObservedState:
    """What the server has, as the provider recorded it: input-shaped values plus status."""

    props: Mapping[str, Any] = field(hash=False)
    """Live values in the program's form (the resource's outputs)."""
    status: str = "active"
    archived: bool = False

    @classmethod
    def from_outputs(cls, outs: Mapping[str, Any]) -> ObservedState:
        """The state recorded in a resource's outputs."""
        # State written before `status` was recorded has only `paused`; a recorded null
        # status is an unknown one, not a guess.
        fallback = "paused" if outs.get("paused") else "active"
        status = outs["status"] if "status" in outs else fallback
        return cls(props=outs, status=status, archived=outs.get("archived_at") is not None)


def diff(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    replace_on_change: frozenset[str] = REPLACE_ON_CHANGE,
    *,
    strict: bool = False,
) -> DiffPlan:
    """Compare desired inputs `news` with recorded outputs `olds`, field by field.

    `paused` is compared with the recorded `status`. An execution setting the program leaves
    unset is not compared (the server's value stands), unless `strict` (`qoder:strictDrift`):
    then it is compared with the API's default, so a hand change counts as drift. A name left
    unset by adoption is not compared (the live one stands). Unknown values count as
    changes. Server-managed outputs and hidden keys such as `__provider` are never compared.
    """
    changed = []
    for key in INPUT_FIELDS:
        new = news.get(key)
        if key in EXECUTION_FIELDS and new is None:
            if not strict:
                continue
            new = EXECUTION_DEFAULTS[key]
        if key == "name" and new is None:
            continue  # only an adopted resource has no name: the live one stands
        if contains_unknown(new):
            changed.append(key)
            continue
        if key == "paused" and "status" in olds and olds["status"] not in KNOWN_STATUSES:
            changed.append(key)  # an unknown status is neither what `paused` asks for
            continue
        if key == "paused":
            old = olds["status"] == "paused" if "status" in olds else olds.get("paused")
        else:
            old = olds.get(key)
        if normalise(key, old) != normalise(key, new):
            changed.append(key)
    return DiffPlan(tuple(changed), tuple(k for k in changed if k in replace_on_change))


def plan(desired: DeploymentSpec | None, observed: ObservedState | None) -> list[Action]:
    """The calls, in order, that make `observed` match `desired`; empty means in sync.

    `desired=None` asks for removal. A missing or archived deployment is created (then
    paused if wanted, since the API cannot create one paused). Otherwise one merge-patch
    carries every changed field, and a pause (before it) or an unpause (after it) runs
    only if the status differs.
    """
    if desired is None:
        return [] if observed is None or observed.archived else [Archive()]
    if observed is None or observed.archived:
        return [Create(desired), Pause()] if desired.paused else [Create(desired)]
    patch = _patch(desired, observed, diff(observed.props, desired.props()).changed)
    actions: list[Action] = [Update(patch)] if patch else []
    if observed.status not in KNOWN_STATUSES:
        return actions  # never guess a pause or unpause from a status we do not know
    if desired.paused != (observed.status == "paused"):
        # Pause before the patch and unpause after it, so no run fires on a schedule (new or
        # old) while the program already says paused.
        return [Pause(), *actions] if desired.paused else [*actions, Unpause()]
    return actions


def _patch(desired: DeploymentSpec, observed: ObservedState, changed: tuple[str, ...]
           ) -> dict[str, Any]:
    patch: dict[str, Any] = {}
    for key in changed:
        field = _BY_NAME[key]
        if field.api_keys is None:
            continue  # `paused`: a status, set by pause and unpause
        if field.is_map:
            # A merge-patch merges maps key by key: changed keys are sent, removed ones as
            # null (which deletes them), and the others are left out (kept).
            old = normalise(key, observed.props.get(key))
            new = dict(desired.values[key] or {})
            keys = {k: v for k, v in new.items() if old.get(k) != v}
            keys.update({k: None for k in old if k not in new})
            _at(patch, field.api_keys).update(keys)
        elif key in EXECUTION_FIELDS:
            # The whole cas_config is sent (unchanged settings at their live values), so the
            # patch is right whether the server merges cas_config deeply or replaces it.
            live = {k: observed.props.get(k) for k in EXECUTION_FIELDS}
            _at(patch, ("metadata",))["cas_config"] = desired.cas_config(live)
        else:
            put(patch, field.api_keys, desired.request_value(key))
    return patch


def _at(target: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """The object at `path` in `target`, made (empty) where missing."""
    for part in path:
        target = target.setdefault(part, {})
    return target
