"""DeploymentProvider: the dynamic provider protocol wired to spec, reconcile and the client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    UpdateResult,
)
from pulumi.output import Unknown

from pulumi_qoder.client import QoderClient
from pulumi_qoder.connection import CONFIG_KEYS, ProviderError, QoderProvider, find
from pulumi_qoder.connection import call as _call
from pulumi_qoder.errors import (
    APIConnectionError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    QoderError,
)
from pulumi_qoder.models import Deployment
from pulumi_qoder.props import inputs_of, outputs_of
from pulumi_qoder.reconcile import Create, ObservedState, Pause, Unpause, Update, diff, plan
from pulumi_qoder.spec import ADOPT_KEY, UNKNOWN, DeploymentSpec
from pulumi_qoder.validation import check_inputs

__all__ = ["CONFIG_KEYS", "DeploymentProvider", "ProviderError"]


class DeploymentProvider(QoderProvider):
    """Creates, updates, pauses and archives Qoder deployments for `Deployment` resources.

    Settings, the lazy pooled client and pickling by reference come from `QoderProvider`.
    """

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate inputs without any API call, and name the deployment if unnamed."""
        inputs, failures = check_inputs(_from_engine(olds), _from_engine(news))
        return CheckResult(
            _to_engine(inputs), [CheckFailure(f.property, f.reason) for f in failures]
        )

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare desired inputs with the recorded outputs; no API call."""
        result = diff(_from_engine(olds), _from_engine(news))
        return DiffResult(
            changes=not result.in_sync,
            replaces=list(result.replaces),
            stables=[],
            delete_before_replace=bool(result.replaces),
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create, then pause if asked; on any later failure archive what was created."""
        spec = DeploymentSpec.from_props(props)
        client = self._qoder()
        if props.get(ADOPT_KEY):
            return self._adopt(client, str(props[ADOPT_KEY]), props)
        created = self._create(client, spec)
        done = False
        try:
            live = created
            for action in plan(spec, None)[1:]:  # what follows Create: a pause, if wanted
                live = self._apply(client, created.id, action)
            done = True
        except ProviderError as err:
            raise ProviderError(f"{err} (the new deployment is archived, nothing is left)") from err
        finally:
            if not done:
                self._undo_create(client, created.id)
        return CreateResult(created.id, outputs_of(live.to_wire(), props))

    def _create(self, client: QoderClient, spec: DeploymentSpec) -> Deployment:
        """`POST /deployments`; when the outcome is unknown, say what may now exist.

        The client retries with one Idempotency-Key, so this is reached only when every
        attempt failed without an answer. Nothing is archived on a guess: a deployment of
        that name may be someone else's.
        """
        doing = f"creating deployment {spec.name!r}"
        try:
            return _call(doing, lambda: client.deployments.create(**spec.create_body()))
        except ProviderError as err:
            if not isinstance(err.__cause__, (APIConnectionError, InternalServerError)):
                raise
            maybe = _call(
                f"{err}; then looking for it",
                lambda: next((d for d in client.deployments.iter() if d.name == spec.name), None),
            )
            if maybe is None:
                raise ProviderError(f"{err} (no deployment of that name exists)") from err
            raise ProviderError(
                f"{err}; the API may have created it anyway: {maybe.id} is named "
                f"{spec.name!r}. Adopt it with ResourceOptions(import_={maybe.id!r}), "
                "or archive it"
            ) from err

    def _adopt(self, client: QoderClient, id_: str, props: dict[str, Any]) -> CreateResult:
        """Take over a live deployment that already matches the program; write nothing.

        Like `pulumi import`, a deployment that differs fails with the differing fields
        named, so adoption never changes what is live behind a reviewer's back.
        """
        doing = f"adopting deployment {id_!r}"
        live = _call(doing, lambda: client.deployments.retrieve(id_))
        if live.archived:
            raise ProviderError(f"{doing}: it is archived, and archived deployments stay archived")
        outs = outputs_of(live.to_wire(), props)
        differs = diff(outs, _from_engine(props)).changed
        if differs:
            raise ProviderError(
                f"{doing}: the live deployment differs from the program in "
                f"{', '.join(differs)}; declare what is live, adopt it, then change it"
            )
        return CreateResult(live.id, outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Refresh or import: 404 or archived means gone; inputs are rebuilt from live."""
        client = self._qoder()
        live = find(f"reading deployment {id_!r}", lambda: client.deployments.retrieve(id_))
        if live is None or live.archived:
            return ReadResult("", {})
        wire = live.to_wire()
        return ReadResult(id_, outputs_of(wire, props), inputs_of(wire, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """One merge-patch with the changed fields, then pause or unpause if status differs."""
        spec = DeploymentSpec.from_props(news)
        client = self._qoder()
        live: Deployment | None = None
        for action in plan(spec, ObservedState.from_outputs(olds)):
            if isinstance(action, Create):
                raise ProviderError(_archived_outside(id_))
            try:
                live = self._apply(client, id_, action)
            except ProviderError as err:
                # CONTRACT §3 [INF]: a write to an archived deployment is a 409; say what to do.
                if isinstance(err.__cause__, ConflictError) and self._is_archived(client, id_):
                    raise ProviderError(_archived_outside(id_)) from err
                raise
        if live is None:
            live = _call(f"reading deployment {id_!r}", lambda: client.deployments.retrieve(id_))
        return UpdateResult(outputs_of(live.to_wire(), news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Archive (the API has no delete); missing or already archived is success."""
        client = self._qoder()
        try:
            client.deployments.archive(id_)
        except NotFoundError:
            return
        except ConflictError as err:
            live = _call(f"reading deployment {id_!r}", lambda: client.deployments.retrieve(id_))
            if not live.archived:
                raise ProviderError(f"archiving deployment {id_!r}: {err}") from err
        except QoderError as err:
            raise ProviderError(f"archiving deployment {id_!r}: {err}") from err

    def _apply(self, client: QoderClient, id_: str, action: object) -> Deployment:
        if isinstance(action, Update):
            return _call(
                f"updating deployment {id_!r}",
                lambda: client.deployments.update(id_, **action.patch),
            )
        if isinstance(action, (Pause, Unpause)):
            return self._set_paused(client, id_, isinstance(action, Pause))
        raise TypeError(f"unexpected action {action!r}")

    def _set_paused(self, client: QoderClient, id_: str, paused: bool) -> Deployment:
        verb = "pausing" if paused else "unpausing"
        call = client.deployments.pause if paused else client.deployments.unpause
        try:
            return call(id_)
        except ConflictError as err:
            # CONTRACT §4.5/4.6: 409 when already in that state, which is what we want.
            live = _call(f"reading deployment {id_!r}", lambda: client.deployments.retrieve(id_))
            if (live.status == "paused") == paused and not live.archived:
                return live
            raise ProviderError(f"{verb} deployment {id_!r}: {err}") from err
        except QoderError as err:
            raise ProviderError(f"{verb} deployment {id_!r}: {err}") from err

    def _is_archived(self, client: QoderClient, id_: str) -> bool:
        live = find(f"reading deployment {id_!r}", lambda: client.deployments.retrieve(id_))
        return live is None or live.archived

    def _undo_create(self, client: QoderClient, id_: str) -> None:
        # The dynamic provider protocol cannot record a half-made resource, so it must go.
        try:
            client.deployments.archive(id_)
        except QoderError as err:
            raise ProviderError(
                f"archiving deployment {id_!r} after a failed create also failed, so it is "
                f"left behind; archive it by hand: {err}"
            ) from err


def _archived_outside(id_: str) -> str:
    return (
        f"updating deployment {id_!r}: it was archived (or removed) outside Pulumi; "
        "run `pulumi refresh` to drop it from the stack, then `pulumi up` creates it again"
    )


def _from_engine(value: Any) -> Any:
    """Engine values for spec: the SDK's preview unknowns become `spec.UNKNOWN`."""
    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: _from_engine(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_from_engine(v) for v in value]
    return value


def _to_engine(value: Any) -> Any:
    """`spec.UNKNOWN` back to the SDK's unknown, which the host sends on as unknown."""
    if value is UNKNOWN:
        return Unknown()
    if isinstance(value, Mapping):
        return {k: _to_engine(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_engine(v) for v in value]
    return value
