"""Many deployments declared from a folder of YAML files, one file each (GitOps style).

Each `deployments/*.yaml` holds the deployment's fields; `tier: production` adds
`protect=True`, so Pulumi refuses to archive it by accident (`pulumi state unprotect`
first, to tear it down on purpose).
"""

from pathlib import Path

import pulumi
import yaml

import pulumi_qoder as qoder

HERE = Path(__file__).parent
config = pulumi.Config()
folder = HERE / (config.get("folder") or "deployments")
agent = config.get("agent") or "agent_019ebb21ef8e7df6a559052c94875160"
environment = config.get("environment") or "env_019e49a1780171daac1e6b01f290ac2b"

names = {}
for path in sorted(folder.glob("*.yaml")):
    spec = yaml.safe_load(path.read_text())
    schedule = spec.get("schedule")
    dep = qoder.Deployment(
        path.stem,
        qoder.DeploymentArgs(
            description=spec.get("description"),
            agent=spec.get("agent", agent),
            environment_id=spec.get("environment_id", environment),
            schedule=qoder.ScheduleArgs(**schedule) if schedule else None,
            initial_events=[qoder.UserMessage(text) for text in spec["prompts"]],
            metadata={"owner": spec["owner"], "tier": spec["tier"]},
            max_retries=spec.get("max_retries"),
            paused=spec.get("paused", False),
        ),
        pulumi.ResourceOptions(protect=spec["tier"] == "production"),
    )
    names[path.stem] = dep.name

pulumi.export("deployments", names)
