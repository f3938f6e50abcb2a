import pulumi

import pulumi_qoder as qoder

config = pulumi.Config()

# A plain call runs while the program runs, with the stack's qoder: config.
deployment = qoder.get_deployment(config.require("deploymentId"))
pulumi.export("status", deployment.status)
pulumi.export("archived", deployment.archived_at is not None)

# The _output variant takes Outputs, e.g. another resource's id.
name = qoder.get_deployment_output(config.require("deploymentId")).apply(lambda d: d.name)
pulumi.export("name", name)
