"""A manual-only deployment, run and awaited by `pulumi up` whenever it changes."""

import pulumi

import pulumi_qoder as qoder

config = pulumi.Config()

notes = qoder.Deployment(
    "release-notes",
    qoder.DeploymentArgs(
        description="Drafts release notes on demand",
        agent=config.get("agent") or "agent_019ebb21ef8e7df6a559052c94875160",
        environment_id=config.get("environment") or "env_019e49a1780171daac1e6b01f290ac2b",
        initial_events=[qoder.UserMessage(config.get("prompt") or "Draft the release notes")],
        max_retries=config.get_int("maxRetries") or 0,
        timeout_ms=300_000,
    ),
)

# A new run whenever what the agent does changes (or the deployment is replaced: a new id).
smoke = qoder.DeploymentRun(
    "smoke",
    qoder.DeploymentRunArgs(
        deployment_id=notes.id,
        triggers={
            "agent_version": notes.agent_version,
            "environment_id": notes.environment_id,
            "initial_events": notes.initial_events,
        },
        wait_for_completion=True,
        timeout_seconds=config.get_float("timeout") or 600,
        fail_on_skipped=True,
    ),
)

# Lookups run in the program; this one waits for the smoke run, then reads the history.
recent = qoder.list_runs_output(deployment_id=smoke.deployment_id, limit=5)

pulumi.export("deployment_id", notes.id)
pulumi.export("run_id", smoke.run_id)
pulumi.export("run_status", smoke.status)
pulumi.export("attempt", smoke.attempt)
pulumi.export("recent_runs", recent.apply(lambda runs: [f"{r.id} {r.status}" for r in runs]))
