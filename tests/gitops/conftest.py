"""examples/gitops: its workflow checked by actionlint, its pipeline run by the real CLI."""

from tests.native.conftest import cli_dir  # noqa: F401 - the CLI with pulumi-language-yaml
