"""schema.json (at the repository root) is what `make schema` makes of the tables, one file."""

from __future__ import annotations

import json
from pathlib import Path

from pulumi_qoder.core import fields
from pulumi_qoder.native import schemagen

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "schema.json"


def test_the_checked_in_schema_is_what_the_field_tables_generate():
    assert SHIPPED.read_text(encoding="utf-8") == schemagen.render(), (
        "schema.json is stale: run `make schema`")


def test_the_schema_exists_once_in_the_source_tree():
    assert not (REPO / "pulumi_qoder" / "schema.json").exists()  # the wheel's copy is built


def test_the_plugin_serves_the_generated_schema():
    from pulumi_qoder.native.schema import schema_text

    assert json.loads(schema_text()) == schemagen.generate()


def test_every_type_a_field_names_is_defined():
    defined = {t.name for t in fields.TYPES}
    named = set()
    for resource in fields.RESOURCES:
        for field in resource.fields:
            named |= fields.type_refs(field.type)
    for function in fields.FUNCTIONS:
        for field in (*function.inputs, *function.outputs):
            named |= fields.type_refs(field.type)
    for type_ in fields.TYPES:
        for field in type_.fields:
            named |= fields.type_refs(field.type)
    assert named <= defined
