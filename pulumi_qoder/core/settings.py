"""Where and as whom the providers call the API: stack config with environment fallbacks.

Front-end neutral: `Settings.problems()` says what is wrong with a configuration, each
problem with its fix in Pulumi terms (`qoder:token`, `QODER_PAT`), so a front end can fail
`preview` on it (the dynamic providers' `check`, the plugin's `CheckConfig`) instead of
`up` failing later.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pulumi_qoder.client import (
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_READS_PER_SECOND,
    DEFAULT_RETRY_TIMEOUT,
    DEFAULT_WRITES_PER_SECOND,
    REGIONS,
    TOKEN_ENV,
)

if TYPE_CHECKING:
    from pulumi_qoder.client import QoderClient

__all__ = ["API_PATH", "CONFIG_KEYS", "Settings"]

CONFIG_KEYS = (
    "token", "baseUrl", "region", "strictDrift", "apiMaxRetries", "apiRetryTimeoutSeconds",
    "writesPerSecond", "readsPerSecond",
)
"""Stack config the providers read, under the `qoder:` namespace (`token` is a secret)."""

API_PATH = "/api/v1/cloud"
"""The path every documented base URL ends in (CONTRACT §1.1)."""

NO_TOKEN = (
    "no Qoder token: set it with `pulumi config set --secret qoder:token <token>`, "
    f"or set the environment variable {TOKEN_ENV}"
)
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


@dataclass(frozen=True)
class Settings:
    """Where and as whom to call the API; unset values fall back to `$QODER_PAT` and friends.

    `strict_drift` (`qoder:strictDrift`): execution settings the program leaves unset are
    compared with the API's defaults, so a hand change of one counts as drift.
    `api_max_retries` (`qoder:apiMaxRetries`) and `api_retry_timeout`
    (`qoder:apiRetryTimeoutSeconds`) bound each API call's retries (the client's
    `max_retries`, `retry_timeout`; not a deployment's run retries); None means the
    client's default. `writes_per_second` (`qoder:writesPerSecond`) and `reads_per_second`
    (`qoder:readsPerSecond`) pace the token's calls (the client's keyword arguments of those
    names); None means the documented 20 and 50.
    """

    token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    region: str | None = None
    strict_drift: Any = False
    """A bool once valid; the raw config value (kept for `problems()`) otherwise."""
    api_max_retries: Any = None
    """A whole number >= 0 once valid, None when unset; the raw config value otherwise."""
    api_retry_timeout: Any = None
    """Seconds >= 0 once valid, None when unset; the raw config value otherwise."""
    writes_per_second: Any = None
    """A rate > 0 once valid, None when unset; the raw config value otherwise."""
    reads_per_second: Any = None
    """A rate > 0 once valid, None when unset; the raw config value otherwise."""

    @classmethod
    def read(cls, get: Callable[[str], Any]) -> Settings:
        """From config looked up by full key (`get("qoder:token")`)."""
        token, base_url, region, strict, retries, budget, writes, reads = (
            get(f"qoder:{key}") for key in CONFIG_KEYS
        )
        return cls(
            token, base_url, region, _flag(strict),
            _number(retries, whole=True), _number(budget),
            _number(writes, positive=True), _number(reads, positive=True),
        )

    @property
    def strict(self) -> bool:
        """`strict_drift` as a bool (an invalid value is a problem, and means off)."""
        return self.strict_drift is True

    def problems(self, environ: Mapping[str, str] | None = None) -> list[str]:
        """What is wrong with these settings (with the environment), each with its fix."""
        env = os.environ if environ is None else environ
        # Typed config (the native plugin's) can hold any shape: none may crash or be echoed.
        texts = {"token": self.token, "baseUrl": self.base_url, "region": self.region}
        not_text = [k for k, v in texts.items() if v is not None and not isinstance(v, str)]
        out = [f"qoder:{key} must be a string" for key in not_text]
        # Stripped as the client reads it: a token file's newline is no part of the token.
        token = None if "token" in not_text else (self.token or env.get(TOKEN_ENV) or "").strip()
        if token == "":
            out.append(NO_TOKEN)
        elif token is not None and not (token.isascii() and token.isprintable()):
            # An HTTP header carries only printable ASCII; say so before any call fails.
            out.append("the token (qoder:token or QODER_PAT) must be printable ASCII, as a "
                       "personal access token is")
        if "baseUrl" in not_text or (not self.base_url and "region" in not_text):
            pass
        elif self.base_url:
            out.extend(_base_url_problems(self.base_url, "qoder:baseUrl"))
        elif self.region:
            if self.region not in REGIONS:
                known = ", ".join(sorted(REGIONS))
                out.append(f"qoder:region must be one of {known} (or set qoder:baseUrl instead)")
        elif env.get(BASE_URL_ENV):
            out.extend(_base_url_problems(env[BASE_URL_ENV], BASE_URL_ENV))
        if not isinstance(self.strict_drift, bool):
            out.append("qoder:strictDrift must be true or false")
        if self.api_max_retries is not None and not _valid(self.api_max_retries, int):
            out.append("qoder:apiMaxRetries must be a whole number, 0 or more (default "
                       f"{DEFAULT_MAX_RETRIES})")
        if self.api_retry_timeout is not None and not _valid(self.api_retry_timeout, float):
            out.append("qoder:apiRetryTimeoutSeconds must be a number of seconds, 0 or more "
                       f"(default {DEFAULT_RETRY_TIMEOUT:g})")
        for key, rate, default in (
            ("writesPerSecond", self.writes_per_second, DEFAULT_WRITES_PER_SECOND),
            ("readsPerSecond", self.reads_per_second, DEFAULT_READS_PER_SECOND),
        ):
            if rate is not None and not (_valid(rate, float) and rate > 0):
                out.append(f"qoder:{key} must be a number of calls per second above 0 "
                           f"(default {default:g}, the API's documented limit per token)")
        return out

    def client(self) -> QoderClient:
        """A new pooled client; a problem with the settings is a `ValueError` naming the fix."""
        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))
        retries = DEFAULT_MAX_RETRIES if self.api_max_retries is None else self.api_max_retries
        budget = DEFAULT_RETRY_TIMEOUT if self.api_retry_timeout is None else self.api_retry_timeout
        writes = self.writes_per_second or DEFAULT_WRITES_PER_SECOND
        reads = self.reads_per_second or DEFAULT_READS_PER_SECOND
        from pulumi_qoder.client import QoderClient  # here: the client and its models load on use

        return QoderClient(
            token=self.token, base_url=self.base_url, region=self.region,
            max_retries=retries, retry_timeout=budget,
            writes_per_second=writes, reads_per_second=reads,
        )


def _flag(value: Any) -> Any:
    """A config flag as a bool: config arrives as text (`"true"`) or, typed, as a bool."""
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return value


def _number(value: Any, whole: bool = False, positive: bool = False) -> Any:
    """A config number >= 0 (text, or typed): an int if `whole`, else a float; None if unset.

    With `positive`, 0 is invalid too. An invalid value is returned as given, for
    `problems()` to report.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if not 0 <= number < float("inf") or (whole and not number.is_integer()):
        return value
    if positive and number == 0:
        return value
    return int(number) if whole else number


def _valid(value: Any, kind: type[int] | type[float]) -> bool:
    """Whether `value` is what `_number` makes of a valid setting: a `kind` >= 0."""
    return type(value) is kind and 0 <= value < float("inf")


def _base_url_problems(url: str, where: str) -> list[str]:
    """A base URL must be http(s), with a host, ending in `/api/v1/cloud`; never echoed."""
    shape = f"{where} must be the API's base URL, like {DEFAULT_BASE_URL}"
    try:
        parts = urlsplit(str(url).strip())
    except ValueError:
        return [shape]
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [f"{shape} (http or https, with a host)"]
    if not parts.path.rstrip("/").endswith(API_PATH):
        return [f"{shape}: the path must end in {API_PATH}"]
    return []
