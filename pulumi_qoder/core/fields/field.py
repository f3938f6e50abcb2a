"""What a field table is made of: a `Field`, and the resources, object types and functions
built from fields. The tables next to this module describe the package; `schema.json` is
generated from them (`make schema`), and the renaming between schema and core names reads them.

A field's `type` is a short spelling of a schema type:
`string`, `integer`, `number`, `boolean`, `any`; a capitalised name is an object type of this
package (`Schedule` -> `#/types/qoder:index:Schedule`); `[T]` is a list of T, `{T}` a map of
T, and `A|B` either (`string|AgentRef`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Field", "Function", "ObjectType", "Resource", "camel", "type_refs"]

_UNSET: Any = object()


def camel(name: str) -> str:
    """`environment_id` -> `environmentId`: a field's name in the schema."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@dataclass(frozen=True)
class Field:
    """One property: its core (snake_case) name, type, and what the schema says of it.

    For a resource, `input`/`output` say where it appears (inputs are also outputs unless
    `output=False`), `required` that the program must set it, `always_output` that every
    state has it, `output_doc` the output's description when it differs from the input's,
    and `replace_on_change` that a new value means a new resource (nothing in Deployment;
    DeploymentRun's `deployment_id` and `triggers`). For an object type's or a function's
    field only `required` applies.
    """

    name: str
    type: str
    doc: str
    secret: bool = False
    default: Any = _UNSET
    required: bool = False
    input: bool = True
    output: bool = True
    always_output: bool = True
    output_doc: str | None = None
    replace_on_change: bool = False

    @property
    def schema_name(self) -> str:
        return camel(self.name)

    @property
    def has_default(self) -> bool:
        return self.default is not _UNSET


@dataclass(frozen=True)
class Resource:
    """A resource: its type token's last part (`Deployment`), description and fields."""

    name: str
    description: str
    fields: tuple[Field, ...]

    def inputs(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.input)

    def outputs(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.output)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class ObjectType:
    """An object type (`Schedule`): description and fields."""

    name: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Function:
    """An invoke (`getDeployment`): description, inputs, outputs."""

    name: str
    description: str
    inputs: tuple[Field, ...]
    outputs: tuple[Field, ...]
    outputs_doc: str | None = None


def type_refs(type_: str) -> set[str]:
    """The object types a field's type names (`[InitialEvent]` -> {"InitialEvent"})."""
    out = set()
    for part in type_.replace("[", " ").replace("]", " ").replace("{", " ").replace(
            "}", " ").replace("|", " ").split():
        if part[:1].isupper():
            out.add(part)
    return out
