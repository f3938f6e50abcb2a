"""Provider configuration: `qoder:token` (secret), `qoder:baseUrl`, `qoder:region`,
`qoder:strictDrift`, `qoder:apiMaxRetries`, `qoder:apiRetryTimeoutSeconds`,
`qoder:writesPerSecond`, `qoder:readsPerSecond`.

Unset token and base URL fall back to `$QODER_PAT` and `$QODER_BASE_URL`. `CheckConfig`
reports what is wrong with them (the core's `Settings.problems()`, each with its fix), so
`pulumi preview` fails on a missing token before any resource is touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.settings import CONFIG_KEYS, Settings
from pulumi_qoder.core.values import UNKNOWN

__all__ = ["check_config", "config_diff", "settings_from"]

_PLACEHOLDER = "unknown-until-apply"


def check_config(news: Mapping[str, Any]) -> list[str]:
    """Each problem with the configuration, as `<reason>` naming the setting and its fix.

    A value unknown until apply (an explicit provider's token from another resource's
    output) is not judged; values are never echoed (the token is one of them).
    """
    known = {
        key: (_PLACEHOLDER if key == "token" else None) if value is UNKNOWN else value
        for key, value in news.items()
    }
    return settings_from(known, {}).problems()  # a setting that is not a string included


def config_diff(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The settings that changed (another account or endpoint; resources are not replaced)."""
    return [key for key in CONFIG_KEYS if olds.get(key) != news.get(key)]


def settings_from(args: Mapping[str, Any], variables: Mapping[str, str]) -> Settings:
    """Settings from `Configure`'s typed args (keys without `qoder:`), else its variables."""

    def get(full_key: str) -> Any:
        value = args.get(full_key.removeprefix("qoder:")) if args else variables.get(full_key)
        return None if value is UNKNOWN or value == "" else value

    return Settings.read(get)
