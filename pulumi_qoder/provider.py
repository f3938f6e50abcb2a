"""The dynamic Deployment provider's stable import path, pickled into users' state.

Every stack made with a `Deployment` records `pulumi_qoder.provider.DeploymentProvider`
as its `__provider`; this module keeps that path loading whatever moves behind it.
"""

from pulumi_qoder.core.errors import ProviderError
from pulumi_qoder.core.settings import CONFIG_KEYS
from pulumi_qoder.dynamic.deployment import DeploymentProvider

__all__ = ["CONFIG_KEYS", "DeploymentProvider", "ProviderError"]
