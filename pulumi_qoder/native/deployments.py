"""`qoder:index:Deployment` for the native plugin: the core's operations over plain values.

Properties here are the core's snake_case dicts (`names` converts at the wire); preview
unknowns are `UNKNOWN`. Hidden keys of the dynamic adapter never appear in what this
returns, so the native state holds exactly the schema's properties.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.native.account import Account
from pulumi_qoder.native.autoname import auto_name
from pulumi_qoder.native.preview import preview_outputs
from pulumi_qoder.provider import DeploymentProvider
from pulumi_qoder.reconcile import diff
from pulumi_qoder.spec import Failure
from pulumi_qoder.validation import check_inputs

__all__ = ["TOKEN", "DeploymentHandler"]

TOKEN = "qoder:index:Deployment"


class DeploymentHandler:
    """Check, diff, create, read, update and delete deployments for one account."""

    token = TOKEN

    def __init__(self, account: Account) -> None:
        self._account = account

    def check(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], *, resource_name: str,
        urn: str, proposed_name: str | None = None, naming_disabled: bool = False,
    ) -> tuple[dict[str, Any], list[Failure]]:
        """Validate; name an unnamed deployment (kept from `olds`, else stable per URN)."""
        news = {k: v for k, v in news.items() if not k.startswith("__")}
        olds_name = olds.get("name")
        if news.get("name") is None and not (isinstance(olds_name, str) and olds_name):
            if naming_disabled:
                return dict(news), [Failure("name", "is required: auto-naming is disabled")]
            news["name"] = proposed_name or auto_name(resource_name, None, urn)
        inputs, failures = check_inputs(olds, news)
        if inputs.get("paused") is None:
            inputs["paused"] = False  # so drift shows as `paused: true => false`
        return inputs, failures

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """The inputs that differ from the recorded outputs, and those that force a replace."""
        plan = diff(olds, news)
        return list(plan.changed), list(plan.replaces)

    def create(
        self, inputs: Mapping[str, Any], *, preview: bool, resource_name: str = ""
    ) -> tuple[str, dict[str, Any]]:
        if preview:
            return "", preview_outputs(inputs, None)
        result = self._provider().create(dict(inputs))
        return result.id, _clean(result.outs)

    def read(
        self, id_: str, outputs: Mapping[str, Any], inputs: Mapping[str, Any]
    ) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
        """Refresh (prior inputs say which inputs the program set) or import (nothing prior)."""
        prior = {k: v for k, v in (inputs or outputs).items() if k != "__provider"}
        result = self._provider().read(id_, prior)
        if not result.id:
            return None, {}, {}
        return result.id, _clean(result.outs), _clean(result.inputs or {})

    def update(
        self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any], *, preview: bool
    ) -> dict[str, Any]:
        if preview:
            return preview_outputs(news, olds)
        return _clean(self._provider().update(id_, dict(olds), dict(news)).outs)

    def delete(self, id_: str, outputs: Mapping[str, Any]) -> None:
        self._provider().delete(id_, dict(outputs))

    def _provider(self) -> DeploymentProvider:
        provider = DeploymentProvider()
        provider._client = self._account.client()
        return provider


def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    """Without the dynamic adapter's hidden keys."""
    return {k: v for k, v in props.items() if not k.startswith("__")}
