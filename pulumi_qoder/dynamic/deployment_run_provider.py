"""DeploymentRunProvider: the SDK's dynamic provider protocol over the core's run handler."""

from __future__ import annotations

from pulumi_qoder.core.deployment_run.handler import TOKEN
from pulumi_qoder.dynamic.host import QoderProvider

__all__ = ["DeploymentRunProvider"]


class DeploymentRunProvider(QoderProvider):
    """Triggers manual runs for `DeploymentRun` resources; delete keeps them (runs are history).

    What each call does is the core's `RunHandler` (`core/deployment_run/handler.py`); the
    protocol's methods come from `QoderProvider`.
    """

    token = TOKEN


# Users' state holds this class by this import path (pickled `__provider`), so it is pinned
# to the path it has always had; `pulumi_qoder/run_provider.py`, a shim, re-exports it (see there).
DeploymentRunProvider.__module__ = "pulumi_qoder.run_provider"
