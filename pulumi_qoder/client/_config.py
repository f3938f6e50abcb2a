"""Client settings: defaults, the region table, and token / base URL resolution."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_REGION",
    "DEFAULT_RETRY_TIMEOUT",
    "DEFAULT_READS_PER_SECOND",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WRITES_PER_SECOND",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "REGIONS",
    "TOKEN_ENV",
    "Connection",
    "resolve_settings",
]


@dataclass(frozen=True)
class Connection:
    """Where and as whom the client connects (resolved); the token is kept out of repr.

    Not `core.settings.Settings`, the provider's configuration, which resolves to one.
    """

    base_url: str
    token: str = field(repr=False)


def resolve_settings(
    token: str | None = None,
    base_url: str | None = None,
    region: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Connection:
    """Pick the token and base URL from arguments first, then the environment.

    Base URL: `base_url`, else `region`, else `$QODER_BASE_URL`, else the global region.
    """
    env = os.environ if environ is None else environ
    token = (token or env.get(TOKEN_ENV) or "").strip()
    if not token:
        raise ValueError(f"no Qoder token: pass token=... or set {TOKEN_ENV}")
    if not (token.isascii() and token.isprintable()):
        # It goes in a header, which carries printable ASCII only; the value is not echoed.
        raise ValueError("the Qoder token must be printable ASCII, as a personal access "
                         "token is")
    if base_url:
        url = base_url
    elif region:
        if region not in REGIONS:
            known = ", ".join(sorted(REGIONS))
            raise ValueError(f"unknown Qoder region {region!r}; known regions: {known}")
        url = REGIONS[region]
    else:
        url = env.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    return Connection(base_url=url.rstrip("/"), token=token)


TOKEN_ENV = "QODER_PAT"
BASE_URL_ENV = "QODER_BASE_URL"

# CONTRACT §1.1
REGIONS = {
    "global": "https://api.qoder.com/api/v1/cloud",
    "cn": "https://api.qoder.com.cn/api/v1/cloud",
}
DEFAULT_REGION = "global"
DEFAULT_BASE_URL = REGIONS[DEFAULT_REGION]

DEFAULT_TIMEOUT = 60.0
# Every write carries an Idempotency-Key, so any call may be repeated safely: up to 8
# attempts after failures, none started more than DEFAULT_RETRY_TIMEOUT seconds after the
# call began. A throttle (429, 503) is retried for as long as that budget lasts, whatever the
# count: five minutes carry a fleet of stacks on one token through a busy minute or two.
DEFAULT_MAX_RETRIES = 7
DEFAULT_RETRY_TIMEOUT = 300.0
# CONTRACT §1.2: the documented self-limits per token.
DEFAULT_WRITES_PER_SECOND = 20.0
DEFAULT_READS_PER_SECOND = 50.0
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
