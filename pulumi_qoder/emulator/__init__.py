"""A local emulator of the Qoder Deployments API, for offline tests and demos.

It imports nothing from the rest of ``pulumi_qoder`` and keeps its own wire schemas, so
a field name wrong on either side fails a contract test instead of agreeing silently.
"""

from .api.errors import (
    AuthenticationFailed,
    Conflict,
    EmulatorError,
    InternalError,
    InvalidRequest,
    NotFound,
    PermissionDenied,
)
from .api.ids import IdSequence, new_id
from .api.outcomes import DEFAULT_RUN_DURATION_MS, RunOutcome, RunOutcomes
from .api.scheduler import Scheduler
from .api.service import DeploymentService, RunFilter
from .app import API_PREFIX, CONTROL_PREFIX, DEV_TOKEN, create_app
from .clock import Clock, ManualClock, SystemClock
from .harness.faults import Fault, FaultTable
from .harness.journal import Journal
from .harness.server import EmulatorServer
from .storage.store import InMemoryStore, SQLiteStore, Store

__all__ = [
    "API_PREFIX",
    "CONTROL_PREFIX",
    "DEFAULT_RUN_DURATION_MS",
    "DEV_TOKEN",
    "AuthenticationFailed",
    "Clock",
    "Conflict",
    "DeploymentService",
    "EmulatorError",
    "EmulatorServer",
    "Fault",
    "FaultTable",
    "IdSequence",
    "InMemoryStore",
    "InternalError",
    "InvalidRequest",
    "Journal",
    "ManualClock",
    "NotFound",
    "PermissionDenied",
    "RunFilter",
    "RunOutcome",
    "RunOutcomes",
    "SQLiteStore",
    "Scheduler",
    "Store",
    "SystemClock",
    "create_app",
    "new_id",
]
