"""The dynamic front end: `pulumi.dynamic` providers over the core, run by the SDK's host.

Owns what only that host needs: pickling by reference (the class paths in users' state are
pinned, see `pulumi_qoder.provider`), the hidden inputs `__name`, `__input_keys` and
`__adopt_id`, preview unknowns as the SDK's `Unknown`, and the host's error reporting.
"""
