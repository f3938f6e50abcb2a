"""Deployment operations over the client: create or adopt, read, update, delete.

Front-end neutral: inputs and outputs are plain property dicts (see `outputs.py`), errors are
`ProviderError`s naming the action and the deployment. Both front ends call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.client import QoderClient
from pulumi_qoder.core.deployment.outputs import inputs_of, outputs_of
from pulumi_qoder.core.deployment.plan import (
    Action,
    Create,
    ObservedState,
    Pause,
    Unpause,
    Update,
    diff,
    plan,
)
from pulumi_qoder.core.deployment.spec import DeploymentSpec
from pulumi_qoder.core.errors import BASE_URL_HINT, ProviderError, call, find
from pulumi_qoder.errors import (
    APIConnectionError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    QoderError,
)
from pulumi_qoder.models import Deployment

__all__ = ["DeploymentOperations", "Props"]

Props = Mapping[str, Any]


class DeploymentOperations:
    """What a `Deployment` resource does against the API, with one client."""

    def __init__(self, client: QoderClient) -> None:
        self._client = client

    def create(self, inputs: Props) -> tuple[str, dict[str, Any]]:
        """Create, then pause if asked; on any later failure archive what was created.

        When that archive fails too, the error keeps both causes: why the create could not
        finish, and why the deployment is left behind.
        """
        spec = DeploymentSpec.from_props(inputs)
        created = self._create(spec)
        try:
            live = created
            for action in plan(spec, None)[1:]:  # what follows Create: a pause, if wanted
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
        return created.id, outputs_of(live.to_wire(), inputs)

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

        `olds` are the recorded outputs, `news` the checked inputs.
        """
        spec = DeploymentSpec.from_props(news)
        live: Deployment | None = None
        for action in plan(spec, ObservedState.from_outputs(olds)):
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

    def delete(self, id_: str) -> None:
        """Archive (the API has no delete); missing or already archived is success."""
        try:
            self._client.deployments.archive(id_)
        except NotFoundError as err:
            if str(err.message).startswith("Unknown endpoint"):  # a wrong base URL, not gone
                doing = f"archiving deployment {id_!r}"
                raise ProviderError(f"{doing}: {err}; {BASE_URL_HINT}") from err
            return
        except ConflictError as err:
            live = call(
                f"reading deployment {id_!r}", lambda: self._client.deployments.retrieve(id_)
            )
            if not live.archived:
                raise ProviderError(f"archiving deployment {id_!r}: {err}", api_error=err) from err
        except QoderError as err:
            raise ProviderError(f"archiving deployment {id_!r}: {err}", api_error=err) from err

    def _create(self, spec: DeploymentSpec) -> Deployment:
        """`POST /deployments`; when the outcome is unknown, say what may now exist.

        The client retries with one Idempotency-Key, so this is reached only when every
        attempt failed without an answer. Nothing is archived on a guess: a deployment of
        that name may be someone else's.
        """
        client = self._client
        doing = f"creating deployment {spec.name!r}"
        try:
            return call(doing, lambda: client.deployments.create(**spec.create_body()))
        except ProviderError as err:
            if not isinstance(err.api_error, (APIConnectionError, InternalServerError)):
                raise
            maybe = call(
                f"{err}; then looking for it",
                lambda: next((d for d in client.deployments.iter() if d.name == spec.name), None),
            )
            if maybe is None:
                raise ProviderError(
                    f"{err} (no deployment of that name exists)", api_error=err.api_error
                ) from err
            raise ProviderError(
                f"{err}; the API may have created it anyway: {maybe.id} is named "
                f"{spec.name!r}. Adopt it with ResourceOptions(import_={maybe.id!r}), "
                "or archive it",
                api_error=err.api_error,
            ) from err

    def _apply(self, id_: str, action: Action) -> Deployment:
        if isinstance(action, Update):
            return call(
                f"updating deployment {id_!r}",
                lambda: self._client.deployments.update(id_, **action.patch),
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
        try:
            self._client.deployments.archive(id_)
        except QoderError as err:
            raise ProviderError(
                f"archiving deployment {id_!r} after a failed create also failed, so it is "
                f"left behind; archive it by hand: {err}",
                api_error=err,
            ) from err


def _archived_outside(id_: str) -> str:
    return (
        f"updating deployment {id_!r}: it was archived (or removed) outside Pulumi; "
        "run `pulumi refresh` to drop it from the stack, then `pulumi up` creates it again"
    )
