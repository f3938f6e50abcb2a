"""Every invalid spec in the corpus fails check naming its property, and nothing else happens.

No spec raises (a traceback is never an answer), no reason quotes a value, and the dynamic
front end hands each failure to the engine as `<property>: <reason>` with no property of
its own (see `pulumi_qoder.dynamic.host.check_failures`).
"""

from __future__ import annotations

import pytest

from pulumi_qoder.core.deployment.check import checked_inputs
from pulumi_qoder.provider import DeploymentProvider
from tests.core.invalid_specs import INVALID_SPECS, MARKER, NUMBER, program

IDS = [entry[0] for entry in INVALID_SPECS]
ECHOES = (MARKER, str(abs(NUMBER)))


def _names(prop: str, path: str) -> bool:
    """Whether failure property `prop` is `path` or lies inside it."""
    return prop == path or prop.startswith(path) and (
        path.endswith("[") or prop[len(path)] in ".["
    )


def test_the_corpus_has_at_least_100_distinct_specs():
    assert len(INVALID_SPECS) >= 100
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize(("change", "path", "rule"), [e[1:] for e in INVALID_SPECS], ids=IDS)
def test_an_invalid_spec_fails_check_naming_the_property_and_rule(change, path, rule):
    _, failures = checked_inputs({}, program(change))

    named = [f for f in failures if _names(f.property, path)]
    assert named, failures
    assert any(rule in f.reason for f in named), named
    assert not [f for f in failures if any(echo in f.reason for echo in ECHOES)]


@pytest.mark.parametrize("change", [e[1] for e in INVALID_SPECS], ids=IDS)
def test_the_dynamic_provider_reports_each_failure_as_property_colon_reason(change):
    result = DeploymentProvider().check({}, program(change))

    assert result.failures
    for failure in result.failures:
        assert failure.property == ""
        prop, sep, reason = failure.reason.partition(": ")
        assert sep and prop and reason
        assert not any(echo in failure.reason for echo in ECHOES)
