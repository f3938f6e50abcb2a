"""The engine's `ignoreChanges` (schema names) as the core's hidden `__ignore_changes` input.

Diff and Update requests carry the resource's `ignoreChanges` paths in schema names
(`paused`, `schedule.expression`, `initialEvents[0].content`); the core compares in its own
names, so each path is renamed as `structs.from_engine` renames properties: the top-level
name, and one level inside the schema's object properties (or their list items). A path
that does not parse is left to the engine's own handling.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi_qoder.core.deployment.ignore import IGNORE_KEY, format_path, parse_path
from pulumi_qoder.native.names import NESTED_OBJECTS, snake

__all__ = ["core_path", "with_ignored"]


def core_path(path: str) -> str | None:
    """`initialEvents[0].maxIterations` -> `initial_events[0].max_iterations`."""
    steps = parse_path(path)
    if not steps or not isinstance(steps[0], str):
        return None
    renamed: list[Any] = [snake(steps[0])]
    nested = renamed[0] in NESTED_OBJECTS
    for step in steps[1:]:
        if nested and isinstance(step, str):
            renamed.append(snake(step))
            nested = False
        else:
            renamed.append(step)
            nested = nested and not isinstance(step, str)
    return format_path(renamed)


def with_ignored(news: Mapping[str, Any], paths: Iterable[str]) -> Mapping[str, Any]:
    """`news` carrying the ignored paths in core names (unchanged when there are none)."""
    core = [p for p in map(core_path, paths) if p]
    return {**news, IGNORE_KEY: core} if core else news
