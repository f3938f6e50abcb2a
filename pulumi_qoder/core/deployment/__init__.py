"""The Deployment resource's core: spec, check, plan, outputs and operations."""
