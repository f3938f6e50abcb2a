"""`python -m pulumi_qoder.native`: the same as the `pulumi-resource-qoder` script."""

import sys

from pulumi_qoder.native.server import main

sys.exit(main())
