"""Provider configuration: `qoder:token` (secret), `qoder:baseUrl`, `qoder:region`.

Unset values fall back to `$QODER_PAT` and `$QODER_BASE_URL` when the client is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.settings import CONFIG_KEYS, Settings
from pulumi_qoder.core.values import UNKNOWN

__all__ = ["REGIONS", "check_config", "config_diff", "settings_from"]

REGIONS = ("global", "cn")


def check_config(news: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Each bad setting and why (values never echoed: the token is one of them)."""
    failures = []
    for key in CONFIG_KEYS:
        value = news.get(key)
        if value is not None and value is not UNKNOWN and not isinstance(value, str):
            failures.append((key, "must be a string"))
    region = news.get("region")
    if isinstance(region, str) and region not in REGIONS:
        failures.append(("region", f"must be one of {', '.join(REGIONS)}"))
    return failures


def config_diff(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The settings that changed (another account or endpoint; resources are not replaced)."""
    return [key for key in CONFIG_KEYS if olds.get(key) != news.get(key)]


def settings_from(args: Mapping[str, Any], variables: Mapping[str, str]) -> Settings:
    """Settings from `Configure`'s typed args, else its `qoder:<key>` variables."""

    def get(key: str) -> str | None:
        value = args.get(key) if args else variables.get(f"qoder:{key}")
        return value if isinstance(value, str) and value else None

    return Settings(*(get(key) for key in CONFIG_KEYS))
