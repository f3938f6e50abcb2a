"""Which properties hold secrets, read from the tables' `secret` flags.

Both front ends mark these properties secret however the program gave them: the native
plugin wraps the flagged keys themselves (`native/structs.py`), the dynamic resources wrap the
properties holding them (`dynamic/secrets.py`), as the SDK can only mark a whole input.
"""

from __future__ import annotations

from .field import Resource, type_refs
from .types import TYPES

__all__ = ["holding_secrets", "secret_keys"]


def secret_keys(type_: str) -> tuple[str, ...]:
    """The secret fields of the object types a type names: `[DeploymentResource]` ->
    `("authorization_token",)`."""
    refs = type_refs(type_)
    return tuple(k.name for t in TYPES if t.name in refs for k in t.fields if k.secret)


def holding_secrets(resource: Resource) -> tuple[str, ...]:
    """A resource's inputs that are secret or hold an object with a secret field
    (`Deployment`: `resources`), in table order."""
    return tuple(f.name for f in resource.inputs() if f.secret or secret_keys(f.type))
