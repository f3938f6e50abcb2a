"""Public: the client's exceptions (`from pulumi_qoder.errors import NotFoundError`).

A re-export of `pulumi_qoder/client/_exceptions.py` (a private module), kept at the package's
top because users' `except` clauses name this path; `pulumi_qoder` exports the same names.
"""

from pulumi_qoder.client._exceptions import *  # noqa: F403
from pulumi_qoder.client._exceptions import __all__  # noqa: F401
