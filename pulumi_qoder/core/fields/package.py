"""The package: its name and metadata, and the provider's configuration fields."""

from __future__ import annotations

from ..._version import __version__
from ...release import PLUGIN_SERVER
from .field import Field

__all__ = ["CONFIG", "LANGUAGE", "META", "PACKAGE", "PROVIDER_DESCRIPTION", "REPOSITORY"]

PACKAGE: dict = {'name': 'qoder', 'displayName': 'Qoder', 'version': __version__, 'description': 'Manage Qoder Cloud Agents deployments as code: a native provider plugin (`pulumi-resource-qoder`) for every language, and a Python dynamic provider.', 'keywords': ['pulumi', 'qoder', 'category/utility'], 'license': 'Apache-2.0',
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
        Field('api_retry_timeout_seconds', 'number', "No retry of an API call starts later than this many seconds after the call began (default 60); a call lasts at most this plus one request's 60 s timeout. A `Retry-After` that does not fit is not waited for.", default=60),
)

# What `pulumi package gen-sdk` makes of the package (`make sdk` writes sdk/nodejs and sdk/go).
# Python: this package is `pulumi_qoder` and `pulumi_qoder.native` is its typed SDK for the native
# resources, so a Python SDK generated from the schema (by `pulumi package add`, say) is named
# `pulumi_qoder_sdk` and can never install over this package. Node: Node 20 runs
# `@pulumi/pulumi` up to 3.248.0 (3.249 and later need Node 22), so that version is pinned.
LANGUAGE: dict = {
    "python": {"packageName": "pulumi_qoder_sdk", "respectSchemaVersion": True},
    "nodejs": {
        "packageName": "@pulumi-qoder/qoder",
        "packageDescription": "Manage Qoder Cloud Agents deployments as code.",
        "respectSchemaVersion": True,
        "dependencies": {"@pulumi/pulumi": "3.248.0"},
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
META: dict = {"supportPack": True}

REPOSITORY = 'https://github.com/pulumi-qoder/pulumi-qoder'
