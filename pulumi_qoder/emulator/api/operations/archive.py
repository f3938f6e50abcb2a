"""``POST /deployments/{id}/archive`` (CONTRACT §4.7). Body: none, or ``{}``.

Irreversible: 409 when already archived. Keeps ``status`` (a paused deployment can be
archived and stays paused [INF CONTRACT §8.6]) and the stats. The name gets
``_archived_<unix seconds>`` to free it for reuse; upcoming runs are emptied while
``stats.next_trigger_at`` is left stale, as in the example. Archived deployments stay
readable by id and leave the default list.
"""

from __future__ import annotations

from ...storage.records import DeploymentRecord
from ..errors import Conflict
from .context import Context

__all__ = ["archive"]


def archive(context: Context, deployment_id: str) -> DeploymentRecord:
    record = context.get(deployment_id)
    if record.archived:
        raise Conflict("Deployment is already archived.")
    now = context.now()
    record.archived_at = now
    record.updated_at = now
    record.name = f"{record.name}_archived_{int(now.timestamp())}"
    record.upcoming_runs_at = []
    context.save(record)
    return record
