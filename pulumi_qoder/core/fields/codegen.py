"""The Python declarations written from the field tables, like schema.json (`make schema`).

Each is a marked section of a hand-written module, replaced whole on every run: the Python
resource classes' Args and output attributes, and the plain object types' Args (`AgentArgs`,
`ScheduleArgs`) (`pulumi_qoder/dynamic/deployment.py`, `deployment_run.py`), the client's request
models (`client/params.py`) and the API's deployment and run as the client reads them, which
the lookups return (`client/models.py`). Written as
source, not built at import, so editors complete the names and the classes pickle and read
as before; `tests/packaging/test_generated_code.py` fails while a section differs from
what the tables make. Run `python -m pulumi_qoder.core.fields.codegen` (or `make schema`)
after a table edit.

Only what the tables cannot say is here: the Python name of each object type per side
(`AgentRef` is `AgentArgs` in a program, `AgentParam` in a request) and the client's richer
reading of a few API fields (timestamps, open enums, the nested models).
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .deployment import DEPLOYMENT
from .deployment_run import DEPLOYMENT_RUN
from .field import Field, ObjectType, Resource
from .types import TYPES

__all__ = ["SECTIONS", "Section", "main", "render", "stale"]

PACKAGE = Path(__file__).resolve().parents[2]
"""The `pulumi_qoder` folder, which the sections' paths are relative to."""

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "any": "Any"}

ARGS_TYPES = {"AgentRef": "AgentArgs", "Schedule": "ScheduleArgs", "InitialEvent": "Event",
              "DeploymentResource": "ResourceItem"}
"""Object type -> the Python program's input class (or union) in `dynamic/deployment.py`."""

PARAM_TYPES = {"AgentRef": "AgentParam", "Schedule": "ScheduleParam",
               "InitialEvent": "InitialEventParam", "DeploymentResource": "ResourceParam"}
"""Object type -> the client's request model in `client/params.py`."""

PARAM_FIELD_TYPES = {"metadata": "MetadataParam"}
"""Request fields whose type is not their table type's: `metadata` also carries the
execution settings (`cas_config`, where the API keeps them)."""

ALWAYS_SENT = frozenset({"name"})
"""Create fields the API requires though the program may leave them unset (check fills
the name in)."""

WIRE_TYPES: dict[str, dict[str, tuple[str, str | None]]] = {
    "DeploymentInfo": {
        "type": ('Literal["deployment"] | str', None),
        "agent": ("AgentRef", None),
        "schedule": ("Schedule | None", None),
        "initial_events": ("list[InitialEvent]", None),
        "resources": ("list[Resource]", "Field(default_factory=list)"),
        "vault_ids": ("list[str]", "Field(default_factory=list)"),
        "metadata": ("DeploymentMetadata", "Field(default_factory=DeploymentMetadata)"),
        "status": ('Literal["active", "paused"] | str', None),
        "paused_reason": ("PausedReason | None", None),
        "archived_at": ("Timestamp | None", None),
        "created_at": ("Timestamp", None),
        "updated_at": ("Timestamp", None),
    },
    "DeploymentRunInfo": {
        "type": ('Literal["deployment_run"] | str', None),
        "agent": ("AgentRef", None),
        "status": ('Literal["pending", "running", "completed", "failed", "skipped"] | str',
                   None),
        "error": ("RunError | None", None),
        "trigger_context": ("TriggerContext", None),
        "cas_run_extras": ("CasRunExtras | None", "None"),
        "completed_at": ("Timestamp | None", "None"),
        "triggered_at": ("Timestamp", None),
        "created_at": ("Timestamp", None),
    },
}
"""Per API object type: the fields the client reads as more than their table type,
(annotation, default or None); every field but `id` still reads as None when the API leaves
it out (`WireModel`)."""


def _python(type_: str, objects: dict[str, str], *, item: Callable[[str], str], obj: str) -> str:
    """A table type (`[InitialEvent]`, `{string}`, `string|AgentRef`) as a Python annotation."""
    if "|" in type_:
        return " | ".join(_python(t, objects, item=item, obj=obj) for t in type_.split("|"))
    if type_.startswith("["):
        return f"Sequence[{item(_python(type_[1:-1], objects, item=item, obj=obj))}]"
    if type_.startswith("{"):
        inner = type_[1:-1]
        value = "Any" if inner == "any" else item(_python(inner, objects, item=item, obj=obj))
        return f"Mapping[str, {value}]"
    if type_ in _SCALARS:
        return _SCALARS[type_]
    return objects.get(type_, obj)


def _input(type_: str) -> str:
    return _python(type_, ARGS_TYPES, item=lambda t: f"pulumi.Input[{t}]", obj="Mapping[str, Any]")


def _output(type_: str) -> str:
    plain = _python(type_, {}, item=lambda t: t, obj="Mapping[str, Any]")
    return "Any" if "|" in type_ and "Mapping" in plain else plain


def _docstring(text: str, indent: str) -> list[str]:
    """`text` as a docstring under `indent`, wrapped to 100 columns."""
    if '"""' in text or text.endswith('"') or "\\" in text:
        raise ValueError(f"a description that cannot be a plain docstring: {text[:40]!r}")
    lines = textwrap.wrap(text, 94 - len(indent), break_on_hyphens=False) or [""]
    lines[0] = '"""' + lines[0]
    lines[-1] += '"""'
    return [indent + line for line in lines]


def _assign(indent: str, head: str, value: str, tail: str) -> list[str]:
    """`head = value(tail)` on one line, or with `tail` on its own line when too long."""
    line = f"{indent}{head} = {value}({tail})"
    if len(line) <= 100:
        return [line]
    return [f"{indent}{head} = {value}(", f"{indent}    {tail}", f"{indent})"]


def _args_order(fields: tuple[Field, ...]) -> list[Field]:
    return [f for f in fields if f.required] + [f for f in fields if not f.required]


def args_class(of: Resource | ObjectType, name: str, doc: str) -> list[str]:
    """The `@pulumi.input_type` Args class of a resource (one property per input) or of an
    object type (one per field)."""
    fields = of.inputs() if isinstance(of, Resource) else of.fields
    out = ["@pulumi.input_type", f"class {name}:", *_docstring(doc, "    "), ""]
    for f in _args_order(fields):
        annotation = f"pulumi.Input[{_input(f.type)}]"
        if f.required:
            out += _assign("    ", f"{f.name}: {annotation}", "pulumi.property", f'"{f.name}"')
        else:
            out += _assign("    ", f"{f.name}: {annotation} | None", "pulumi.property",
                           f'"{f.name}", default=None')
        out += _docstring(f.doc, "    ")
    return out


def output_attributes(resource: Resource) -> list[str]:
    """The resource class's typed output attributes: every input and output."""
    out = []
    for f in resource.fields:
        if not f.output:
            continue
        annotation = _output(f.type)
        if not f.always_output and annotation != "Any":
            annotation += " | None"
        out.append(f"    {f.name}: pulumi.Output[{annotation}]")
        out += _docstring(f.output_doc or f.doc, "    ")
    return out


def _request_fields(resource: Resource) -> list[Field]:
    """The inputs a request carries as fields of their own (top-level keys of the API object)."""
    return [f for f in resource.inputs()
            if f.api_keys is not None and len(f.api_keys) == 1]


def _param(f: Field, *, patch: bool) -> str:
    if f.name in PARAM_FIELD_TYPES:
        return PARAM_FIELD_TYPES[f.name]
    item = (lambda t: f"{t} | None") if patch and f.is_map else (lambda t: t)
    text = _python(f.type, PARAM_TYPES, item=item, obj="dict[str, Any]")
    return text.replace("Sequence[", "list[").replace("Mapping[", "dict[")


def request_model(resource: Resource, name: str, doc: str, *, patch: bool) -> list[str]:
    """A request model (`DeploymentCreate`, `DeploymentPatch`): one field per request field."""
    out = [f"class {name}(_DeploymentBody):", *_docstring(doc, "    "), ""]
    for f in _request_fields(resource):
        annotation = _param(f, patch=patch)
        if not patch and (f.required or f.name in ALWAYS_SENT):
            out.append(f"    {f.name}: {annotation}")
        else:
            out.append(f"    {f.name}: {annotation} | None = None")
        out += _docstring(f.doc, "    ")
    return out


def _type(name: str) -> ObjectType:
    return next(t for t in TYPES if t.name == name)


def response_model(type_name: str, name: str, doc: str) -> list[str]:
    """A response model of an API object type (`DeploymentInfo`), read tolerantly."""
    fields = _type(type_name).fields
    richer = WIRE_TYPES.get(type_name, {})
    out = [f"class {name}(WireModel):", *_docstring(doc, "    "), "",
           '    essential: ClassVar[frozenset[str]] = frozenset({"id"})', ""]
    for f in fields:
        annotation, default = richer.get(f.name, (None, None))
        if annotation is None:
            annotation = _python(f.type, {}, item=lambda t: t, obj="dict[str, Any]")
            annotation = annotation.replace("Sequence[", "list[").replace("Mapping[", "dict[")
            if not f.required:
                annotation, default = annotation + " | None", "None"
        if default is None:
            out.append(f"    {f.name}: {annotation}")
        else:
            out.append(f"    {f.name}: {annotation} = {default}")
        out += _docstring(f.doc, "    ")
    return out


@dataclass(frozen=True)
class Section:
    """A marked section of a module in `pulumi_qoder/` and what it holds."""

    path: str
    name: str
    lines: Callable[[], list[str]]


SECTIONS: tuple[Section, ...] = (
    Section("dynamic/deployment.py", "AgentArgs", lambda: args_class(
        _type("AgentRef"), "AgentArgs",
        "An agent pinned to a version; a bare `agent_...` id means its latest version.")),
    Section("dynamic/deployment.py", "ScheduleArgs", lambda: args_class(
        _type("Schedule"), "ScheduleArgs",
        "When scheduled runs fire; leave a deployment's `schedule` unset for manual-only.")),
    Section("dynamic/deployment.py", "DeploymentArgs", lambda: args_class(
        DEPLOYMENT, "DeploymentArgs",
        "The desired state of a Qoder deployment; every field accepts Outputs.")),
    Section("dynamic/deployment.py", "Deployment outputs", lambda: output_attributes(DEPLOYMENT)),
    Section("dynamic/deployment_run.py", "DeploymentRunArgs", lambda: args_class(
        DEPLOYMENT_RUN, "DeploymentRunArgs",
        "Which deployment to run, when to run it again, and whether `pulumi up` waits for it.")),
    Section("dynamic/deployment_run.py", "DeploymentRun outputs",
            lambda: output_attributes(DEPLOYMENT_RUN)),
    Section("client/params.py", "request models", lambda: [
        *request_model(DEPLOYMENT, "DeploymentCreate", "The body of `POST /deployments`.",
                       patch=False),
        "", "",
        *request_model(DEPLOYMENT, "DeploymentPatch",
                       "The merge-patch body of `POST /deployments/{id}`: only set fields are "
                       "sent. An explicit None is sent as null and clears the field; a map's "
                       "key (`metadata`) mapped to None is deleted while the other keys are "
                       "kept.", patch=True),
    ]),
    Section("client/models.py", "Deployment fields", lambda: response_model(
        "DeploymentInfo", "_DeploymentFields",
        "A deployment's fields as the API returns them (`Deployment` adds its properties).")),
    Section("client/models.py", "DeploymentRun", lambda: response_model(
        "DeploymentRunInfo", "DeploymentRun", "One triggered run of a deployment.")),
)


def _markers(name: str) -> tuple[str, str]:
    return (f"# <generated from the field tables: {name}; `make schema` rewrites it>",
            f"# </generated: {name}>")


def render(text: str, sections: list[Section]) -> str:
    """`text` (a module's source) with each of `sections` rewritten between its markers."""
    for section in sections:
        begin, end = _markers(section.name)
        pattern = re.compile(rf"^([ ]*){re.escape(begin)}\n.*?^[ ]*{re.escape(end)}\n",
                             re.MULTILINE | re.DOTALL)
        found = pattern.search(text)
        if found is None:
            raise LookupError(f"{section.path}: no section {section.name!r} (markers missing)")
        indent = found.group(1)
        body = "\n".join(section.lines())
        replacement = f"{indent}{begin}\n{body}\n{indent}{end}\n"
        text = text[:found.start()] + replacement + text[found.end():]
    return text


def _by_path() -> dict[Path, list[Section]]:
    out: dict[Path, list[Section]] = {}
    for section in SECTIONS:
        out.setdefault(PACKAGE / section.path, []).append(section)
    return out


def stale() -> list[Path]:
    """The modules whose generated sections differ from what the tables make now."""
    return [path for path, sections in _by_path().items()
            if path.read_text(encoding="utf-8") != render(path.read_text(encoding="utf-8"),
                                                          sections)]


def main() -> int:
    """Rewrite every generated section; print the modules that changed."""
    for path, sections in _by_path().items():
        text = path.read_text(encoding="utf-8")
        new = render(text, sections)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"wrote {path.relative_to(PACKAGE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
