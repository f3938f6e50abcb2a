"""The front-end-neutral core: what a Deployment and a DeploymentRun do, over the client.

Both front ends (the dynamic provider in `pulumi_qoder.dynamic` and the native plugin in
`pulumi_qoder.native`) are thin adapters over these operations. Nothing here imports
Pulumi: preview unknowns arrive as `values.UNKNOWN`, secrets as plain values.
"""
