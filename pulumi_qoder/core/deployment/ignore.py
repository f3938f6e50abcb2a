"""`ignoreChanges` honoured against what was recorded, not only against the old inputs.

The engine applies `ignoreChanges` by copying the old *inputs* into the new ones before
Check and Diff. Diff and Update compare with the recorded *outputs* (what is live), and the
two can disagree: after an `up` that changed another field of a deployment paused by hand,
the outputs say paused while the old inputs still say active, so the next `up` would see
`paused` differ and unpause it. Here every ignored path of the new inputs takes the value
the outputs hold there (or is dropped where they hold none), so an ignored property is
neither a change nor written, whatever the old inputs say.

Paths are Pulumi property paths in the core's names: `paused`, `schedule.expression`,
`metadata.owner`, `metadata["a.b"]`, `initial_events[0].content`, `resources[*].url`. The
hidden input `IGNORE_KEY` carries them: the native plugin fills it from the engine's
`ignoreChanges`, the dynamic `Deployment` from `ResourceOptions(ignore_changes=...)`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["IGNORE_KEY", "WILDCARD", "format_path", "keep_recorded", "parse_path"]

IGNORE_KEY = "__ignore_changes"
"""Hidden input: the property paths the program's `ignoreChanges` names."""

WILDCARD = None
"""The step `[*]` (every item or key)."""

Step = str | int | None

_STEP = re.compile(
    r'\.?(?P<name>[A-Za-z_$][\w$-]*)|\[(?P<index>\d+)\]|\[(?P<star>\*)\]'
    r'|\["(?P<quoted>(?:[^"\\]|\\.)*)"\]'
)


def parse_path(path: str) -> tuple[Step, ...] | None:
    """The steps of a property path; None if it is not one (then it is not honoured here)."""
    steps: list[Step] = []
    at = 0
    while at < len(path):
        found = _STEP.match(path, at)
        if found is None or (found.group("name") and at == 0 and path.startswith(".")):
            return None
        if found.group("name") is not None:
            steps.append(found.group("name"))
        elif found.group("index") is not None:
            steps.append(int(found.group("index")))
        elif found.group("star") is not None:
            steps.append(WILDCARD)
        else:
            steps.append(re.sub(r"\\(.)", r"\1", found.group("quoted")))
        at = found.end()
    return tuple(steps) or None


def format_path(steps: Iterable[Step]) -> str:
    """A property path from its steps (`parse_path`'s inverse)."""
    out = ""
    for step in steps:
        if step is WILDCARD:
            out += "[*]"
        elif isinstance(step, int):
            out += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_$][\w$-]*", step):
            out += f".{step}" if out else step
        else:
            out += '["' + step.replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return out


def keep_recorded(recorded: Mapping[str, Any], news: Mapping[str, Any]) -> Mapping[str, Any]:
    """`news` with each path its `IGNORE_KEY` names set as `recorded` (the outputs) has it."""
    paths = news.get(IGNORE_KEY)
    if not paths or not isinstance(paths, (list, tuple)):
        return news
    kept = copy.deepcopy(dict(news))
    for path in paths:
        steps = parse_path(path) if isinstance(path, str) else None
        if steps and not str(steps[0]).startswith("__"):
            _keep(recorded, kept, steps)
    return kept


def _keep(recorded: Any, news: Any, steps: tuple[Step, ...]) -> None:
    """Set `news` at `steps` to `recorded`'s value there, or drop it where there is none."""
    step, rest = steps[0], steps[1:]
    if step is WILDCARD:
        if isinstance(news, list):
            keys: Iterable[Any] = range(len(news))
        elif isinstance(news, dict):
            keys = list(news)
        else:
            return
        for key in keys:
            _keep_one(recorded, news, key, rest)
        return
    _keep_one(recorded, news, step, rest)


def _keep_one(recorded: Any, news: Any, key: Any, rest: tuple[Step, ...]) -> None:
    old, has_old = _child(recorded, key)
    if rest:
        new, has_new = _child(news, key)
        if has_new and has_old:
            _keep(old, new, rest)
        return
    if isinstance(news, dict):
        if has_old:
            news[key] = copy.deepcopy(old)
        else:
            news.pop(key, None)
    elif isinstance(news, list) and isinstance(key, int) and key < len(news) and has_old:
        news[key] = copy.deepcopy(old)


def _child(container: Any, key: Any) -> tuple[Any, bool]:
    if isinstance(container, Mapping) and not isinstance(key, int) and key in container:
        return container[key], True
    if isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container):
        return container[key], True
    return None, False
