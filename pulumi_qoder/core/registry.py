"""The package's resource handlers for one account, by type token: what both front ends use."""

from __future__ import annotations

from collections.abc import Callable

from pulumi_qoder.core.account import Account
from pulumi_qoder.core.deployment.handler import DeploymentHandler, Preview
from pulumi_qoder.core.deployment_run.handler import RunHandler
from pulumi_qoder.core.handler import Registry

__all__ = ["handlers"]


def handlers(
    account: Account,
    *,
    on_progress: Callable[[str], None],
    preview: Preview | None = None,
    engine_imports: bool = False,
) -> Registry:
    """Every resource type's handler: `Deployment`, `DeploymentRun` (a third goes here).

    `preview` and `engine_imports` are the native plugin's (see `DeploymentHandler`).
    """
    return Registry((
        DeploymentHandler(account, preview=preview, engine_imports=engine_imports),
        RunHandler(account, on_progress=on_progress),
    ))
