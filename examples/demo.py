"""The README demo: emulator + examples/daily-report through the real pulumi engine.

Starts the emulator on a free loopback port, runs `up`, shows the next five runs,
freezes the deployment through a config change (`paused=true`), shows the preview and
the result, destroys the stack (archive), and stops the emulator: nothing is left running.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from runner import EngineStack, example_program

URL = re.compile(r"(http://127\.0\.0\.1:\d+/api/v1/cloud)")


def start_emulator(token: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pulumi_qoder.emulator", "--port", "0", "--token", token],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        found = URL.search(line)
        if found:
            # keep reading what it prints, so a full pipe can never block it
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, found.group(1)
    proc.wait()
    raise RuntimeError(f"the emulator exited with {proc.returncode} before printing its URL")


def step(text: str) -> None:
    print(f"\n==> {text}", flush=True)


def main() -> int:
    cli_dir = Path(os.environ["PULUMI_QODER_CLI_DIR"])
    token = "pt-demo-" + secrets.token_hex(12)
    step("starting the Qoder emulator")
    emulator, base_url = start_emulator(token)
    print(f"emulator at {base_url}")
    try:
        with tempfile.TemporaryDirectory(prefix="qoder-demo-") as home:
            project, program = example_program("daily-report")
            stack = EngineStack(
                cli_dir,
                Path(home),
                program,
                project=project,
                config={"qoder:baseUrl": base_url},
                secrets={"qoder:token": token},
            )
            step("pulumi up: examples/daily-report")
            outputs = stack.up(on_output=print).outputs
            print(f"\n{outputs['name'].value} is {outputs['status'].value}; next five runs (UTC):")
            for run in outputs["next_runs"].value:
                print(f"  {run}")

            step("freezing it: pulumi config set daily-report:paused true; pulumi preview")
            stack.set_config({f"{project}:paused": "true"})
            stack.preview(on_output=print, diff=True)
            step("pulumi up")
            outputs = stack.up(on_output=print).outputs
            print(f"\nstatus is now {outputs['status'].value}")

            step("pulumi destroy (archives the deployment)")
            stack.destroy(on_output=print)
    finally:
        # stop it before printing anything: a closed stdout (`make demo | head`) must not
        # keep the emulator alive
        emulator.terminate()
        emulator.wait(timeout=10)
    step("emulator stopped")
    print("done: nothing left running")
    return 0


if __name__ == "__main__":
    sys.exit(main())
