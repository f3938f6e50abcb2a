"""Deployment operations over the client: create or adopt, read, update, delete.

Front-end neutral: inputs and outputs are plain property dicts (see `outputs.py`), errors are
`ProviderError`s naming the action and the deployment. Both front ends call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from pulumi_qoder.client._paths import deployment_path
from pulumi_qoder.core.deployment.identity import Identity, create_key, retry_key
from pulumi_qoder.core.deployment.outputs import inputs_of, outputs_of
from pulumi_qoder.core.deployment.plan import (
    KNOWN_STATUSES,
    Action,
    Create,
    ObservedState,
    Pause,
    Unpause,
    Update,
    diff,
    plan,
)
from pulumi_qoder.core.deployment.replays import ledger_of, note_recorded, recorded_here
from pulumi_qoder.core.deployment.spec import DeploymentSpec
from pulumi_qoder.core.errors import BASE_URL_HINT, ProviderError, call, find
from pulumi_qoder.errors import (
    APIConnectionError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    QoderError,
)

if TYPE_CHECKING:  # the client and its models load at the first API call
    from pulumi_qoder.client import QoderClient
    from pulumi_qoder.models import Deployment

__all__ = ["SAME_ID_REPLACEMENT", "DeploymentOperations", "Props"]

Props = Mapping[str, Any]

_MAX_STALE_ANSWERS = 3
"""Derived keys tried after stale replays before giving up (each needs an archive between)."""

_NAME_LOOKUP_ERRORS = (APIConnectionError, InternalServerError, ConflictError)
"""Create failures after which a deployment of that name may exist: unknown outcome, or taken."""

SAME_ID_REPLACEMENT = (
    "deployment {id} was kept, not archived: a resource of this same run recorded it. That "
    "is a replacement created before the old resource was deleted (`pulumi up --replace`, "
    "`replaceWith`): a resource's create is idempotent and deployment names are unique, so "
    "the replacement is this same deployment. To get a new deployment instead, give the "
    "resource the option deleteBeforeReplace (`deleteBeforeReplace: true` in YAML, "
    "`delete_before_replace=True` in Python): it is archived first, then made anew"
)
"""The warning of `delete` for a deployment this process's create just recorded (`replays.py`)."""


class DeploymentOperations:
    """What a `Deployment` resource does against the API, with one client."""

    def __init__(self, client: QoderClient) -> None:
        self._client = client

    def create(
        self, inputs: Props, identity: Identity | None = None
    ) -> tuple[str, dict[str, Any]]:
        """Create once per resource, then pause if asked; on a later failure archive it.

        The create is idempotent per resource (see `identity.py`): repeating it with the
        same program replays the first answer, and a live deployment that is provably this
        resource's earlier create (its derived auto-name) is taken over instead, with no
        write when it already matches the program. When the archive after a failed pause
        fails too, the error keeps both causes. `identity` defaults to the hidden `__scope`
        and `__name` inputs (the dynamic front end's); without one the key is random.
        """
        spec = DeploymentSpec.from_props(inputs)
        # The API cannot create one paused, and a schedule due between the create and the
        # pause would run: a paused deployment is created without its schedule, paused, and
        # only then given its schedule (plan puts a pause before the patch).
        first = spec.replaced(schedule=None) if spec.paused else spec
        created, fresh = self._create(first, identity or Identity.of(inputs))
        if not fresh:
            outs = self._take_over(created, spec, inputs)
            note_recorded(created.id)
            return created.id, outs
        try:
            live = None
            outs = outputs_of(created.to_wire(), inputs)
            for action in plan(spec, ObservedState.from_outputs(outs)):
                live = self._apply(created.id, action)
        except BaseException as err:
            try:
                self._undo_create(created.id)
            except ProviderError as undo:
                if not isinstance(err, ProviderError):
                    raise
                raise ProviderError(f"{err}; then {undo}", api_error=err.api_error) from err
            if not isinstance(err, ProviderError):
                raise
            raise ProviderError(
                f"{err} (the new deployment is archived, nothing is left)",
                api_error=err.api_error,
            ) from err
        note_recorded(created.id)
        # the usual create needs no further call: its outputs are the ones just read
        return created.id, outs if live is None else outputs_of(live.to_wire(), inputs)

    def adopt(self, id_: str, inputs: Props) -> tuple[str, dict[str, Any]]:
        """Take over a live deployment that already matches the program; write nothing.

        Like `pulumi import`, a deployment that differs fails with the differing fields
        named, so adoption never changes what is live behind a reviewer's back.
        """
        doing = f"adopting deployment {id_!r}"
        live = call(doing, lambda: self._client.deployments.retrieve(id_))
        if live.archived:
            raise ProviderError(f"{doing}: it is archived, and archived deployments stay archived")
        outs = outputs_of(live.to_wire(), inputs)
        differs = diff(outs, inputs).changed
        if differs:
            raise ProviderError(
                f"{doing}: the live deployment differs from the program in "
                f"{', '.join(differs)}; declare what is live, adopt it, then change it"
            )
        note_recorded(live.id)
        return live.id, outs

    def read(self, id_: str, prior: Props) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
        """Refresh or import: `(None, {}, {})` when gone (404 or archived), else id, outs, inputs.

        Inputs are rebuilt from the live deployment, in the form `prior` gave them.
        """
        live = find(f"reading deployment {id_!r}", lambda: self._client.deployments.retrieve(id_))
        if live is None or live.archived:
            return None, {}, {}
        wire = live.to_wire()
        return id_, outputs_of(wire, prior), inputs_of(wire, prior)

    def update(self, id_: str, olds: Props, news: Props) -> dict[str, Any]:
        """One merge-patch with the changed fields, then pause or unpause if status differs.

        `olds` are the recorded outputs, `news` the checked inputs (with no name when the
        resource was adopted without one: the recorded live name stands).
        """
        if news.get("name") is None:
            news = {**news, "name": olds.get("name")}
        spec = DeploymentSpec.from_props(news)
        observed = ObservedState.from_outputs(olds)
        if not observed.archived and observed.status not in KNOWN_STATUSES:
            raise ProviderError(_unknown_status(id_, observed.status))
        live: Deployment | None = None
        for action in plan(spec, observed):
            if isinstance(action, Create):
                raise ProviderError(_archived_outside(id_))
            try:
                live = self._apply(id_, action)
            except ProviderError as err:
                # CONTRACT §3 [INF]: a write to an archived deployment is a 409; say what to do.
                if isinstance(err.api_error, ConflictError) and self._is_archived(id_):
                    raise ProviderError(_archived_outside(id_), api_error=err.api_error) from err
                raise
        if live is None:
            live = call(
                f"reading deployment {id_!r}", lambda: self._client.deployments.retrieve(id_)
            )
        return outputs_of(live.to_wire(), news)

    def delete(self, id_: str) -> str | None:
        """Archive (the API has no delete); missing or already archived is success.

        A deployment this process's create recorded is kept, and the warning returned: its
        delete is the old half of a replacement that got the same id (`replays.py`).
        The answer is only checked to be a JSON object (a wrong base URL's web page is no
        archive), not read into a model: a destroy never loads pydantic or the response
        models (~0.15 s of a plugin process's CPU).
        """
        if recorded_here(id_):
            return SAME_ID_REPLACEMENT.format(id=id_)
        ledger = ledger_of(self._client)
        ledger.note_archiving(id_)
        try:
            self._client.request("POST", deployment_path(id_, "archive"), body={}, cast_to=None)
        except NotFoundError as err:
            if str(err.message).startswith("Unknown endpoint"):  # a wrong base URL, not gone
                doing = f"archiving deployment {id_!r}"
                raise ProviderError(f"{doing}: {err}; {BASE_URL_HINT}") from err
        except ConflictError as err:
            live = call(
                f"reading deployment {id_!r}", lambda: self._client.deployments.retrieve(id_)
            )
            if not live.archived:
                raise ProviderError(f"archiving deployment {id_!r}: {err}", api_error=err) from err
        except QoderError as err:
            raise ProviderError(f"archiving deployment {id_!r}: {err}", api_error=err) from err
        ledger.note_archived(id_)
        return None

    def _create(self, spec: DeploymentSpec, identity: Identity | None) -> tuple[Deployment, bool]:
        """`POST /deployments` with this resource's key: (the deployment, whether it is new).

        A replayed answer can be stale (its deployment archived since: a destroy, or an undo
        after a failed pause), and a replayed 409 can name a holder that is gone; each is
        followed by a create with a key derived from the stale one, so repeats stay
        idempotent. Whether an answer is stale is known without a call on the usual path
        (`replays.py`); only when that cannot tell is the deployment read back. A 409 or
        an unknown outcome looks the name up: a holder with this resource's derived
        auto-name is taken over (returned as not new); any other holder fails with its id
        and the ways out.
        """
        from pulumi_qoder.client.params import DeploymentCreate

        # Maps in key order: the API matches a repeated key by the body's bytes, and a user's
        # metadata map may reach the provider in another order on another run. The key is
        # derived from the body the request model is built from, once, and which it sends
        # (tests/client/test_create_request_is_stable.py pins both across versions).
        body = _sorted_maps(spec.create_body())
        key = None if identity is None else create_key(identity, body)
        doing = f"creating deployment {spec.name!r}"
        params = call(doing, partial(DeploymentCreate.model_validate, body))
        for _ in range(_MAX_STALE_ANSWERS + 1):
            try:
                created = call(doing, partial(self._client.deployments.create_from, params,
                                              idempotency_key=key))
            except ProviderError as err:
                if not isinstance(err.api_error, _NAME_LOOKUP_ERRORS):
                    raise
                holder = self._holder(spec.name, err, identity)
                if holder is None and isinstance(err.api_error, ConflictError):
                    key = key and retry_key(key, "name-freed")  # the 409 was a stale replay
                    continue
                if holder is not None and identity is not None and identity.owns_name(holder.name):
                    return holder, False
                raise self._name_error(err, spec.name, holder, identity) from err
            current = self._current(created)
            if current is not None:
                return current, True
            key = key and retry_key(key, created.id)  # a replay of a since-archived create
        raise ProviderError(
            f"{doing}: the API kept answering with deployments that are archived; "
            "run `pulumi up` again"
        )

    def _current(self, created: Deployment) -> Deployment | None:
        """The created deployment; None if archived since (the answer was a stale replay).

        The ledger of archived deployments (`replays.py`) answers without a call; when it
        cannot tell, the deployment is read, and a failed read leaves the create's own
        answer standing: it is only a check.
        """
        archived = ledger_of(self._client).is_archived(self._client, created.id)
        if archived is not None:
            return None if archived else created
        try:
            live = find(
                f"reading deployment {created.id!r}",
                lambda: self._client.deployments.retrieve(created.id),
            )
        except ProviderError:
            return created
        return None if live is None or live.archived else live

    def _holder(
        self, name: str, err: ProviderError, identity: Identity | None
    ) -> Deployment | None:
        """The live deployment named `name`, if any (names are unique among live ones).

        When the lookup fails too, the error says that the next `up` repeats the same
        create (with an identity), which then replays or finds what this one made.
        """
        try:
            return call(
                f"{err}; then looking for a deployment of that name",
                lambda: next((d for d in self._client.deployments.iter() if d.name == name), None),
            )
        except ProviderError as lookup:
            if identity is None:
                raise
            raise ProviderError(
                f"{lookup}; run `pulumi up` again: the create is repeated with the same "
                "Idempotency-Key",
                api_error=err.api_error,
            ) from lookup

    def _name_error(
        self,
        err: ProviderError,
        name: str,
        holder: Deployment | None,
        identity: Identity | None,
    ) -> ProviderError:
        """Why the create failed and what to do, for a 409 or an unknown outcome."""
        conflict = isinstance(err.api_error, ConflictError)
        if holder is None:
            again = (
                "; run `pulumi up` again: the create is repeated with the same Idempotency-Key"
                if identity is not None
                else ""
            )
            return ProviderError(
                f"{err} (no deployment of that name exists){again}", api_error=err.api_error
            )
        routes = (
            f"adopt it with ResourceOptions(import_={holder.id!r}) (its settings must match "
            f"the program), give this resource another `name`, or archive it with "
            f"pulumi_qoder.QoderClient().deployments.archive({holder.id!r}) (token from "
            "QODER_PAT, base URL from QODER_BASE_URL)"
        )
        if conflict:
            return ProviderError(
                f"creating deployment {name!r}: the name is taken by {holder.id}, which "
                "nothing proves this resource created (only a repeat of the same create "
                f"within 24 h replays its answer); {routes}",
                api_error=err.api_error,
            )
        if identity is not None:
            return ProviderError(
                f"{err}; the API may have created it anyway: {holder.id} is named {name!r}. "
                "Run `pulumi up` again: the create is repeated with the same Idempotency-Key, "
                f"so if {holder.id} is its result it is recorded, not duplicated; otherwise "
                f"{routes}",
                api_error=err.api_error,
            )
        return ProviderError(
            f"{err}; the API may have created it anyway: {holder.id} is named {name!r}. "
            f"To keep it, {routes}",
            api_error=err.api_error,
        )

    def _take_over(self, live: Deployment, spec: DeploymentSpec, inputs: Props) -> dict[str, Any]:
        """Record a deployment this resource provably made earlier; write only what differs."""
        observed = ObservedState.from_outputs(outputs_of(live.to_wire(), inputs))
        for action in plan(spec, observed):
            live = self._apply(live.id, action)
        return outputs_of(live.to_wire(), inputs)

    def _apply(self, id_: str, action: Action) -> Deployment:
        if isinstance(action, Update):
            from pulumi_qoder.client.params import DeploymentPatch

            return call(
                f"updating deployment {id_!r}",
                lambda: self._client.deployments.update_from(
                    id_, DeploymentPatch.model_validate(action.patch)
                ),
            )
        if isinstance(action, (Pause, Unpause)):
            return self._set_paused(id_, isinstance(action, Pause))
        raise TypeError(f"unexpected action {action!r}")

    def _set_paused(self, id_: str, paused: bool) -> Deployment:
        verb = "pausing" if paused else "unpausing"
        deployments = self._client.deployments
        try:
            return (deployments.pause if paused else deployments.unpause)(id_)
        except ConflictError as err:
            # CONTRACT §4.5/4.6: 409 when already in that state, which is what we want.
            live = call(f"reading deployment {id_!r}", lambda: deployments.retrieve(id_))
            if (live.status == "paused") == paused and not live.archived:
                return live
            raise ProviderError(f"{verb} deployment {id_!r}: {err}", api_error=err) from err
        except QoderError as err:
            raise ProviderError(f"{verb} deployment {id_!r}: {err}", api_error=err) from err

    def _is_archived(self, id_: str) -> bool:
        live = find(f"reading deployment {id_!r}", lambda: self._client.deployments.retrieve(id_))
        return live is None or live.archived

    def _undo_create(self, id_: str) -> None:
        # Neither front end can record a half-made resource, so it must go.
        ledger = ledger_of(self._client)
        ledger.note_archiving(id_)
        try:
            self._client.deployments.archive(id_)
            ledger.note_archived(id_)
        except QoderError as err:
            raise ProviderError(
                f"archiving deployment {id_!r} after a failed create also failed, so it is "
                f"left behind; archive it by hand: {err}",
                api_error=err,
            ) from err


def _sorted_maps(value: Any) -> Any:
    """`value` with every mapping's keys in sorted order (lists keep their order)."""
    if isinstance(value, Mapping):
        return {k: _sorted_maps(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_maps(v) for v in value]
    return value


def _archived_outside(id_: str) -> str:
    return (
        f"updating deployment {id_!r}: it was archived (or removed) outside Pulumi; "
        "run `pulumi refresh` to drop it from the stack, then `pulumi up` creates it again"
    )


def _unknown_status(id_: str, status: Any) -> str:
    return (
        f"updating deployment {id_!r}: status: {status!r} is not a status this provider knows "
        "(active or paused), so it does not guess whether to pause or unpause and writes "
        "nothing; settle it in Qoder (pause or unpause it there), then `pulumi refresh` and "
        "`pulumi up`; `pulumi destroy` still archives it"
    )
