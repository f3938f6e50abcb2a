"""What a field table is made of: a `Field`, and the resources, object types and functions
built from fields. The tables next to this module describe the package; `schema.json` is
generated from them (`make schema`), and the renaming between schema and core names reads them.

A field's `type` is a short spelling of a schema type:
`string`, `integer`, `number`, `boolean`, `any`; a capitalised name is an object type of this
package (`Schedule` -> `#/types/qoder:index:Schedule`); `[T]` is a list of T, `{T}` a map of
T, and `A|B` either (`AgentRef|string`: an object type first, since Go codegen writes a
value as the first member it fits, and a `{id, version}` written as a string does not compile).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
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
    field only `required` (and `write_only`) applies.

    What the provider derives from a field (none of it reaches the schema):
    - `when_unset`: what an unset input means (the API's value); `check` fills it in and
      `diff` compares it. With `keeps_live` an unset input leaves the live value alone
      instead, so it is compared only under `qoder:strictDrift`. For an output, what a value
      the API leaves out reads as.
    - `api_path`: where the value sits in the API object, a dotted path (`agent.version`);
      unset means the field's own name, None that it is no API field (`paused` is a status).
    - the rules `check` applies beyond the type (`core/rules.py`, by kind): `id_prefix`
      (`env_` + 32 hex digits; for a list or map, each item), `minimum` (a whole number),
      `non_empty` and `max_length` (a string; for a list or map, each item), `items` (a
      list's length or a map's key count, low and high).
    - `write_only`: the API accepts it but never echoes it, so outputs keep the given value.
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
    when_unset: Any = _UNSET
    keeps_live: bool = False
    api_path: Any = _UNSET
    id_prefix: str | None = None
    minimum: int | None = None
    non_empty: bool = False
    max_length: int | None = None
    items: tuple[int, int] | None = None
    write_only: bool = False

    @property
    def schema_name(self) -> str:
        return camel(self.name)

    @property
    def has_default(self) -> bool:
        return self.default is not _UNSET

    @cached_property  # read on every check, diff and output: worked out once
    def has_when_unset(self) -> bool:
        return self.when_unset is not _UNSET

    @cached_property
    def api_keys(self) -> tuple[str, ...] | None:
        """The keys leading to the value in the API object; None: not an API field."""
        if self.api_path is None:
            return None
        return tuple((self.name if self.api_path is _UNSET else self.api_path).split("."))

    @cached_property
    def is_list(self) -> bool:
        return self.type.startswith("[")

    @cached_property
    def is_map(self) -> bool:
        return self.type.startswith("{")


@dataclass(frozen=True)
class Resource:
    """A resource: its type token's last part (`Deployment`), description and fields.

    `list_inputs` are the filters `List` takes (the schema's `listInputs`, `pulumi do <type>
    list`); a resource without them cannot be listed.
    """

    name: str
    description: str
    fields: tuple[Field, ...]
    list_inputs: tuple[Field, ...] = ()

    def inputs(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.input)

    def outputs(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.output)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def names(self, fields: tuple[Field, ...] | None = None) -> tuple[str, ...]:
        return tuple(f.name for f in (self.fields if fields is None else fields))

    def output_only(self) -> tuple[Field, ...]:
        """Outputs the server decides; they never cause a diff."""
        return tuple(f for f in self.fields if not f.input)

    def when_unset(self, *, keeps_live: bool) -> dict[str, Any]:
        """Inputs with a meaning when unset: those kept live (`keeps_live`) or the others."""
        return {f.name: f.when_unset for f in self.inputs()
                if f.has_when_unset and f.keeps_live == keeps_live}

    def replace_on_change(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields if f.replace_on_change)

    def nested_objects(self) -> frozenset[str]:
        """Fields whose type is an object type (or a list of one): their keys are fields too."""
        return frozenset(f.name for f in self.fields if type_refs(f.type))


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
