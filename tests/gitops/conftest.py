"""examples/gitops: its workflow checked by actionlint, its pipeline run by the real CLI."""

