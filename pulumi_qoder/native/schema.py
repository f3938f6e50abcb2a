"""The package schema the plugin serves: `schema.json` shipped inside the package."""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["schema_text"]


@functools.lru_cache(maxsize=1)
def schema_text() -> str:
    return resources.files("pulumi_qoder").joinpath("schema.json").read_text(encoding="utf-8")
