"""The DeploymentRun resource's core: checks, triggering a run, waiting for its outcome."""
