import pulumi

import pulumi_qoder as qoder

report = qoder.Deployment(
    "daily-report",
    qoder.DeploymentArgs(
        agent="agent_019ebb21ef8e7df6a559052c94875160",
        environment_id="env_019e49a1780171daac1e6b01f290ac2b",
        schedule=qoder.ScheduleArgs(expression="30 9 * * 1-5", timezone="Asia/Shanghai"),
        initial_events=[qoder.UserMessage("Generate today's status report")],
        metadata={"team": "platform"},
        max_retries=1,
    ),
)

pulumi.export("name", report.name)
pulumi.export("next_runs", report.upcoming_runs_at)
