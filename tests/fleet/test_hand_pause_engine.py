"""An on-call pause made by hand, through the real CLI on the native plugin (YAML): kept by
`up` where the program says `ignoreChanges: [paused]`, shown by `preview --refresh`, and
undone by `up --refresh` where it does not.

One stack and one emulator serve the module; the tests run in file order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pulumi_qoder.emulator import EmulatorServer, create_app
from tests.fleet.fleet import writes
from tests.native.cli import YamlProject
from tests.support.constants import TEST_TOKEN
from tests.support.emulator import ServedEmulator, plain_http
from tests.support.emulator import fresh_service as _service

pytestmark = pytest.mark.engine

PROGRAM = Path(__file__).parent / "programs" / "hand-pause"


@pytest.fixture(scope="module")
def served():
    service = _service()
    with EmulatorServer(create_app(service, tokens=[TEST_TOKEN])) as server:
        yield ServedEmulator(server, service, service.clock)


@pytest.fixture(scope="module")
def stack(cli_dir, served, tmp_path_factory) -> YamlProject:
    stack = YamlProject(cli_dir, tmp_path_factory.mktemp("hand-pause"), PROGRAM,
                        config={"qoder:baseUrl": served.base_url},
                        secrets={"qoder:token": TEST_TOKEN})
    stack.run("up", "--yes")
    return stack


def status(served, stack, key: str) -> str:
    with plain_http(served) as http:
        return http.get(f"/deployments/{stack.outputs()[key]}").json()["status"]


def test_preview_refresh_shows_a_hand_pause_and_plans_to_undo_only_the_undeclared_one(
        served, stack):
    with plain_http(served) as http:
        for key in ("oncallId", "strictId"):
            http.post(f"/deployments/{stack.outputs()[key]}/pause").raise_for_status()

    done = stack.run("preview", "--refresh", "--diff")

    oncall_refresh = _step(done.stdout, "refresh", "oncall")
    assert "paused         : false => true" in oncall_refresh, done.stdout
    assert 'status         : "active" => "paused"' in oncall_refresh
    assert _step(done.stdout, "update", "oncall") == ""
    assert "paused: true => false" in _step(done.stdout, "update", "strict"), done.stdout
    assert "~ 1 to update" in done.stdout


def test_up_keeps_the_ignored_pause_and_undoes_the_other(served, stack):
    served.clear_journal()

    stack.run("up", "--refresh", "--yes")

    assert status(served, stack, "oncallId") == "paused"
    assert status(served, stack, "strictId") == "active"
    assert [e["path"].rsplit("/", 1)[-1] for e in writes(served.journal())] == ["unpause"]


def test_a_change_to_another_field_keeps_the_pause_through_later_ups(served, stack):
    with plain_http(served) as http:  # recorded inputs say active, then a pause by hand
        http.post(f"/deployments/{stack.outputs()['oncallId']}/unpause").raise_for_status()
        stack.run("up", "--refresh", "--yes")
        http.post(f"/deployments/{stack.outputs()['oncallId']}/pause").raise_for_status()
    stack.run("config", "set", "description", "v2")
    stack.run("up", "--yes")  # patches the description; the outputs now say paused
    assert status(served, stack, "oncallId") == "paused"

    served.clear_journal()
    stack.run("up", "--yes")  # the old inputs still say `paused: false`: no unpause either
    stack.run("preview", "--expect-no-changes")

    assert status(served, stack, "oncallId") == "paused"
    assert writes(served.journal()) == []


def test_a_plain_up_keeps_a_fresh_hand_pause_too(served, stack):
    with plain_http(served) as http:
        http.post(f"/deployments/{stack.outputs()['oncallId']}/unpause").raise_for_status()
        stack.run("up", "--refresh", "--yes")
        http.post(f"/deployments/{stack.outputs()['oncallId']}/pause").raise_for_status()
    served.clear_journal()

    stack.run("up", "--yes")

    assert status(served, stack, "oncallId") == "paused"
    assert writes(served.journal()) == []


def _step(stdout: str, kind: str, name: str) -> str:
    """The `--diff` lines of one step (`refresh`, `update`) of the deployment `name`."""
    steps: list[tuple[str, list[str]]] = []
    for line in stdout.splitlines():
        header = re.match(r"\s*\S?\s*(\S+): \((\w+)\)$", line)
        if header or not line.startswith(" "):
            steps.append((header.group(2) if header else "", []))
        steps[-1][1].append(line)
    found = ["\n".join(lines) for step, lines in steps
             if step == kind and any(line.endswith(f"::{name}]") for line in lines)]
    return found[0] if found else ""
