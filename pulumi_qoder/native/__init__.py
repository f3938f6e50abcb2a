"""The native provider `pulumi-resource-qoder`, and Python resources served by it.

`pulumi_qoder.native.Deployment` and `DeploymentRun` take the same Args as the dynamic
resources, under the type tokens `qoder:index:Deployment` and `qoder:index:DeploymentRun`.
They load on first use, so the plugin process itself never imports them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pulumi_qoder.native.resources import DYNAMIC_ALIASES, Deployment, DeploymentRun

__all__ = ["DYNAMIC_ALIASES", "Deployment", "DeploymentRun"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("pulumi_qoder.native.resources"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
