"""Pure diff of a run's inputs: which changed, and which of those mean a new run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_qoder.core.deployment_run.spec import RUN_INPUT_DEFAULTS, RUN_REPLACE_ON_CHANGE

__all__ = ["diff_run"]


def diff_run(olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The changed inputs, and those of them that replace (a new run)."""
    # A preview unknown, even deep in `triggers`, never equals the recorded value.
    changed = [
        key
        for key, default in RUN_INPUT_DEFAULTS.items()
        if olds.get(key, default) != news.get(key, default)
    ]
    return changed, [key for key in changed if key in RUN_REPLACE_ON_CHANGE]
