"""`qoder:index:DeploymentRun` for the native plugin: trigger a run, optionally wait for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.native.account import Account
from pulumi_qoder.run_provider import (
    NAME_KEY,
    RUN_INPUT_DEFAULTS,
    RUN_OUTPUT_FIELDS,
    RUN_REPLACE_ON_CHANGE,
    DeploymentRunProvider,
)
from pulumi_qoder.spec import UNKNOWN, Failure, contains_unknown

__all__ = ["TOKEN", "RunHandler"]

TOKEN = "qoder:index:DeploymentRun"


class RunHandler:
    """Triggers manual runs; delete keeps them (runs are history)."""

    token = TOKEN

    def __init__(self, account: Account) -> None:
        self._account = account

    def check(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], *, resource_name: str,
        urn: str, proposed_name: str | None = None, naming_disabled: bool = False,
    ) -> tuple[dict[str, Any], list[Failure]]:
        news = {k: _sdk(v) for k, v in news.items() if not k.startswith("__")}
        result = _provider().check(dict(olds), news)
        inputs = {k: _core(v) for k, v in result.inputs.items()}
        return inputs, [Failure(f.property, f.reason) for f in result.failures]

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """A changed `deployment_id` or `triggers` replaces (a new run); others update."""
        changed = [
            key
            for key, default in RUN_INPUT_DEFAULTS.items()
            if contains_unknown(news.get(key)) or olds.get(key, default) != news.get(key, default)
        ]
        return changed, [key for key in changed if key in RUN_REPLACE_ON_CHANGE]

    def create(
        self, inputs: Mapping[str, Any], *, preview: bool, resource_name: str = ""
    ) -> tuple[str, dict[str, Any]]:
        if preview:
            return "", {**inputs, **dict.fromkeys(RUN_OUTPUT_FIELDS, UNKNOWN)}
        props = {**inputs, NAME_KEY: resource_name or "DeploymentRun"}
        result = self._provider().create(props)
        return result.id, _clean(result.outs)

    def read(
        self, id_: str, outputs: Mapping[str, Any], inputs: Mapping[str, Any]
    ) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
        props = {**(inputs or {}), **(outputs or {})}
        result = self._provider().read(id_, props)
        if not result.id:
            return None, {}, {}
        return result.id, _clean(result.outs), _clean(result.inputs or {})

    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, preview: bool
    ) -> dict[str, Any]:
        return _clean(_provider().update(id_, dict(olds), dict(news)).outs)

    def delete(self, id_: str, outputs: Mapping[str, Any]) -> None:
        """Nothing to do: a run is history, and the API cannot delete it."""

    def _provider(self) -> DeploymentRunProvider:
        provider = _provider()
        provider._client = self._account.client()
        return provider


def _provider() -> DeploymentRunProvider:
    return DeploymentRunProvider()


def _sdk(value: Any) -> Any:
    """`UNKNOWN` as the SDK's unknown, which the run provider's checks recognise."""
    from pulumi.output import Unknown

    if value is UNKNOWN:
        return Unknown()
    if isinstance(value, Mapping):
        return {k: _sdk(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_sdk(v) for v in value]
    return value


def _core(value: Any) -> Any:
    from pulumi.output import Unknown

    if isinstance(value, Unknown):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: _core(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_core(v) for v in value]
    return value


def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if not k.startswith("__")}
