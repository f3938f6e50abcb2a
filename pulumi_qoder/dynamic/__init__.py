"""The dynamic front end: `pulumi.dynamic` providers over the core, run by the SDK's host.

Holds the Python resource classes a program uses (`deployment.py`, `deployment_run.py`:
`pulumi_qoder.Deployment`, `DeploymentArgs`, ...), their providers (`deployment_provider.py`,
`deployment_run_provider.py`) and the program-side lookups (`lookups.py`, over
`core/lookups.py`). Owns what only that host needs: pickling by reference (the class paths in
users' state are pinned to the shims `pulumi_qoder.provider` and `pulumi_qoder.run_provider`),
the hidden inputs `__name`, `__input_keys` and `__adopt_id`, preview unknowns as the SDK's
`Unknown`, and the host's error reporting.
"""
