"""The package: its name and metadata, and the provider's configuration fields."""

from __future__ import annotations

from typing import Any

from ..._version import __version__
from ...release import PLUGIN_SERVER
from .field import Field

__all__ = ["CONFIG", "LANGUAGE", "META", "PACKAGE", "PROVIDER_DESCRIPTION", "REPOSITORY"]

PACKAGE: dict[str, Any] = {'name': 'qoder', 'displayName': 'Qoder', 'version': __version__, 'description': 'Manage Qoder Cloud Agents deployments as code: a native provider plugin (`pulumi-resource-qoder`) for every language, and a Python dynamic provider.', 'keywords': ['pulumi', 'qoder', 'category/utility'], 'license': 'Apache-2.0',
                 # where the CLI downloads the plugin: the release of pulumi-qoder/pulumi-qoder
                 # tagged v<version> (pulumi_qoder/release.py)
                 'pluginDownloadURL': PLUGIN_SERVER}

PROVIDER_DESCRIPTION = 'Settings for the Qoder API.'

CONFIG: tuple[Field, ...] = (
        Field('token', 'string', 'Qoder personal access token (`pt-...`); falls back to `QODER_PAT`.', secret=True),
        Field('base_url', 'string', 'API base URL, e.g. `https://api.qoder.com/api/v1/cloud`; falls back to `QODER_BASE_URL`.'),
        Field('region', 'string', '`global` (api.qoder.com) or `cn` (api.qoder.com.cn); used when `baseUrl` is unset.'),
        Field('strict_drift', 'boolean', "When `true`, execution settings the program leaves unset (`sessionStrategy`, `maxRetries`, `timeoutMs`, `maxConcurrent`) are compared with the API's defaults, so a hand change of one counts as drift and `up` restores the default. Default `false`: unset settings are not compared.", default=False),
        Field('api_max_retries', 'integer', 'Retries of each API call after a failure that may pass (no answer, 408, 429, 5xx): default 7, so 8 attempts. Every write carries an Idempotency-Key, so a retry never repeats a write.', default=7),
        Field('api_retry_timeout_seconds', 'number', "No retry of an API call starts later than this many seconds after the call began (default 300); a call lasts at most this plus one request's 60 s timeout. A 429 or 503 (the API asking to slow down) is retried for as long as this lasts, however many attempts that takes. A `Retry-After` that does not fit is not waited for.", default=300),
        Field('writes_per_second', 'number', "Writes (creates, updates, pauses, archives, runs) per second this token may send, above 0 (default 20, the API's documented limit per token). Every thread of the provider shares it, paced evenly; a 429 or 503 slows them all, and they recover gradually.", default=20),
        Field('reads_per_second', 'number', "Reads per second this token may send, above 0 (default 50, the API's documented limit per token); paced and shared as `writesPerSecond` is.", default=50),
)

# What `pulumi package gen-sdk` makes of the package (`make sdk` writes sdk/nodejs and sdk/go).
# Python: no SDK is generated; this package's `pulumi_qoder.native` is the typed SDK of the
# native resources, and `packageName` names it, so the Python code that `pulumi import
# --generate-code` and `pulumi convert` print starts `import pulumi_qoder.native as qoder`
# and runs as is (keyword arguments, nested values as dicts). The name is no distribution a
# generated SDK could install over `pulumi-qoder` as (the dot is not a valid module folder).
# Node: `@pulumi/pulumi` is a range from the oldest release the generated code compiles
# against (3.141.0 added the `InvokeOutputOptions` the output-form functions take; 3.139.0
# lacks it, and there is no 3.140), so a program's own `@pulumi/pulumi` satisfies it and npm
# keeps one copy. scripts/pack-node-sdk builds the SDK against that floor. Programs pin what
# their Node runs (3.248.0 on Node 20: 3.249 and later need Node 22).
LANGUAGE: dict[str, Any] = {
    "python": {"packageName": "pulumi_qoder.native", "respectSchemaVersion": True},
    "nodejs": {
        "packageName": "@pulumi-qoder/qoder",
        "packageDescription": "Manage Qoder Cloud Agents deployments as code.",
        "respectSchemaVersion": True,
        "dependencies": {"@pulumi/pulumi": "^3.141.0"},
        "devDependencies": {"@types/node": "^20", "typescript": "^5.4.0"},
    },
    "go": {
        "importBasePath": "github.com/pulumi-qoder/pulumi-qoder/sdk/go/qoder",
        "generateResourceContainerTypes": True,
        "respectSchemaVersion": True,
    },
    "csharp": {"rootNamespace": "PulumiQoder"},
}

# `supportPack`: each SDK is a complete package of its own (the Go SDK gets its go.mod, module
# github.com/pulumi-qoder/pulumi-qoder/sdk/go, one level above the `qoder` package it holds).
META: dict[str, Any] = {"supportPack": True}

REPOSITORY = 'https://github.com/pulumi-qoder/pulumi-qoder'
