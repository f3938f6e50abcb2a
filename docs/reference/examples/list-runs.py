import pulumi

import pulumi_qoder as qoder

config = pulumi.Config()

# The last 20 failed runs of one deployment, with their errors.
failed = qoder.list_runs(deployment_id=config.require("deploymentId"), status="failed", limit=20)
pulumi.export("failures", [{"run": r.id, "error": r.error.message} for r in failed if r.error])

scheduled = qoder.list_runs_output(
    deployment_id=config.require("deploymentId"), trigger_type="schedule"
)
pulumi.export("scheduled_runs", scheduled.apply(len))
