"""Auto-names that stay the same between preview and `up`, and across retries.

The engine's `randomSeed` (CheckRequest) is not that: it is drawn fresh for every
operation unless an update plan carries it (pkg/resource/deploy/step_generator.go,
v3.259), so a name derived from it would differ between `preview` and `up`. The URN is
the identity that stays: project, stack, type and resource name. The suffix is a hash of
it; once created, `check` keeps the recorded name.
"""

from __future__ import annotations

import hashlib

from pulumi_qoder.core import naming

__all__ = ["auto_name", "resource_name_of"]

def auto_name(resource_name: str, urn: str) -> str:
    """`<resource-name>-<7 [a-z0-9]>`, the suffix a function of the resource's URN."""
    return naming.auto_name(resource_name, hashlib.sha256(urn.encode()).digest())


def resource_name_of(urn: str) -> str:
    """The resource's own name: the URN's last `::` segment."""
    return urn.rsplit("::", 1)[-1] if urn else "deployment"
