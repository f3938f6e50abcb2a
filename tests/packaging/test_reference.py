"""docs/reference/ is what scripts/gen-reference makes of schema.json; its examples are right."""

from __future__ import annotations

import ast
import copy
import inspect
import json
import re
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest
import yaml

import pulumi_qoder

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "docs" / "reference"
EXAMPLES = REFERENCE / "examples"
SCHEMA = json.loads((REPO / "schema.json").read_text(encoding="utf-8"))


def _generator():
    loader = SourceFileLoader("gen_reference", str(REPO / "scripts" / "gen-reference"))
    module = module_from_spec(spec_from_loader("gen_reference", loader))
    loader.exec_module(module)
    return module


gen = _generator()
PAGES = gen.render(SCHEMA)


def test_reference_pages_match_the_schema():
    stale = gen.stale(PAGES, REFERENCE)
    assert not stale, (
        f"docs/reference is stale ({', '.join(stale)}): run `python scripts/gen-reference` "
        "and commit the result"
    )


def test_every_resource_and_function_has_a_page_listed_in_the_index():
    tokens = [*SCHEMA["resources"], *SCHEMA["functions"]]
    index = PAGES["README.md"]
    assert sorted(PAGES) == sorted([*(gen.page_name(t) for t in tokens), "types.md", "README.md"])
    assert all(f"({gen.page_name(t)})" in index for t in tokens)


def test_a_changed_or_removed_page_is_reported_stale(tmp_path):
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "deployment.md").write_text(PAGES["deployment.md"] + "\nhand edit\n")
    (tmp_path / "list-runs.md").unlink()
    (tmp_path / "old-function.md").write_text(PAGES["get-deployment.md"])  # a dropped function
    (tmp_path / "notes.md").write_text("hand-written, not generated\n")

    assert gen.stale(PAGES, tmp_path) == ["deployment.md", "list-runs.md", "old-function.md"]


def test_pages_do_not_depend_on_the_version_or_language_sections():
    other = copy.deepcopy(SCHEMA)
    other["version"] = "9.9.9"
    other["language"] = {"nodejs": {"packageName": "@x/qoder"}, "go": {"importBasePath": "x"}}
    assert gen.render(other) == PAGES


def test_every_link_between_pages_lands_on_a_page_and_heading():
    anchors = {
        name: {gen._anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}
        for name, text in PAGES.items()
    }
    for name, text in PAGES.items():
        for target, anchor in re.findall(r"\]\(([a-z-]+\.md)(?:#([a-z0-9-]+))?\)", text):
            assert target in PAGES, (name, target)
            assert not anchor or anchor in anchors[target], (name, target, anchor)


def test_defaults_and_secrets_come_from_the_schema():
    run_inputs = _rows(PAGES["deployment-run.md"], "## Inputs")
    assert run_inputs["timeoutSeconds"]["Default"] == "`600`"
    assert run_inputs["waitForCompletion"]["Default"] == "`false`"
    assert _rows(PAGES["deployment.md"], "## Inputs")["schedule"]["Default"] == "manual-only"
    resource_type = _rows(PAGES["types.md"], "## DeploymentResource")
    assert resource_type["authorizationToken"]["Secret"] == "yes"
    assert "| `qoder:token` | string | yes |" in PAGES["README.md"]


def _rows(text: str, heading: str) -> dict[str, dict[str, str]]:
    """The first table after `heading`, as {property: {column: cell}}."""
    after = text[text.index(heading) :].splitlines()
    start = next(i for i, line in enumerate(after) if line.startswith("| "))
    rows = []
    for line in after[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
    head, body = rows[0], rows[2:]
    return {row[0].strip("`"): dict(zip(head, row, strict=True)) for row in body}


# --- the hand-written examples -------------------------------------------------------------

PAGE_TOKENS = {gen.page_name(t): t for t in [*SCHEMA["resources"], *SCHEMA["functions"]]}


@pytest.mark.parametrize("page", sorted(PAGE_TOKENS))
def test_each_page_has_a_python_and_a_yaml_example(page):
    stem = page.removesuffix(".md")
    assert (EXAMPLES / f"{stem}.py").is_file() and (EXAMPLES / f"{stem}.yaml").is_file()
    assert "```python" in PAGES[page] and "```yaml" in PAGES[page]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_python_examples_call_the_package_with_parameters_it_takes(path):
    calls = 0
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "qoder"):
            continue
        target = getattr(pulumi_qoder, node.func.attr)  # AttributeError: no such name
        params = inspect.signature(target).parameters
        takes_any = any(p.kind is p.VAR_KEYWORD for p in params.values())
        for keyword in node.keywords:
            assert takes_any or keyword.arg in params, f"{node.func.attr}({keyword.arg}=...)"
        calls += 1
    assert calls


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_yaml_examples_use_only_what_the_schema_declares(path):
    program = yaml.safe_load(path.read_text(encoding="utf-8"))
    outputs_of: dict[str, set[str]] = {}
    for name, resource in (program.get("resources") or {}).items():
        spec = SCHEMA["resources"][resource["type"]]
        given = set(resource.get("properties", {}))
        assert given <= set(spec["inputProperties"]), (name, given - set(spec["inputProperties"]))
        assert set(spec.get("requiredInputs", [])) <= given, name
        outputs_of[name] = {"id", "urn", *spec["properties"]}
    for name, variable in (program.get("variables") or {}).items():
        invoke = variable["fn::invoke"]
        spec = SCHEMA["functions"][invoke["function"]]
        given = set(invoke.get("arguments", {}))
        assert given <= set(spec["inputs"]["properties"]), name
        assert set(spec["inputs"].get("required", [])) <= given, name
        result = spec["outputs"]["properties"]
        if "return" in invoke:
            assert invoke["return"] in result, name
            outputs_of[name] = set()
        else:
            outputs_of[name] = set(result)
    text = path.read_text(encoding="utf-8")
    for ref in re.findall(r"\$\{([A-Za-z]+)\.([A-Za-z]+)\}", text):
        assert ref[1] in outputs_of.get(ref[0], set()), ref
    assert outputs_of
