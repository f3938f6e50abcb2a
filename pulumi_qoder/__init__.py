"""Manage Qoder Cloud Agents deployments as code with Pulumi."""
