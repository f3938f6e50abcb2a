"""Kept for imports that name it: the harness lives in `tests.support.hosts` and
`tests.support.values`."""

from tests.support.hosts import DYNAMIC_URN as URN  # noqa: F401
from tests.support.hosts import (  # noqa: F401
    PROVIDER_BLOB,
    FakeEngine,
    HostError,
    ProviderHost,
    fake_engine,
    started_plugin,
)
from tests.support.values import api_calls, secret  # noqa: F401
from tests.support.values import from_struct as _props  # noqa: F401
from tests.support.values import to_struct as _struct  # noqa: F401
