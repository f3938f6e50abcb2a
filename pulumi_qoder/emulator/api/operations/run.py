"""``POST /deployments/{id}/run`` (CONTRACT §4.8): trigger a manual run. Body: none, or ``{}``.

409 unless the deployment is active and not archived. With ``max_concurrent`` runs
already live the run is recorded ``skipped`` and still returned (HTTP 200). How the run
then proceeds (pending, running, its outcome, retries) is the scheduler's
(``api/scheduler.py``).
"""

from __future__ import annotations

from ...storage.records import RunRecord
from ..errors import Conflict
from .context import Context

__all__ = ["run"]


def run(context: Context, deployment_id: str) -> RunRecord:
    record = context.get_current(deployment_id, "run")
    if record.status != "active":
        raise Conflict("Deployment is paused; unpause it to run it.")
    triggered = context.scheduler.trigger(record, "manual", context.now())
    context.save(record)
    return triggered
