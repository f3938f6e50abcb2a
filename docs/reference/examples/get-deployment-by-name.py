import pulumi

import pulumi_qoder as qoder

# A deployment made outside this program (by hand or by another stack), found by name.
nightly = qoder.get_deployment_by_name("nightly-deps")
pulumi.export("nightly_id", nightly.id)
pulumi.export("nightly_status", nightly.status)

# Archived deployments keep their name with an `_archived_<unix_seconds>` suffix.
old = qoder.get_deployment_by_name_output("nightly-deps", include_archived=True)
pulumi.export("nightly_agent", old.apply(lambda d: d.agent.id))
