"""examples/gitops/pipeline.sh, the steps its workflow runs, from a copy of the example's
folder on an empty PULUMI_HOME against the emulator, as a CI runner would run them.

`pulumi install` downloads the plugin the program names (`qoder` 0.1.0 from its release
page) from a loopback server standing in for that page (PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES);
what it serves is the launcher archive `pulumi-qoder install-plugin` registers. Ambient
plugins are ignored, so nothing is found on PATH. The token reaches the plugin through
QODER_PAT alone. One stack and one emulator serve the module: the tests run in file order,
each from the state the previous one left (preview, up, a quiet drift check, a hand change
caught, up putting it back, destroy).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pulumi_qoder._version import __version__
from pulumi_qoder.emulator import EmulatorServer, create_app
from pulumi_qoder.native.install import this_package_archive
from tests.gitops.release_page import ReleasePage
from tests.support.constants import TEST_TOKEN
from tests.support.emulator import ServedEmulator
from tests.support.emulator import fresh_service as _service

pytestmark = pytest.mark.engine

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "gitops"
DEPLOYMENTS = {"nightly-triage", "weekly-digest"}
ARCHIVE = f"pulumi-resource-qoder-v{__version__}-linux-amd64.tar.gz"


@pytest.fixture(scope="module")
def served_emulator():
    """One emulator for the module's one stack."""
    service = _service()
    with EmulatorServer(create_app(service, tokens=[TEST_TOKEN])) as server:
        yield ServedEmulator(server, service, service.clock)


class Pipeline:
    """A copy of examples/gitops and the environment a CI runner gives pipeline.sh."""

    def __init__(self, root: Path, cli_dir: Path, base_url: str, release: ReleasePage) -> None:
        self.folder = root / "repo"
        shutil.copytree(EXAMPLE, self.folder)
        self.out = root / "out"
        self.home = root / "pulumi-home"
        (root / "backend").mkdir()
        kept = {k: v for k, v in os.environ.items()
                if not k.startswith(("QODER_", "PULUMI_", "GITHUB_"))}
        self.env = {
            **kept,
            "PATH": f"{cli_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PULUMI_HOME": str(self.home),
            "PULUMI_BACKEND_URL": (root / "backend").as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": "gitops-pipeline-test",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_IGNORE_AMBIENT_PLUGINS": "true",
            "PULUMI_STACK": "prod",
            "QODER_PAT": TEST_TOKEN,
            "QODER_BASE_URL": base_url,
            "QODER_OUT": str(self.out),
            "PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES": release.overrides,
        }

    def run(self, step: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.folder / "pipeline.sh"), step], cwd=self.folder,
            env={**self.env, **env}, capture_output=True, text=True, timeout=600,
        )


def write_plugin_archive(folder: Path) -> Path:
    """The plugin archive under its release name, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / ARCHIVE
    archive.write_bytes(this_package_archive())
    return archive


@pytest.fixture(scope="module")
def release_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release")
    write_plugin_archive(folder)
    with ReleasePage(folder) as page:
        yield page


@pytest.fixture(scope="module")
def pipeline(cli_dir, served_emulator, release_page, tmp_path_factory) -> Pipeline:
    return Pipeline(tmp_path_factory.mktemp("gitops"), cli_dir, served_emulator.base_url,
                    release_page)


def live(api_http) -> dict[str, dict]:
    listed = api_http.get("/deployments", params={"limit": 100}).json()["data"]
    return {d["name"]: d for d in listed if not d.get("archived_at")}


def said(done: subprocess.CompletedProcess) -> str:
    return f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"


def plugins_listed(pipeline: Pipeline, home: Path) -> str:
    env = {**pipeline.env, "PULUMI_HOME": str(home)}
    return subprocess.run(["pulumi", "plugin", "ls"], env=env, capture_output=True, text=True,
                          timeout=60, check=True).stdout


def test_preview_on_an_empty_home_downloads_the_plugin_and_keeps_the_diff(
        pipeline, served_emulator, release_page):
    assert not pipeline.home.exists()

    done = pipeline.run("preview")

    assert done.returncode == 0, said(done)
    assert release_page.asked == [f"/{ARCHIVE}"]
    assert re.search(rf"(?m)^qoder\s+resource\s+{re.escape(__version__)}\s",
                     plugins_listed(pipeline, pipeline.home))
    diff = (pipeline.out / "preview.txt").read_text()
    assert "+ 4 to create" in diff  # the stack, the provider and two deployments
    assert "nightly-triage" in diff and "weekly-digest" in diff
    assert served_emulator.journal() == []  # a preview of new deployments calls nothing


def test_a_plugin_archive_on_disk_serves_a_runner_without_the_release_page(pipeline, tmp_path):
    archive = write_plugin_archive(tmp_path / "downloaded")
    home = tmp_path / "pulumi-home"

    done = pipeline.run("preview", PULUMI_HOME=str(home), QODER_PLUGIN_ARCHIVE=str(archive),
                        PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES=".*=http://127.0.0.1:9/")

    assert done.returncode == 0, said(done)
    assert re.search(rf"(?m)^qoder\s+resource\s+{re.escape(__version__)}\s",
                     plugins_listed(pipeline, home))


def test_up_creates_the_deployments(pipeline, api_http):
    done = pipeline.run("up")

    assert done.returncode == 0, said(done)
    assert set(live(api_http)) == DEPLOYMENTS
    assert TEST_TOKEN not in done.stdout + done.stderr


def test_drift_check_passes_when_nothing_changed_by_hand(pipeline):
    done = pipeline.run("drift")

    assert done.returncode == 0, said(done)


def test_a_hand_change_fails_the_drift_check_with_the_drift_shown(pipeline, api_http):
    triage = live(api_http)["nightly-triage"]
    api_http.post(f"/deployments/{triage['id']}",
                  json={"description": "changed by hand"}).raise_for_status()
    summary = pipeline.out / "summary.md"

    done = pipeline.run("drift", GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))

    assert done.returncode == 7, said(done)  # the CLI's exit code for unexpected changes
    for shown in (done.stdout, (pipeline.out / "drift.txt").read_text(), summary.read_text()):
        assert '"changed by hand" => "Triage the issues opened since yesterday"' in shown
    assert "::error title=Drift on stack prod::drift: the live deployments differ" in done.stdout


def test_up_puts_the_hand_change_back(pipeline, api_http):
    done = pipeline.run("up")

    assert done.returncode == 0, said(done)
    assert live(api_http)["nightly-triage"]["description"] == (
        "Triage the issues opened since yesterday")
    assert pipeline.run("drift").returncode == 0


def test_destroy_archives_every_deployment(pipeline, api_http):
    done = pipeline.run("destroy")

    assert done.returncode == 0, said(done)
    assert live(api_http) == {}


def test_the_api_token_is_not_in_the_stack(pipeline):
    exported = subprocess.run(["pulumi", "stack", "export", "--stack", "prod"],
                              cwd=pipeline.folder, env=pipeline.env, capture_output=True,
                              text=True, timeout=60, check=True)

    assert TEST_TOKEN not in exported.stdout
    assert not (pipeline.folder / "Pulumi.prod.yaml").exists() or TEST_TOKEN not in (
        pipeline.folder / "Pulumi.prod.yaml").read_text()

