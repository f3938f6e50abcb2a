"""Public home of the wire models (`from pulumi_qoder.models import Deployment`)."""

from pulumi_qoder.client.models import *  # noqa: F403
from pulumi_qoder.client.models import __all__  # noqa: F401
