"""Public home of the client's exceptions (`from pulumi_qoder.errors import NotFoundError`)."""

from pulumi_qoder.client._exceptions import *  # noqa: F403
from pulumi_qoder.client._exceptions import __all__  # noqa: F401
