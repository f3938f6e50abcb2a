"""The package schema, generated from the field tables in `pulumi_qoder.core.fields`.

`python -m pulumi_qoder.native.schemagen` (`make schema`) writes the repository root's
`schema.json`, the one copy: the wheel ships it as package data, the plugin serves it, the
reference pages and SDKs are generated from it; a test fails while it differs from what this
makes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..core import fields as f

__all__ = ["SCHEMA_PATH", "TOKEN_PREFIX", "generate", "render", "token"]

TOKEN_PREFIX = "qoder:index:"
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema.json"
"""The repository's `schema.json`, beside `pyproject.toml` (the wheel ships it in the package)."""


def token(name: str) -> str:
    """`Deployment` -> `qoder:index:Deployment`."""
    return TOKEN_PREFIX + name


def _type(spelled: str) -> dict[str, Any]:
    if "|" in spelled:
        return {"oneOf": [_type(part) for part in spelled.split("|")]}
    if spelled.startswith("["):
        return {"type": "array", "items": _type(spelled[1:-1])}
    if spelled.startswith("{"):
        return {"type": "object", "additionalProperties": _type(spelled[1:-1])}
    if spelled == "any":
        return {"$ref": "pulumi.json#/Any"}
    if spelled[:1].isupper():
        return {"$ref": f"#/types/{token(spelled)}"}
    return {"type": spelled}


def _property(field: f.Field, doc: str | None = None) -> dict[str, Any]:
    out = _type(field.type)
    out["description"] = doc if doc is not None else field.doc
    if field.secret:
        out["secret"] = True
    if field.has_default:
        out["default"] = field.default
    return out


def _object(fields: tuple[f.Field, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"properties": {x.schema_name: _property(x) for x in fields}}
    required = [x.schema_name for x in fields if x.required]
    if required:
        out["required"] = required
    return out


def _resource(resource: f.Resource) -> dict[str, Any]:
    inputs, outputs = resource.inputs(), resource.outputs()
    out = {
        "description": resource.description,
        "inputProperties": {x.schema_name: _property(x) for x in inputs},
        "requiredInputs": [x.schema_name for x in inputs if x.required],
        "properties": {x.schema_name: _property(x, x.output_doc) for x in outputs},
        "required": [x.schema_name for x in outputs if x.always_output],
    }
    if resource.list_inputs:  # what `List` filters on (`pulumi do <type> list --<input>`)
        out["listInputs"] = {"type": "object", **_object(resource.list_inputs)}
    return out


def _function(function: f.Function) -> dict[str, Any]:
    outputs = _object(function.outputs)
    if function.outputs_doc is not None:
        outputs = {"description": function.outputs_doc, **outputs}
    return {"description": function.description, "inputs": _object(function.inputs),
            "outputs": outputs}


def generate() -> dict[str, Any]:
    """The package schema as a JSON value."""
    from ..core.fields.package import LANGUAGE, META, PACKAGE, PROVIDER_DESCRIPTION, REPOSITORY

    config = {x.schema_name: _property(x) for x in f.CONFIG}
    return {
        **PACKAGE,
        "config": {"variables": config},
        "provider": {"description": PROVIDER_DESCRIPTION, "inputProperties": dict(config)},
        "resources": {token(r.name): _resource(r) for r in f.RESOURCES},
        "functions": {token(fn.name): _function(fn) for fn in f.FUNCTIONS},
        "types": {token(t.name): {"type": "object", "description": t.description,
                                  **_object(t.fields)} for t in f.TYPES},
        "language": LANGUAGE,
        "repository": REPOSITORY,
        "meta": META,
    }


def render() -> str:
    """The schema as `schema.json` holds it: two-space indents, a final newline."""
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else SCHEMA_PATH
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
