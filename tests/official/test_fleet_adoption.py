"""An existing fleet brought under code through the real CLI, as docs/native.md tells users:
`pulumi do qoder:Deployment list` finds the live deployments (made on the API, not by
Pulumi), and the code `pulumi import --file import.json --generate-code --out FILE` prints
runs as is in Python (on `pulumi_qoder.native`), TypeScript, Go and YAML: pasted into the
program, `preview` and `up` show no change, and neither the import nor they write to the API.

Each language's project is a folder as its `pulumi new` template makes it (Python: a pip
virtualenv with this package; TypeScript: the template's tsconfig; Go: go-fleet's go.mod on
this checkout's sdk/go; YAML: Pulumi.yaml alone), the plugin registered with `pulumi-qoder
install-plugin`. Run one language at a time while developing: `-k python` and so on.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from pulumi_qoder.cli import main
from tests.official.go_sdk import go_env, go_toolchain, point_at_checkout  # noqa: F401 (fixture)
from tests.official.project import OfficialProject
from tests.support.constants import AGENT, ENV, TEST_TOKEN
from tests.support.values import api_calls, api_writes

REPO = Path(__file__).resolve().parents[2]

# Whichever Go test runs first on a machine with cold Go caches compiles the Pulumi Go SDK.
pytestmark = [pytest.mark.engine, pytest.mark.timeout(900)]

# `pulumi new typescript`'s tsconfig: strict, type-checked by the host at every run
TSCONFIG = {
    "compilerOptions": {
        "strict": True, "outDir": "bin", "target": "es2020", "module": "commonjs",
        "moduleResolution": "node", "sourceMap": True, "experimentalDecorators": True,
        "pretty": True, "noFallthroughCasesInSwitch": True, "noImplicitReturns": True,
        "forceConsistentCasingInFileNames": True,
    },
    "files": ["index.ts"],
}


def make_fleet(api_client) -> dict[str, str]:
    """Three deployments made on the API by hand, unlike each other: resource name -> id."""
    report = api_client.deployments.create(
        name="nightly-report", agent=AGENT, environment_id=ENV,
        description="Summarise the day's merged pull requests",
        schedule={"expression": "30 9 * * 1-5", "timezone": "Asia/Shanghai"},
        initial_events=[{"type": "system.message", "content": "Be brief."},
                        {"type": "user.message", "content": "Generate today's report"}],
        metadata={"team": "platform", "cas_config": {"config": {"max_retries": 2}}},
    )
    notes = api_client.deployments.create(
        name="release-notes", agent=AGENT, environment_id=ENV,
        initial_events=[{"type": "user.message", "content": "Draft the release notes"}],
    )
    cost = api_client.deployments.create(
        name="weekly-cost", agent=AGENT, environment_id=ENV,
        schedule={"expression": "0 8 * * 1", "timezone": "UTC"},
        initial_events=[{"type": "user.message", "content": "Report last week's spend"}],
    )
    api_client.deployments.pause(cost.id)
    return {"nightly-report": report.id, "release-notes": notes.id, "weekly-cost": cost.id}


def import_file(path: Path, served_emulator, monkeypatch) -> Path:
    """Pulumi's bulk import file for every live deployment, as `pulumi-qoder import-file`
    writes it (its resource names are what the generated code is made of)."""
    monkeypatch.setenv("QODER_PAT", TEST_TOKEN)
    monkeypatch.setenv("QODER_BASE_URL", served_emulator.base_url)
    assert main(["import-file", "-o", str(path)]) == 0
    return path


def folder(tmp_path: Path, language: str) -> Path:
    """A new project of `language` with an empty program."""
    where = tmp_path / "src" / f"adopt-{language}"
    where.mkdir(parents=True)
    runtime = {"typescript": "nodejs"}.get(language, language)
    (where / "Pulumi.yaml").write_text(f"name: adopt-{language}\nruntime: {runtime}\n")
    if language == "python":
        (where / "__main__.py").write_text("import pulumi\n")
        (where / "requirements.txt").write_text("pulumi>=3.216,<4\n")
    elif language == "typescript":
        shutil.copy(REPO / "examples" / "ts-fleet" / "package.json", where / "package.json")
        (where / "tsconfig.json").write_text(json.dumps(TSCONFIG, indent=4) + "\n")
        (where / "index.ts").write_text('import * as pulumi from "@pulumi/pulumi";\n')
    elif language == "go":
        for name in ("go.mod", "go.sum"):
            shutil.copy(REPO / "examples" / "go-fleet" / name, where / name)
    return where


def prepare(language: str, project: OfficialProject, request) -> None:
    """What the language needs beyond the folder: node_modules, or Go on this checkout."""
    if language == "typescript":
        from tests.official.node_sdk import node_install

        node_install(REPO / "examples" / "ts-fleet" / "package.json").use_in(project.folder)
    elif language == "go":
        request.getfixturevalue("go_toolchain")
        point_at_checkout(project.folder)
        project.env = go_env(project.env)


PROGRAM_FILE = {"python": "__main__.py", "typescript": "index.ts", "go": "main.go"}


def paste(language: str, project: OfficialProject, code: str) -> None:
    """The generated code into the program, as a user pastes it."""
    if language == "yaml":  # the resources block goes into Pulumi.yaml, the program
        with (project.folder / "Pulumi.yaml").open("a") as program:
            program.write(code)
    else:
        (project.folder / PROGRAM_FILE[language]).write_text(code)


IMPORT_LINE = {
    "python": "import pulumi_qoder.native as qoder",
    "typescript": 'import * as qoder from "@pulumi-qoder/qoder";',
    "go": '"github.com/pulumi-qoder/pulumi-qoder/sdk/go/qoder"',
    "yaml": "type: qoder:Deployment",
}


@pytest.mark.parametrize("language", ["python", "typescript", "go", "yaml"])
def test_generated_import_code_runs_as_is_with_no_change_and_no_write(
    language, request, official_project: Callable[..., OfficialProject], shared_venv,
    served_emulator, api_client, tmp_path, monkeypatch,
):
    fleet = make_fleet(api_client)
    project = official_project(folder(tmp_path, language))
    prepare(language, project, request)
    project.install_plugin(shared_venv)
    code_file = tmp_path / f"generated-{language}.txt"

    served_emulator.clear_journal()
    project.run("import", "--file", str(import_file(tmp_path / "import.json", served_emulator,
                                                     monkeypatch)),
                "--generate-code", "--out", str(code_file), "--yes")
    import_writes = api_writes(served_emulator)
    code = code_file.read_text()
    paste(language, project, code)
    served_emulator.clear_journal()
    preview = project.run("preview", "--expect-no-changes", "--diff")
    up = project.run("up", "--yes", "--skip-preview", "--expect-no-changes")
    program_writes = api_writes(served_emulator)

    assert IMPORT_LINE[language] in code, code
    assert import_writes == []
    assert program_writes == []
    assert "4 unchanged" in preview.stdout, preview.stdout
    assert "4 unchanged" in up.stdout, up.stdout
    assert project.deployment_ids() == sorted(fleet.values())
    assert all(r["protect"] for r in project.resources() if r["type"] == "qoder:index:Deployment")


def do_list(project: OfficialProject, served_emulator, *flags: str) -> list[dict]:
    """`pulumi do qoder:Deployment list` from the project folder, connected by environment."""
    env = {**project.env, "QODER_PAT": TEST_TOKEN, "QODER_BASE_URL": served_emulator.base_url}
    done = subprocess.run(
        [str(project.cli), "do", "qoder:Deployment", "list", *flags, "--color", "never"],
        cwd=project.folder, env=env, capture_output=True, text=True, timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)


def test_pulumi_do_lists_every_live_deployment_across_pages(
    official_project, shared_venv, served_emulator, api_client, tmp_path,
):
    made = {}
    for i in range(105):  # two pages of the API's list
        name = f"{'billing' if i % 5 == 0 else 'search'}-{i:03d}"
        made[api_client.deployments.create(
            name=name, agent=AGENT, environment_id=ENV,
            initial_events=[{"type": "user.message", "content": "hello"}],
        ).id] = name
    project = official_project(folder(tmp_path, "yaml"))
    project.install_plugin(shared_venv)

    served_emulator.clear_journal()
    everything = do_list(project, served_emulator)
    calls = api_calls(served_emulator)
    billing = do_list(project, served_emulator, "--name-prefix", "billing-")

    assert {d["id"]: d["name"] for d in everything} == made
    assert calls == ["GET /deployments", "GET /deployments"]
    assert {d["name"] for d in billing} == {n for n in made.values() if n.startswith("billing-")}
    assert len(billing) == 21
