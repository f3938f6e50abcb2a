"""`pulumi-qoder import-file` against the served emulator, run in process as `main(argv)`."""

from __future__ import annotations

import json

from pulumi_qoder.cli import main
from tests.fleet.fleet import make_fleet, stack_export, writes

NATIVE = "qoder:index:Deployment"
DYNAMIC = "pulumi-python:dynamic/qoder:Deployment"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["import-file", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_live_deployment_gets_an_entry_and_nothing_is_written(
        fleet_env, api_http, capsys, tmp_path):
    made = make_fleet(api_http, ["daily-report", "weekly cost", "Nightly_ETL v2"])
    archived = make_fleet(api_http, ["old-job"])
    api_http.post(f"/deployments/{next(iter(archived))}/archive").raise_for_status()
    fleet_env.clear_journal()

    code, _, err = run(capsys, "-o", str(tmp_path / "import.json"))

    assert code == 0, err
    document = json.loads((tmp_path / "import.json").read_text())
    assert document == {"resources": sorted(
        [{"type": NATIVE, "name": name, "id": id_} for id_, name in zip(
            made, ["dailyReport", "weeklyCost", "nightlyEtlV2"], strict=True)],
        key=lambda entry: entry["name"].lower(),
    )}
    assert "3 deployments to import" in err
    assert writes(fleet_env.journal()) == []


def test_without_output_the_file_goes_to_stdout(fleet_env, api_http, capsys):
    (dep_id,) = make_fleet(api_http, ["solo"])

    code, out, _ = run(capsys)

    assert code == 0
    assert json.loads(out) == {"resources": [{"type": NATIVE, "name": "solo", "id": dep_id}]}


def test_a_prefix_keeps_only_the_deployments_named_so(fleet_env, api_http, capsys):
    make_fleet(api_http, ["etl-a", "report-b", "etl-c"])

    code, out, _ = run(capsys, "--prefix", "etl-")

    assert code == 0
    assert [entry["name"] for entry in json.loads(out)["resources"]] == ["etlA", "etlC"]


def test_deployments_held_by_the_given_stacks_are_left_out(
        fleet_env, api_http, capsys, tmp_path):
    made = list(make_fleet(api_http, ["a", "b", "c", "d"]))
    native = tmp_path / "native.json"
    native.write_text(stack_export((NATIVE, made[0]), external=[made[3]]))
    dynamic = tmp_path / "dynamic.json"
    dynamic.write_text(stack_export((DYNAMIC, made[1])))

    code, out, err = run(capsys, "--exclude-state", str(native), "--exclude-state", str(dynamic))

    assert code == 0, err
    assert [entry["id"] for entry in json.loads(out)["resources"]] == made[2:]  # d is only read
    assert "2 held by the given stacks" in err


def test_names_are_stable_across_runs_and_prefixes(fleet_env, api_http, capsys):
    # live names are unique, but not once made identifiers
    make_fleet(api_http, ["report", "Report", "re-port", "etl"])
    first = json.loads(run(capsys)[1])["resources"]

    make_fleet(api_http, ["report!"])  # a newer clash never renames the earlier ones
    again = json.loads(run(capsys)[1])["resources"]
    prefixed = json.loads(run(capsys, "--prefix", "rep")[1])["resources"]

    names = {entry["id"]: entry["name"] for entry in first}
    assert {entry["id"]: entry["name"] for entry in again if entry["id"] in names} == names
    assert all(names[entry["id"]] == entry["name"] for entry in prefixed if entry["id"] in names)
    assert len({entry["name"].lower() for entry in again}) == 5
    oldest = min(entry["id"] for entry in first if entry["name"].lower().startswith("report"))
    assert names[oldest] == "report"


def test_a_prefix_matching_nothing_writes_nothing_and_says_why(
        fleet_env, api_http, capsys, tmp_path):
    make_fleet(api_http, ["daily-report"])

    code, out, err = run(capsys, "--prefix", "zzz", "-o", str(tmp_path / "import.json"))

    assert code == 3
    assert out == "" and not (tmp_path / "import.json").exists()
    assert err == ("pulumi-qoder import-file: nothing to import: no live deployment's name "
                   "starts with 'zzz' (1 live)\n")


def test_everything_held_is_nothing_to_import(fleet_env, api_http, capsys, tmp_path):
    (dep_id,) = make_fleet(api_http, ["only"])
    state = tmp_path / "state.json"
    state.write_text(stack_export((NATIVE, dep_id)))

    code, out, err = run(capsys, "--exclude-state", str(state))

    assert (code, out) == (3, "")
    assert "all 1 live deployments are held by the given stacks" in err


def test_a_missing_token_is_one_line_naming_the_variable(fleet_env, capsys, monkeypatch):
    monkeypatch.delenv("QODER_PAT")

    code, out, err = run(capsys)

    assert (code, out) == (2, "")
    assert err == ("pulumi-qoder import-file: no Qoder token: set QODER_PAT to a personal "
                   "access token\n")
    assert fleet_env.journal() == []


def test_an_unreadable_state_file_fails_before_any_call(fleet_env, capsys, tmp_path):
    code, out, err = run(capsys, "--exclude-state", str(tmp_path / "missing.json"))

    assert (code, out) == (2, "")
    assert err == (f"pulumi-qoder import-file: cannot read state file "
                   f"{tmp_path / 'missing.json'}: No such file or directory\n")
    assert fleet_env.journal() == []


def test_a_foreign_state_file_is_named_as_not_a_stack_export(fleet_env, capsys, tmp_path):
    foreign = tmp_path / "package.json"
    foreign.write_text(json.dumps({"name": "x", "version": "1.0.0", "token": "s3cret"}))
    not_json = tmp_path / "notes.txt"
    not_json.write_text("hello")

    for path, why in ((foreign, "it has no `deployment` with `resources`"), (not_json, "not JSON")):
        code, out, err = run(capsys, "--exclude-state", str(path))
        assert (code, out) == (2, "")
        assert err == (f"pulumi-qoder import-file: {path} is not a stack export "
                       f"(`pulumi stack export` prints one): {why}\n")
        assert "s3cret" not in err
    assert fleet_env.journal() == []


def test_a_refused_token_is_one_line_without_the_token(fleet_env, capsys, monkeypatch):
    monkeypatch.setenv("QODER_PAT", "pt-not-the-right-token")

    code, out, err = run(capsys)

    assert (code, out) == (1, "")
    assert err.startswith("pulumi-qoder import-file: listing deployments: 401")
    assert err.count("\n") == 1 and "pt-not-the-right-token" not in err
    assert "Traceback" not in err


def test_an_unknown_region_is_bad_input(fleet_env, capsys):
    code, out, err = run(capsys, "--region", "mars")

    assert (code, out) == (2, "")
    assert err == ("pulumi-qoder import-file: unknown Qoder region 'mars'; known regions: cn, "
                   "global\n")


def test_an_unreachable_api_is_one_line(fleet_env, capsys, monkeypatch):
    monkeypatch.setenv("QODER_BASE_URL", "http://127.0.0.1:9/api/v1/cloud")  # discard port

    code, out, err = run(capsys)

    assert (code, out) == (1, "")
    assert err.startswith("pulumi-qoder import-file: listing deployments: ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_name_the_excluded_stack_uses_goes_to_no_deployment_to_import(
        fleet_env, api_http, capsys, tmp_path):
    declared, by_hand = make_fleet(api_http, ["declared-in-code", "daily-report"])
    state = json.loads(stack_export((NATIVE, declared)))
    state["deployment"]["resources"][1]["urn"] = (
        "urn:pulumi:dev::fleet::qoder:index:Deployment::dailyReport")  # the code's own name
    (tmp_path / "state.json").write_text(json.dumps(state))

    code, out, _ = run(capsys, "--exclude-state", str(tmp_path / "state.json"))

    assert code == 0
    (entry,) = json.loads(out)["resources"]
    assert entry["id"] == by_hand and entry["name"] == "dailyReport" + by_hand[-6:]
