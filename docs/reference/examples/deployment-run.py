import pulumi

import pulumi_qoder as qoder

report = qoder.Deployment(
    "daily-report",
    qoder.DeploymentArgs(
        agent="agent_019ebb21ef8e7df6a559052c94875160",
        environment_id="env_019e49a1780171daac1e6b01f290ac2b",
        initial_events=[qoder.UserMessage("Generate today's status report")],
    ),
)

# A run when the deployment is created, and again whenever its events change;
# `pulumi up` waits for the outcome and fails if the run fails.
smoke = qoder.DeploymentRun(
    "smoke",
    qoder.DeploymentRunArgs(
        deployment_id=report.id,
        triggers={"initial_events": report.initial_events},
        wait_for_completion=True,
        timeout_seconds=600,
        fail_on_skipped=True,
    ),
)

pulumi.export("smoke_status", smoke.status)
