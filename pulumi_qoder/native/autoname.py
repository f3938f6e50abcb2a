"""Auto-names that stay the same between preview and `up`, and across retries.

The engine sends each resource a `randomSeed` in `Check`, stable for that resource for
the life of the stack's operation and the same in preview and update; the suffix is
derived from it (else from the URN), never from fresh randomness.
"""

from __future__ import annotations

import hashlib
import string

__all__ = ["auto_name", "resource_name_of"]

_ALPHABET = string.ascii_lowercase + string.digits
_SUFFIX = 7
_MAX_NAME = 256


def auto_name(resource_name: str, seed: bytes | None, urn: str = "") -> str:
    """`<resource-name>-<7 [a-z0-9]>`, the suffix a function of `seed` (or the URN)."""
    digest = int.from_bytes(hashlib.sha256(seed or urn.encode()).digest(), "big")
    suffix = ""
    for _ in range(_SUFFIX):
        digest, index = divmod(digest, len(_ALPHABET))
        suffix += _ALPHABET[index]
    return f"{resource_name[: _MAX_NAME - _SUFFIX - 1]}-{suffix}"


def resource_name_of(urn: str) -> str:
    """The resource's own name: the URN's last `::` segment."""
    return urn.rsplit("::", 1)[-1] if urn else "deployment"
