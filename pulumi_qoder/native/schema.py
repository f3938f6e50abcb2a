"""The package schema the plugin serves: the repository's `schema.json`, wherever it is.

An installed wheel carries it as package data (`pulumi_qoder/schema.json`, put there by the
build config's force-include) and the plugin archive packs that package; a source checkout
(an editable install, the tests) has its one copy at the repository root, beside
`pyproject.toml`, where `make schema` writes it.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

__all__ = ["CHECKOUT_SCHEMA", "schema_text"]

CHECKOUT_SCHEMA = Path(__file__).resolve().parents[2] / "schema.json"
"""Where a source checkout keeps it (the repository root)."""


@functools.lru_cache(maxsize=1)
def schema_text() -> str:
    shipped = resources.files("pulumi_qoder").joinpath("schema.json")
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    return CHECKOUT_SCHEMA.read_text(encoding="utf-8")
