"""A cron deployment in a timezone, exporting its next five runs."""

import pulumi

import pulumi_qoder as qoder

config = pulumi.Config()

report = qoder.Deployment(
    "daily-report",
    qoder.DeploymentArgs(
        description="Weekday status report for the platform team",
        agent=config.get("agent") or "agent_019ebb21ef8e7df6a559052c94875160",
        environment_id=config.get("environment") or "env_019e49a1780171daac1e6b01f290ac2b",
        schedule=qoder.ScheduleArgs(
            expression="30 9 * * 1-5",
            timezone=config.get("timezone") or "Asia/Shanghai",
        ),
        initial_events=[qoder.UserMessage("Generate today's status report")],
        max_concurrent=1,
        max_retries=0,
        timeout_ms=300_000,
        paused=config.get_bool("paused") or False,
    ),
)

pulumi.export("deployment_id", report.id)
pulumi.export("name", report.name)
pulumi.export("status", report.status)
pulumi.export("next_runs", report.upcoming_runs_at)
