"""A stored record's `copy()` is a deep copy: equal to `copy.deepcopy`, sharing nothing mutable.

The store hands out copies; a caller changing one must never change what is stored. The
copies are written field by field for speed, so a mutable field added to a record later
must be copied there too: these tests walk every dataclass field and fail if it is not.
"""

import copy
import dataclasses
from datetime import datetime, timezone

from pulumi_qoder.emulator.storage.records import DeploymentRecord, RunRecord, Stats

T = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)


def _deployment() -> DeploymentRecord:
    return DeploymentRecord(
        id="depl_1", name="n", description="d", agent_id="agent_1", agent_version=2,
        environment_id="env_1",
        initial_events=[{"type": "user.message", "content": [{"type": "text", "text": "x"}]}],
        created_at=T, updated_at=T,
        resources=[{"type": "file", "file_id": "file_1", "extra": {"k": ["v"]}}],
        vault_ids=["vault_1"], user_metadata={"team": "infra"}, cron="0 9 * * *",
        timezone="UTC", upcoming_runs_at=[T], stats=Stats(total_runs=3, next_trigger_at=T),
        status="paused", paused_reason={"type": "manual", "detail": {"by": ["x"]}},
    )


def _run() -> RunRecord:
    return RunRecord(
        id="drun_1", deployment_id="depl_1", agent_id="agent_1", agent_version=2,
        trigger_type="manual", attempt=1, triggered_at=T, status="failed",
        error={"type": "timeout", "message": "m"}, outcome_error={"type": "t", "message": "m"},
    )


def _shared_mutables(a, b, path="record"):
    """Paths at which `a` and `b` hold the same mutable object."""
    if isinstance(a, (dict, list, set)) or dataclasses.is_dataclass(a):
        if a is b:
            return [path]
    if dataclasses.is_dataclass(a):
        return [p for f in dataclasses.fields(a)
                for p in _shared_mutables(getattr(a, f.name), getattr(b, f.name),
                                          f"{path}.{f.name}")]
    if isinstance(a, dict):
        return [p for k in a for p in _shared_mutables(a[k], b[k], f"{path}[{k!r}]")]
    if isinstance(a, list):
        return [p for i, (x, y) in enumerate(zip(a, b, strict=True))
                for p in _shared_mutables(x, y, f"{path}[{i}]")]
    return []


def test_a_deployment_records_copy_equals_a_deep_copy_and_shares_nothing_mutable():
    record = _deployment()
    copied = record.copy()
    assert copied == copy.deepcopy(record)
    assert _shared_mutables(record, copied) == []


def test_a_run_records_copy_equals_a_deep_copy_and_shares_nothing_mutable():
    record = _run()
    copied = record.copy()
    assert copied == copy.deepcopy(record)
    assert _shared_mutables(record, copied) == []
