"""Resource names for adopted deployments: identifiers in every language, unique, stable."""

from __future__ import annotations

import keyword
import re

from pulumi_qoder.fleet.live import LiveDeployment
from pulumi_qoder.fleet.names import base_name, resource_names


def snake(name: str) -> str:
    """Roughly what Pulumi's Python code generator makes of a camel-case name."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def test_names_become_lower_camel_case_ascii():
    assert base_name("daily-report") == "dailyReport"
    assert base_name("Nightly_ETL v2") == "nightlyEtlV2"
    assert base_name("HTTPServer checks") == "httpServerChecks"
    assert base_name("rapport quotidien été") == "rapportQuotidienEte"


def test_names_that_would_not_be_identifiers_are_mended():
    assert base_name("2024 report") == "deployment2024Report"
    assert base_name("日报") == "deployment"
    assert base_name("import") == "importDeployment"
    assert base_name("pulumi") == "pulumiDeployment"
    assert len(base_name("x" * 256)) == 48


def test_every_name_is_an_identifier_in_every_language():
    names = resource_names([LiveDeployment(f"dep_{i:032x}", n) for i, n in enumerate(
        ["for", "class", "ctx", "-", "9", "a b", "A-B", "aB", "über", "null", "type"])])
    for name in names.values():
        assert re.fullmatch(r"[a-z][A-Za-z0-9]*", name), name
        assert not keyword.iskeyword(snake(name)) and snake(name).isidentifier()
    assert len({snake(name) for name in names.values()}) == len(names)


def test_clashes_go_to_the_oldest_id_and_the_others_get_their_id_end():
    older = LiveDeployment("dep_01a22c42c1d676858894489ee937e492", "Report")
    newer = LiveDeployment("dep_01a22c42c1dc7110b406d8947d03d2b4", "report")
    names = resource_names([newer, older])
    assert names == {older.id: "report", newer.id: "report03d2b4"}
    assert resource_names([older, newer]) == names


def test_a_suffixed_name_never_takes_a_plain_one():
    a = LiveDeployment("dep_0000000000000000000000000000abc123", "x")
    b = LiveDeployment("dep_0000000000000000000000000000def123", "X")
    c = LiveDeployment("dep_0000000000000000000000000000fff999", "x-def123")
    names = resource_names([a, b, c])
    assert names[c.id] == "xDef123"
    assert names == {a.id: "x", b.id: "x0def123", c.id: "xDef123"}  # one more id character


def test_a_name_a_given_stack_uses_is_never_given():
    dep = LiveDeployment("dep_0000000000000000000000000000abc123", "daily-report")
    other = LiveDeployment("dep_0000000000000000000000000000abc999", "weekly")

    names = resource_names([dep, other], reserved={"DailyReport"})

    assert names == {dep.id: "dailyReportabc123", other.id: "weekly"}
