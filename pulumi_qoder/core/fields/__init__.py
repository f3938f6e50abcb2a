"""The field tables: one per resource, and the object types, functions and configuration.

`schema.json` is generated from these (`make schema`, `pulumi_qoder.native.schemagen`);
docs/internals.md walks through adding a field and adding a resource.
"""

from __future__ import annotations

from .deployment import DEPLOYMENT
from .deployment_run import DEPLOYMENT_RUN
from .field import Field, Function, ObjectType, Resource, camel, type_refs
from .functions import FUNCTIONS
from .package import CONFIG
from .types import TYPES

__all__ = [
    "CONFIG", "DEPLOYMENT", "DEPLOYMENT_RUN", "FUNCTIONS", "RESOURCES", "TYPES", "Field",
    "Function", "ObjectType", "Resource", "camel", "type_refs",
]

RESOURCES: tuple[Resource, ...] = (DEPLOYMENT, DEPLOYMENT_RUN)
