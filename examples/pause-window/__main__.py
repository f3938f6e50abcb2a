"""`paused` driven by stack config: the way on-call teams freeze agents for a window.

    pulumi config set freeze true   && pulumi up   # every agent below is paused
    pulumi config set freeze false  && pulumi up   # and resumed
"""

import pulumi

import pulumi_qoder as qoder

config = pulumi.Config()
freeze = config.get_bool("freeze") or False
agent = config.get("agent") or "agent_019ebb21ef8e7df6a559052c94875160"
environment = config.get("environment") or "env_019e49a1780171daac1e6b01f290ac2b"

JOBS = {
    "triage": ("*/30 * * * *", "Triage new incidents and label them"),
    "digest": ("0 18 * * 1-5", "Summarise the day's deploys for the on-call channel"),
}

for job, (cron, prompt) in JOBS.items():
    dep = qoder.Deployment(
        job,
        qoder.DeploymentArgs(
            agent=agent,
            environment_id=environment,
            schedule=qoder.ScheduleArgs(expression=cron, timezone="UTC"),
            initial_events=[qoder.UserMessage(prompt)],
            metadata={"team": "sre"},
            paused=freeze,
        ),
    )
    pulumi.export(f"{job}_status", dep.status)
