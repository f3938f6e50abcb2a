"""Public: the API's objects as the client reads them (`pulumi_qoder.models.Deployment`).

A re-export of `pulumi_qoder/client/models.py`, kept at the package's top because this is the
documented path: the schema's and the SDKs' descriptions name `pulumi_qoder.models.Deployment`
and the lookups return these classes.
"""

from pulumi_qoder.client.models import *  # noqa: F403
from pulumi_qoder.client.models import __all__  # noqa: F401
