"""The emulator's layering, read from its source: what each part may import."""

from __future__ import annotations

import ast
from pathlib import Path

import pulumi_qoder.emulator as emulator

ROOT = Path(emulator.__file__).parent


def _imports(path: Path) -> set[str]:
    """Dotted names ``path`` imports, relative ones resolved inside pulumi_qoder.emulator."""
    package = ["pulumi_qoder", *path.relative_to(ROOT.parent.parent).parent.parts[1:]]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _sources(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_the_api_imports_nothing_from_the_harness():
    offending = {
        str(path.relative_to(ROOT)): sorted(n for n in _imports(path) if ".emulator.harness" in n)
        for path in _sources(ROOT / "api")
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_storage_imports_neither_the_api_nor_the_harness():
    offending = {
        str(path.relative_to(ROOT)): sorted(
            n for n in _imports(path) if ".emulator.api" in n or ".emulator.harness" in n
        )
        for path in _sources(ROOT / "storage")
    }
    assert {path: names for path, names in offending.items() if names} == {}


def test_the_emulator_imports_nothing_of_ours_outside_it():
    offending = {
        str(path.relative_to(ROOT)): sorted(
            n for n in _imports(path)
            if n.startswith("pulumi_qoder") and not n.startswith("pulumi_qoder.emulator")
        )
        for path in _sources(ROOT)
    }
    assert {path: names for path, names in offending.items() if names} == {}
