"""A deployment resource's identity, and what is derived from it instead of drawn at random.

A resource is identified by its scope (project and stack, and the parent component's type
and name when it has one) and its resource name. From that identity:

- the auto-name, `<resource name>-<7 [a-z0-9]>`, the same on every run of the same
  program, so a repeated create asks for the same name;
- the create's Idempotency-Key, which also covers the create body: repeating the same
  create (after a lost answer, a kill of the engine, a crash of the provider host) within
  the API's 24 h key window replays the first answer instead of creating a second
  deployment, and a changed body is a new create, never a 409 for a reused key.

A live deployment whose name is this resource's derived auto-name was made by this
resource: no other resource derives that name, and names are unique among live deployments.
That is the proof `DeploymentOperations.create` accepts, besides the key replay itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pulumi_qoder.core import naming
from pulumi_qoder.core.deployment.spec import RESOURCE_NAME_KEY, SCOPE_KEY

__all__ = ["Identity", "create_key", "retry_key"]

_KEY_PREFIX = "pulumi-qoder-create-"


@dataclass(frozen=True)
class Identity:
    """Where a resource sits (`scope`: project, stack, parent) and its resource name."""

    scope: str
    resource_name: str
    derived_name: str | None = None
    """The auto-name a front end derives by its own rule (the native plugin's, from the URN);
    None: `auto_name()` derives it here."""

    @classmethod
    def of(cls, props: Mapping[str, Any]) -> Identity | None:
        """From the hidden `__scope` and `__name` inputs; None when either is missing."""
        scope, name = props.get(SCOPE_KEY), props.get(RESOURCE_NAME_KEY)
        if not isinstance(scope, str) or not scope:
            return None
        if not isinstance(name, str) or not name:
            return None
        return cls(scope, name)

    def _digest(self, *more: str) -> bytes:
        text = "\0".join(["pulumi-qoder/v1", self.scope, self.resource_name, *more])
        return hashlib.sha256(text.encode()).digest()

    def auto_name(self) -> str:
        """`<resource name>-<7 [a-z0-9]>`, derived, at most 256 characters."""
        if self.derived_name is not None:
            return self.derived_name
        return naming.auto_name(self.resource_name, self._digest("name"))

    def owns_name(self, name: str) -> bool:
        """Whether `name` is this resource's derived auto-name (the proof of ownership)."""
        return name == self.auto_name()


def create_key(identity: Identity, body: Mapping[str, Any]) -> str:
    """The Idempotency-Key of this resource's create with exactly this body."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _KEY_PREFIX + identity._digest("create", canonical).hex()[:40]


def retry_key(key: str, reason: str) -> str:
    """A key derived from `key` for a create that must not replay `key`'s answer.

    Used when that answer is stale: the deployment it describes was archived since, or the
    name it found taken has been freed. Derived, so a repeat of the repeat still replays.
    """
    return _KEY_PREFIX + hashlib.sha256(f"{key}\0{reason}".encode()).hexdigest()[:40]
