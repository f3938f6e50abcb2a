"""Pulumi's ResourceProvider gRPC service for package `qoder`, over the resource handlers.

Every handler method blocks (HTTP calls); the server runs them on a large thread pool, so
as many calls run at once as the engine sends (`--parallel`). Errors reach the engine as
their message alone: it names the action and the object, never a token, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

import grpc
from google.protobuf import empty_pb2, struct_pb2

from pulumi_qoder._version import __version__
from pulumi_qoder.core.account import Account
from pulumi_qoder.core.deployment.handler import TOKEN as DEPLOYMENT_TOKEN
from pulumi_qoder.core.errors import ProviderError
from pulumi_qoder.core.handler import Naming, ResourceHandler, UnknownTypeError
from pulumi_qoder.core.lookups import NoSuchDeploymentError
from pulumi_qoder.core.naming import resource_name_of
from pulumi_qoder.core.registry import handlers
from pulumi_qoder.core.schedule.dst import dst_warning
from pulumi_qoder.core.values import UNKNOWN
from pulumi_qoder.enginerpc.log import EngineLog, engine_address
from pulumi_qoder.enginerpc.protos import plugin_pb2, provider_pb2, provider_pb2_grpc
from pulumi_qoder.native import functions, listing
from pulumi_qoder.native.config import check_config, config_diff, settings_from
from pulumi_qoder.native.ignore import with_ignored
from pulumi_qoder.native.names import camel, schema_property
from pulumi_qoder.native.preview import preview_outputs
from pulumi_qoder.native.schema import schema_text
from pulumi_qoder.native.structs import Secrets, from_engine, to_engine

__all__ = ["QoderProviderServicer"]

_EXPECTED = (ProviderError, NoSuchDeploymentError)
_KIND = provider_pb2.PropertyDiff


Req = TypeVar("Req")
Resp = TypeVar("Resp")
Method = Callable[["QoderProviderServicer", Req, grpc.ServicerContext], Resp]


def _serve(action: str) -> Callable[[Method[Req, Resp]], Method[Req, Resp]]:
    """Turn a handler's failure into a gRPC error carrying only a clear message."""

    def wrap(fn: Method[Req, Resp]) -> Method[Req, Resp]:
        @functools.wraps(fn)
        def method(self: QoderProviderServicer, request: Req, context: grpc.ServicerContext
                   ) -> Resp:
            try:
                return fn(self, request, context)
            except (_UnknownToken, UnknownTypeError) as err:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(err))
            except _EXPECTED as err:
                context.abort(grpc.StatusCode.UNKNOWN, str(err))
            except Exception as err:  # a bug: say where, without a stack trace
                print(f"pulumi-resource-qoder: {action}: {type(err).__name__}", file=sys.stderr)
                context.abort(
                    grpc.StatusCode.INTERNAL,
                    f"{action} {_subject(request)}: internal error ({type(err).__name__}: {err})",
                )

        return method

    return wrap


class _UnknownToken(Exception):
    pass


def _subject(request: Any) -> str:
    urn = getattr(request, "urn", "") or getattr(request, "tok", "")
    return resource_name_of(urn) if "::" in urn else urn


class QoderProviderServicer(provider_pb2_grpc.ResourceProviderServicer):
    """Deployments, runs and lookups of one account (one provider instance per process)."""

    def __init__(self) -> None:
        self.account = Account()
        # The engine starts a plugin with its address as the last argument (after any
        # --logtostderr / -v / --tracing flags).
        self._log = EngineLog(engine_address(sys.argv[:1] + sys.argv[-1:]))
        self._handlers = handlers(
            self.account, on_progress=self._log.info, preview=preview_outputs,
            engine_imports=True,
        )

    # Plugin and provider configuration

    def GetPluginInfo(  # noqa: N802 - gRPC method names
        self, request: empty_pb2.Empty, context: grpc.ServicerContext
    ) -> plugin_pb2.PluginInfo:
        return plugin_pb2.PluginInfo(version=__version__)

    def GetSchema(  # noqa: N802
        self, request: provider_pb2.GetSchemaRequest, context: grpc.ServicerContext
    ) -> provider_pb2.GetSchemaResponse:
        return provider_pb2.GetSchemaResponse(schema=schema_text())

    @_serve("checking the provider configuration")
    def CheckConfig(  # noqa: N802
        self, request: provider_pb2.CheckRequest, context: grpc.ServicerContext
    ) -> provider_pb2.CheckResponse:
        news, _ = from_engine(request.news, rename=False)
        return provider_pb2.CheckResponse(
            inputs=_token_secret(request.news, news),
            failures=[provider_pb2.CheckFailure(reason=r) for r in check_config(news)],
        )

    @_serve("comparing the provider configuration")
    def DiffConfig(  # noqa: N802
        self, request: provider_pb2.DiffRequest, context: grpc.ServicerContext
    ) -> provider_pb2.DiffResponse:
        olds, _ = from_engine(request.olds, rename=False)
        news, _ = from_engine(request.news, rename=False)
        changed = config_diff(olds, news)
        return provider_pb2.DiffResponse(
            changes=provider_pb2.DiffResponse.DIFF_SOME if changed else
            provider_pb2.DiffResponse.DIFF_NONE,
            diffs=changed,
            detailedDiff={key: _KIND(kind=_KIND.UPDATE) for key in changed},
            hasDetailedDiff=True,
        )

    @_serve("configuring the provider")
    def Configure(  # noqa: N802
        self, request: provider_pb2.ConfigureRequest, context: grpc.ServicerContext
    ) -> provider_pb2.ConfigureResponse:
        args, _ = from_engine(request.args, rename=False)  # unset: an empty Struct
        self.account.configure(settings_from(args, dict(request.variables)))
        return provider_pb2.ConfigureResponse(
            acceptSecrets=True,
            supportsPreview=True,
            acceptResources=True,
            supports_autonaming_configuration=True,
        )

    # Resources

    @_serve("checking")
    def Check(  # noqa: N802
        self, request: provider_pb2.CheckRequest, context: grpc.ServicerContext
    ) -> provider_pb2.CheckResponse:
        handler = self._handler(request)
        olds, _ = from_engine(request.olds)
        news, secrets = from_engine(request.news, keep_hidden=False)
        checked = handler.check(olds, news, _naming(request))
        if not checked.failures and handler.token == DEPLOYMENT_TOKEN:
            self._warn_about_dst(checked.inputs.get("schedule"), request.urn)
        return provider_pb2.CheckResponse(
            inputs=to_engine(checked.inputs, secrets),
            failures=[_failure(schema_property(f.property), f.reason) for f in checked.failures],
        )

    def _warn_about_dst(self, schedule: Any, urn: str) -> None:
        """A schedule a clock change skips or repeats within a year: warn on the resource."""
        if not isinstance(schedule, Mapping):
            return
        expression, tz = schedule.get("expression"), schedule.get("timezone")
        if isinstance(expression, str) and isinstance(tz, str):
            warning = dst_warning(expression, tz, datetime.now(timezone.utc))
            if warning:
                self._log.warning(warning, urn)

    @_serve("comparing")
    def Diff(  # noqa: N802
        self, request: provider_pb2.DiffRequest, context: grpc.ServicerContext
    ) -> provider_pb2.DiffResponse:
        handler = self._handler(request)
        olds, _ = from_engine(request.olds)
        news, _ = from_engine(request.news)
        if handler.token == DEPLOYMENT_TOKEN:
            news = dict(with_ignored(news, request.ignoreChanges))
        result = handler.diff(olds, news)
        changed, replaces = result.changed, result.replaces
        detailed: dict[str, provider_pb2.PropertyDiff] = {}
        for key in changed:
            kind = _diff_kind(olds.get(key), news.get(key), key in replaces)
            detailed[camel(key)] = _KIND(kind=kind, inputDiff=False)
        return provider_pb2.DiffResponse(
            changes=provider_pb2.DiffResponse.DIFF_SOME if changed else
            provider_pb2.DiffResponse.DIFF_NONE,
            replaces=[camel(key) for key in replaces],
            diffs=[camel(key) for key in changed],
            detailedDiff=detailed,
            hasDetailedDiff=True,
            # a Deployment's name is unique (DeploymentHandler.diff); a run is a record
            deleteBeforeReplace=result.delete_before_replace,
        )

    @_serve("creating")
    def Create(  # noqa: N802
        self, request: provider_pb2.CreateRequest, context: grpc.ServicerContext
    ) -> provider_pb2.CreateResponse:
        handler = self._handler(request)
        inputs, secrets = from_engine(request.properties, keep_hidden=False)
        id_, outputs = handler.create(inputs, _naming(request), preview=request.preview)
        return provider_pb2.CreateResponse(id=id_, properties=to_engine(outputs, secrets))

    @_serve("reading")
    def Read(  # noqa: N802
        self, request: provider_pb2.ReadRequest, context: grpc.ServicerContext
    ) -> provider_pb2.ReadResponse:
        handler = self._handler(request)
        outputs, out_secrets = from_engine(request.properties)
        inputs, in_secrets = from_engine(request.inputs)
        found = handler.read(request.id, outputs, inputs)
        if found is None:
            return provider_pb2.ReadResponse()
        secrets = out_secrets.merge(in_secrets)
        return provider_pb2.ReadResponse(
            id=found.id,
            properties=to_engine(found.outputs, secrets),
            inputs=to_engine(found.inputs, secrets),
        )

    @_serve("updating")
    def Update(  # noqa: N802
        self, request: provider_pb2.UpdateRequest, context: grpc.ServicerContext
    ) -> provider_pb2.UpdateResponse:
        handler = self._handler(request)
        olds, old_secrets = from_engine(request.olds)
        news, new_secrets = from_engine(request.news, keep_hidden=False)
        if handler.token == DEPLOYMENT_TOKEN:
            news = dict(with_ignored(news, request.ignoreChanges))
        outputs = handler.update(request.id, olds, news, preview=request.preview)
        return provider_pb2.UpdateResponse(
            properties=to_engine(outputs, old_secrets.merge(new_secrets))
        )

    @_serve("deleting")
    def Delete(  # noqa: N802
        self, request: provider_pb2.DeleteRequest, context: grpc.ServicerContext
    ) -> empty_pb2.Empty:
        handler = self._handler(request)
        outputs, _ = from_engine(request.properties)
        warning = handler.delete(request.id, outputs)
        if warning:
            self._log.warning(warning, request.urn)
        return empty_pb2.Empty()

    def List(  # noqa: N802 - a server stream
        self, request: provider_pb2.ListRequest, context: grpc.ServicerContext
    ) -> Iterator[provider_pb2.ListResponse]:
        """The live deployments matching the query (`listInputs`), streamed as found.

        One stream reads every page (the CLI's `pulumi do ... list` asks for one page
        unless given `--all`): a `Continuation` is sent only when the engine asks for a
        `page_size`, its token the id of the last deployment sent.
        """
        if request.token != DEPLOYMENT_TOKEN:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"{request.token or 'a type'}"
                          f" cannot be listed: only {DEPLOYMENT_TOKEN} can")
        args, _ = from_engine(request.query, nested=frozenset())
        if any(value is UNKNOWN for value in args.values()):
            yield provider_pb2.ListResponse(computed=provider_pb2.ListResponse.Computed())
            return
        query, failures = listing.query_from(args)
        if failures:
            reasons = "; ".join(f"{f.property}: {f.reason}" for f in failures)
            context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          f"listing {DEPLOYMENT_TOKEN}: {reasons}")
        limit, page = max(request.limit, 0), max(request.page_size, 0)
        sent, last = 0, None
        try:
            found = listing.deployments(self.account.client(), query,
                                        after_id=request.continuation_token or None)
            for item in found:
                yield provider_pb2.ListResponse(
                    result=provider_pb2.ListResponse.Result(id=item.id, name=item.name))
                sent, last = sent + 1, item.id
                if limit and sent >= limit:
                    return
                if page and sent >= page:
                    yield provider_pb2.ListResponse(continuation=provider_pb2.ListResponse.
                                                    Continuation(continuation_token=last))
                    return
        except _EXPECTED as err:
            context.abort(grpc.StatusCode.UNKNOWN, str(err))
        except Exception as err:  # a bug: say where, without a stack trace
            print(f"pulumi-resource-qoder: listing: {type(err).__name__}", file=sys.stderr)
            context.abort(grpc.StatusCode.INTERNAL,
                          f"listing deployments: internal error ({type(err).__name__}: {err})")

    # Functions and the rest of the protocol

    @_serve("invoking")
    def Invoke(  # noqa: N802
        self, request: provider_pb2.InvokeRequest, context: grpc.ServicerContext
    ) -> provider_pb2.InvokeResponse:
        if request.tok not in functions.FUNCTIONS:
            raise _UnknownToken(f"unknown function {request.tok!r} in package qoder")
        args, _ = from_engine(request.args, nested=frozenset())
        result, failures = functions.invoke(request.tok, self.account.client, args)
        return provider_pb2.InvokeResponse(
            failures=[_failure(p, r) for p, r in failures],
            **{"return": to_engine(result, rename=False)},
        )

    def Cancel(  # noqa: N802
        self, request: empty_pb2.Empty, context: grpc.ServicerContext
    ) -> empty_pb2.Empty:
        return empty_pb2.Empty()

    def GetMapping(  # noqa: N802
        self, request: provider_pb2.GetMappingRequest, context: grpc.ServicerContext
    ) -> provider_pb2.GetMappingResponse:
        return provider_pb2.GetMappingResponse(provider="", data=b"")

    def GetMappings(  # noqa: N802
        self, request: provider_pb2.GetMappingsRequest, context: grpc.ServicerContext
    ) -> provider_pb2.GetMappingsResponse:
        return provider_pb2.GetMappingsResponse(providers=[])

    def _handler(self, request: Any) -> ResourceHandler:
        return self._handlers[request.type or _type_of(request.urn)]


def _naming(request: Any) -> Naming:
    """The resource's name and URN, and the engine's auto-naming choice, from a request."""
    has_naming = "autonaming" in type(request).DESCRIPTOR.fields_by_name  # Check's only
    naming = request.autonaming if has_naming and request.HasField("autonaming") else None
    modes = provider_pb2.CheckRequest.AutonamingOptions
    disabled = naming is not None and naming.mode == modes.DISABLE
    return Naming(
        resource_name=request.name or resource_name_of(request.urn),
        urn=request.urn,
        proposed_name=naming.proposed_name if naming and not disabled and naming.proposed_name
        else None,
        disabled=disabled,
    )


def _type_of(urn: str) -> str:
    """`urn:pulumi:stack::project::qoder:index:Deployment::name` -> `qoder:index:Deployment`."""
    parts = urn.split("::")
    return parts[2].rsplit("$", 1)[-1] if len(parts) >= 4 else ""


def _token_secret(struct: struct_pb2.Struct, news: Mapping[str, Any]) -> struct_pb2.Struct:
    """The configuration as given, its token marked secret: the engine stores these inputs
    in state, so a token given as plain text must not land there in the clear."""
    if not isinstance(news.get("token"), str):
        return struct
    out = type(struct)()
    out.CopyFrom(struct)
    secret = to_engine({"token": news["token"]}, _TOKEN, rename=False)
    out.fields["token"].CopyFrom(secret.fields["token"])
    return out


_TOKEN = Secrets({("token",)})


def _failure(path: str, reason: str) -> provider_pb2.CheckFailure:
    """A failure as the engine prints it cleanly: `<property>: <reason>`.

    Given a property, the engine prints `property <p> value <v> has a problem` with the
    top-level input's value (perhaps a secret), so the property goes into the reason.
    """
    return provider_pb2.CheckFailure(reason=f"{path}: {reason}" if path else reason)


def _diff_kind(old: Any, new: Any, replace: bool) -> provider_pb2.PropertyDiff.Kind.ValueType:
    if old is None and new is not None:
        return _KIND.ADD_REPLACE if replace else _KIND.ADD
    if new is None and old is not None:
        return _KIND.DELETE_REPLACE if replace else _KIND.DELETE
    return _KIND.UPDATE_REPLACE if replace else _KIND.UPDATE
