"""`pulumi-qoder orphans` against the served emulator, run in process as `main(argv)`."""

from __future__ import annotations

import io
import json

from pulumi_qoder.cli import main
from tests.fleet.fleet import make_fleet, stack_export, writes

NATIVE = "qoder:index:Deployment"
DYNAMIC = "pulumi-python:dynamic/qoder:Deployment"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["orphans", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_orphans_are_the_live_deployments_no_given_stack_holds_across_pages(
        fleet_env, api_http, capsys, tmp_path):
    made = make_fleet(api_http, [f"job-{n:03}" for n in range(230)])  # three pages of 100
    ids = list(made)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(stack_export(*((NATIVE, i) for i in ids[:100])))
    second.write_text(stack_export(*((DYNAMIC, i) for i in ids[100:225])))
    fleet_env.clear_journal()

    code, out, err = run(capsys, "--state", str(first), str(second))

    assert code == 0, err
    assert out.splitlines() == [f"{i}\t{made[i]}" for i in ids[225:]]
    assert "5 of 230 live deployments held by none of the 2 given stacks" in err
    journal = fleet_env.journal()
    assert writes(journal) == [] and len(journal) == 3


def test_json_lists_id_and_name(fleet_env, api_http, capsys, tmp_path):
    made = make_fleet(api_http, ["kept", "lost"])
    state = tmp_path / "state.json"
    state.write_text(stack_export((NATIVE, next(iter(made)))))

    code, out, _ = run(capsys, "--state", str(state), "--json")

    assert code == 0
    assert json.loads(out) == [{"id": list(made)[1], "name": "lost"}]


def test_no_orphan_prints_nothing_and_succeeds(fleet_env, api_http, capsys, tmp_path):
    made = make_fleet(api_http, ["kept"])
    state = tmp_path / "state.json"
    state.write_text(stack_export((NATIVE, next(iter(made)))))

    assert run(capsys, "--state", str(state))[:2] == (0, "")


def test_a_state_read_from_stdin(fleet_env, api_http, capsys, monkeypatch):
    made = make_fleet(api_http, ["kept", "lost"])
    monkeypatch.setattr("sys.stdin", io.StringIO(stack_export((NATIVE, next(iter(made))))))

    code, out, _ = run(capsys, "--state", "-")

    assert (code, out) == (0, f"{list(made)[1]}\tlost\n")


def test_a_file_backend_checkpoint_counts_as_a_stack_state(fleet_env, api_http, capsys, tmp_path):
    made = make_fleet(api_http, ["kept", "lost"])
    exported = json.loads(stack_export((NATIVE, next(iter(made)))))
    checkpoint = tmp_path / "dev.json"
    checkpoint.write_text(json.dumps({"version": 3, "checkpoint": {
        "stack": "dev", "latest": exported["deployment"]}}))

    code, out, _ = run(capsys, "--state", str(checkpoint))

    assert (code, out) == (0, f"{list(made)[1]}\tlost\n")


def test_a_state_is_required(capsys):
    try:
        main(["orphans"])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "--state" in capsys.readouterr().err
