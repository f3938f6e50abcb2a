import pulumi

import pulumi_qoder as qoder

# Every live deployment of one agent that is paused, across pages.
paused = qoder.list_deployments(status="paused", agent_id="agent_019ebb21ef8e7df6a559052c94875160")
pulumi.export("paused_names", sorted(d.name for d in paused))

everything = qoder.list_deployments_output(include_archived=True)
pulumi.export("total", everything.apply(len))
