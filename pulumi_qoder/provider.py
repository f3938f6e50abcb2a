"""Shim kept only because users' state needs it: `DeploymentProvider`'s pickled import path.

Every stack with a `Deployment` holds `pulumi_qoder.provider.DeploymentProvider` in each
resource's `__provider` (a pickle by reference: the class's module and name, nothing else),
and the SDK's provider host unpickles it on every preview, update and destroy. The class is
defined in `pulumi_qoder/dynamic/deployment_provider.py`; this module only re-exports it.

That class keeps `__module__ = "pulumi_qoder.provider"`, so state written today records this
same path too: one pinned path for old and new stacks, the class free to move again behind
this shim, and a stack written by a newer version still loads with an older one. Without it,
new state would pin `pulumi_qoder.dynamic.deployment_provider` as a second path to keep.
Import the class from `pulumi_qoder` in code. A new resource's dynamic provider pins its
`__module__` here too and is re-exported here; nothing else belongs in this module.
"""

from pulumi_qoder.dynamic.deployment_provider import DeploymentProvider

__all__ = ["DeploymentProvider"]
