"""DeploymentProvider: the SDK's dynamic provider protocol over the core's deployment handler."""

from __future__ import annotations

from pulumi_qoder.core.deployment.handler import TOKEN
from pulumi_qoder.dynamic.host import QoderProvider

__all__ = ["DeploymentProvider"]


class DeploymentProvider(QoderProvider):
    """Creates, updates, pauses and archives Qoder deployments for `Deployment` resources.

    Settings, the lazy pooled client, pickling by reference and the protocol's methods come
    from `QoderProvider`; what each call does is the core's `DeploymentHandler`
    (`core/deployment/handler.py`): check names an unnamed deployment and fills in the
    compared defaults, create adopts what `import_` named (`__adopt_id`), delete archives.
    """

    token = TOKEN


# Users' state holds this class by this import path (pickled `__provider`), so it is pinned
# to the path it has always had; `pulumi_qoder/provider.py`, a shim, re-exports it (see there).
DeploymentProvider.__module__ = "pulumi_qoder.provider"
