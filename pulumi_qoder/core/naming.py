"""Names: the API's limit, the hidden resource-name input, and the one auto-name algorithm.

An auto-name is `<resource name>-<7 [a-z0-9]>`, at most `MAX_NAME` characters. The suffix
is drawn from a number: a digest of the resource's identity (`core/deployment/identity.py`
from scope and name, `native/autoname.py` from the URN, so preview and `up` agree) or, for a
resource with no identity, a random one.
"""

from __future__ import annotations

import secrets
import string

__all__ = ["ALPHABET", "MAX_NAME", "RESOURCE_NAME_KEY", "SUFFIX_LEN", "auto_name", "random_name"]

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


def random_name(resource_name: str) -> str:
    """`<resource name>-<random suffix>`: for a resource with no identity (old states)."""
    return _joined(resource_name, "".join(secrets.choice(ALPHABET) for _ in range(SUFFIX_LEN)))


def _joined(resource_name: str, suffix: str) -> str:
    return f"{resource_name[: MAX_NAME - SUFFIX_LEN - 1]}-{suffix}"
