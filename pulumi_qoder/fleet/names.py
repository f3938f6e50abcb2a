"""Resource names for adopted deployments: valid in every language, unique, stable.

A name is the deployment's name in lower camel case, ASCII letters and digits only
(`daily-report` -> `dailyReport`, `Nightly_ETL v2` -> `nightlyEtlV2`): a YAML key as is,
and an identifier in TypeScript and Go as is and in Python once Pulumi's code generator
makes it snake case (`daily_report`). A name starting with a digit gets `deployment` in
front; one that is a keyword or a name the generated code uses itself (`import`,
`pulumi`, `ctx`) gets `Deployment` after it; a name with no ASCII letter or digit at all
is `deployment`.

Names are compared without case, since the snake-case form of `aB` and `ab` could clash.
Deployments whose names clash are taken in id order (ids grow with creation time): the
oldest keeps the plain name, each other one gets the end of its id appended (`dailyReport`
and `dailyReport4e0b92`). Names are given over every live deployment, whatever a command
then keeps, so a deployment's name does not depend on the prefix asked for or the stacks
left out, and one adopted later never takes a name an earlier adoption used. A name a
given stack already uses for a resource of ours counts as a clash too (its URN would be
taken in that stack): only a deployment whose name would meet such a name changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from pulumi_qoder.fleet.live import LiveDeployment

__all__ = ["RESERVED", "base_name", "resource_names"]

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
MAX_BASE = 48
"""Characters of a name before any suffix [our choice: long enough to tell names apart]."""
SUFFIX = 6
"""Characters of the id a clashing name gets (more if those clash too)."""

RESERVED = frozenset(
    # Python keywords and soft keywords
    "false none true and as assert async await break class continue def del elif else "
    "except finally for from global if import in is lambda nonlocal not or pass raise "
    "return try while with yield match case type "
    # JavaScript / TypeScript reserved words (strict mode included) and values
    "const debugger default delete do enum export extends function instanceof let new null "
    "super switch this throw typeof var void implements interface package private protected "
    "public static arguments eval undefined nan infinity declare module namespace require "
    # Go keywords and predeclared names
    "chan defer fallthrough func go goto map range select struct bool byte complex64 "
    "complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 "
    "uint16 uint32 uint64 uintptr any comparable iota nil append cap clear close complex "
    "copy imag len make max min panic print println real recover "
    # names the generated programs use themselves
    "pulumi qoder ctx err cfg config main exports".split()
)
"""Lower-cased names a resource never gets as they are."""


def base_name(deployment_name: str) -> str:
    """The name before clashes are settled: lower camel case, ASCII letters and digits."""
    text = unicodedata.normalize("NFKD", deployment_name).encode("ascii", "ignore").decode()
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return "deployment"
    name = words[0] + "".join(word.capitalize() for word in words[1:])
    if name[0].isdigit():
        name = "deployment" + name
    name = name[:MAX_BASE]
    if name.lower() in RESERVED:
        name += "Deployment"
    return name


def resource_names(
    deployments: Iterable[LiveDeployment], reserved: Iterable[str] = ()
) -> dict[str, str]:
    """A resource name for each deployment, by deployment id; none is in `reserved` (the
    names the given stacks use already), compared without case."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for dep in sorted(deployments):
        base = base_name(dep.name)
        groups.setdefault(base.lower(), []).append((dep.id, base))
    used = {name.lower() for name in reserved}
    taken = set(groups) | used
    names: dict[str, str] = {}
    for key in sorted(groups):
        members = groups[key]
        if key not in used:
            (first_id, first_name), *members = members
            names[first_id] = first_name
        for dep_id, base in members:
            names[dep_id] = _suffixed(base, dep_id, taken)
    return names


def _suffixed(base: str, dep_id: str, taken: set[str]) -> str:
    """`base` with the shortest end of the id (at least `SUFFIX` characters) no name has."""
    tail = re.sub(r"[^0-9a-z]", "", dep_id.removeprefix("dep_").lower()) or "0"
    for size in range(min(SUFFIX, len(tail)), len(tail) + 1):
        name = base + tail[-size:]
        if name.lower() not in taken:
            taken.add(name.lower())
            return name
    count = 2  # the whole id is taken too (only by a deployment named after it)
    while f"{base}{tail}{count}".lower() in taken:
        count += 1
    taken.add(f"{base}{tail}{count}".lower())
    return f"{base}{tail}{count}"
