"""Where a release lives: the one place that names the plugin's download server.

The version itself is `pulumi_qoder._version.__version__`; everything that names a version
or a server (the schema, the SDKs' manifests, `pulumi_qoder/pulumi-plugin.json`, the plugin
archives `make dist` writes) takes it from there and from here, and a test checks they agree.
"""

from __future__ import annotations

from ._version import __version__

__all__ = ["PLATFORMS", "PLUGIN_NAME", "PLUGIN_SERVER", "REPOSITORY", "archive_name", "manifest"]

PLUGIN_NAME = "qoder"
ORGANIZATION = "pulumi-qoder"
REPOSITORY = f"{ORGANIZATION}/pulumi-{PLUGIN_NAME}"
PLUGIN_SERVER = f"github://api.github.com/{ORGANIZATION}"
"""The CLI reads `github://api.github.com/<org>` as the release of `<org>/pulumi-<name>`
tagged `v<version>`, asset `pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz`."""

# The os-arch names `make dist` publishes the (pure-Python) plugin archive under:
# docs/native.md, "Release assets", says why these and not Windows.
PLATFORMS = ("linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64")


def archive_name(platform: str, version: str = __version__) -> str:
    """`pulumi-resource-qoder-v0.1.0-linux-amd64.tar.gz`, as the CLI asks the server for."""
    return f"pulumi-resource-{PLUGIN_NAME}-v{version}-{platform}.tar.gz"


def manifest(resource: bool, version: str = __version__) -> dict[str, object]:
    """A `pulumi-plugin.json`: the plugin's name, version and server."""
    return {"resource": resource, "name": PLUGIN_NAME, "version": version,
            "server": PLUGIN_SERVER}
