"""Altered API answers (a newer API than the emulator's) through both front ends over gRPC:
each case is read as sent or fails naming the field; nothing is lost, nothing is a traceback."""

from __future__ import annotations

import httpx
import pytest
from pulumi.runtime.proto import provider_pb2

from tests.dynamic.host import HostError
from tests.support.parity import PROGRAM

READS = "*/deployments/dep_*"


def alter(served, **rule) -> None:
    rule.setdefault("path", READS)
    rule.setdefault("method", "GET")
    httpx.post(f"{served.root_url}/_emulator/faults", json=rule, timeout=10).raise_for_status()


def clear_faults(served) -> None:
    httpx.delete(f"{served.root_url}/_emulator/faults", timeout=10).raise_for_status()


def live(api, id_):
    return api.get(f"/deployments/{id_}").json()


ALTERATIONS = {
    "unknown-type": {"alter": {"type": "deployment_v2"}},
    "new-nested-fields": {"alter": {"agent": {"label": "x"}, "budget": {"usd": 3.5, "caps": []}}},
    "nulls": {"alter": {"description": None, "paused_reason": None, "created_at": None}},
    "missing-fields": {"remove": ["updated_at", "vault_ids", "schedule.upcoming_runs_at"]},
    "whole-floats": {"alter": {"agent": {"version": 1.0},
                               "metadata": {"cas_config": {"config": {"max_retries": 1.0}}}}},
    "unknown-resource-kind": {"alter": {"resources": [{"type": "s3_bucket", "arn": "a"}]}},
    "unknown-event-type": {"alter": {"initial_events": [{"type": "user.voice", "url": "u"}]}},
}


@pytest.mark.parametrize("case", list(ALTERATIONS), ids=list(ALTERATIONS))
def test_an_altered_answer_is_read_by_both_front_ends(
    both, both_later, served_emulator, case  # noqa: F811
):
    for front, later in zip(both, both_later, strict=True):
        id_, outs, _ = front.up(PROGRAM)
        alter(served_emulator, **ALTERATIONS[case])
        try:
            got_id, got, _ = front.target.read(id_, outs)
        finally:
            clear_faults(served_emulator)
        assert got_id == id_, front.kind
        assert got["status"] == "active", front.kind
        later.target.delete(id_, outs)  # `destroy`, another run: the next front end starts anew


def test_an_unknown_status_is_recorded_and_shown_by_refresh(both, served_emulator):  # noqa: F811
    for front in both:
        id_, outs, _ = front.up(PROGRAM)
        alter(served_emulator, alter={"status": "suspended"})
        try:
            _, got, _ = front.target.read(id_, outs)
        finally:
            clear_faults(served_emulator)
        assert got["status"] == "suspended", front.kind


def test_an_unknown_status_is_drift_in_paused(both, served_emulator):  # noqa: F811
    for front in both:
        id_, outs, inputs = front.up(PROGRAM)
        response = front.target.diff(id_, {**outs, "status": "suspended"}, inputs)
        assert response.changes == provider_pb2.DiffResponse.DIFF_SOME, front.kind
        if front.kind == "native":
            assert list(response.diffs) == ["paused"]


def test_an_update_from_an_unknown_status_writes_nothing_and_names_it(
    both, served_emulator, api_http  # noqa: F811
):
    for front in both:
        id_, outs, inputs = front.up(PROGRAM)
        before = live(api_http, id_)
        with pytest.raises(HostError) as exc:
            front.update(id_, {**outs, "status": "suspended"}, inputs, {**PROGRAM, "paused": True})
        assert "status: 'suspended' is not a status this provider knows" in str(exc.value)
        assert "Traceback" not in str(exc.value)
        assert live(api_http, id_) == before, front.kind


def test_destroy_archives_a_deployment_in_an_unknown_status(
    both, both_later, served_emulator, api_http  # noqa: F811
):
    for front, later in zip(both, both_later, strict=True):
        id_, outs, _ = front.up(PROGRAM)
        alter(served_emulator, path="*", method="*", alter={"status": "suspended"})
        try:
            later.target.delete(id_, {**outs, "status": "suspended"})
        finally:
            clear_faults(served_emulator)
        assert live(api_http, id_)["archived_at"] is not None, front.kind


def test_a_response_without_an_id_fails_naming_it(both, served_emulator):  # noqa: F811
    for front in both:
        id_, outs, _ = front.up(PROGRAM)
        alter(served_emulator, remove=["id"])
        try:
            with pytest.raises(HostError) as exc:
                front.target.read(id_, outs)
        finally:
            clear_faults(served_emulator)
        assert "id" in str(exc.value) and "Traceback" not in str(exc.value), front.kind


NEXT_RUNS = ["2026-06-15T01:30:00Z", "2026-06-16T01:30:00Z"]


def test_a_null_inside_a_list_is_dropped_by_refresh_and_destroy(
    both, both_later, served_emulator, api_http  # noqa: F811
):
    for front, later in zip(both, both_later, strict=True):
        id_, outs, _ = front.up(PROGRAM)
        alter(served_emulator, path="*", method="*", alter={
            "schedule": {"upcoming_runs_at": [NEXT_RUNS[0], None, NEXT_RUNS[1], None]},
            "vault_ids": [None]})
        try:
            got_id, got, _ = later.target.read(id_, outs)
            later.target.delete(id_, got)
        finally:
            clear_faults(served_emulator)
        read = front._receive(got)
        assert got_id == id_, front.kind
        assert (read["upcoming_runs_at"], read["vault_ids"]) == (NEXT_RUNS, []), front.kind
        assert live(api_http, id_)["archived_at"] is not None, front.kind
