"""Names: the API's limit, the hidden resource-name input, and the one auto-name algorithm.

An auto-name is `<resource name>-<7 [a-z0-9]>`, at most `MAX_NAME` characters. The suffix
is drawn from a number: a digest of the resource's identity (`core/deployment/identity.py`
from scope and name; `urn_auto_name` from the URN, so preview and `up` agree) or, for a
resource with no identity, a random one.

The engine's `randomSeed` (CheckRequest) is no identity: it is drawn fresh for every
operation unless an update plan carries it (pkg/resource/deploy/step_generator.go,
v3.259), so a name derived from it would differ between `preview` and `up`. The URN is
the identity that stays: project, stack, type and resource name. Once created, `check`
keeps the recorded name.
"""

from __future__ import annotations

import hashlib
import secrets
import string

__all__ = [
    "ALPHABET", "MAX_NAME", "RESOURCE_NAME_KEY", "SUFFIX_LEN", "auto_name", "random_name",
    "resource_name_of", "urn_auto_name",
]

MAX_NAME = 256
"""The API's limit on a deployment's name."""

ALPHABET = string.ascii_lowercase + string.digits
SUFFIX_LEN = 7

RESOURCE_NAME_KEY = "__name"
"""Hidden input carrying the Pulumi resource name: the dynamic provider's `check` gets no URN."""


def auto_name(resource_name: str, digest: bytes) -> str:
    """`<resource name>-<suffix>`, the suffix the digest's number written in `ALPHABET`."""
    number = int.from_bytes(digest, "big")
    suffix = ""
    for _ in range(SUFFIX_LEN):
        number, digit = divmod(number, len(ALPHABET))
        suffix += ALPHABET[digit]
    return _joined(resource_name, suffix)


def urn_auto_name(resource_name: str, urn: str) -> str:
    """`<resource-name>-<7 [a-z0-9]>`, the suffix a function of the resource's URN."""
    return auto_name(resource_name, hashlib.sha256(urn.encode()).digest())


def resource_name_of(urn: str) -> str:
    """The resource's own name: the URN's last `::` segment."""
    return urn.rsplit("::", 1)[-1] if urn else "deployment"


def random_name(resource_name: str) -> str:
    """`<resource name>-<random suffix>`: for a resource with no identity (old states)."""
    return _joined(resource_name, "".join(secrets.choice(ALPHABET) for _ in range(SUFFIX_LEN)))


def _joined(resource_name: str, suffix: str) -> str:
    return f"{resource_name[: MAX_NAME - SUFFIX_LEN - 1]}-{suffix}"
