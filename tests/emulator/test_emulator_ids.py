"""Ids are the prefix plus a dash-less UUIDv7 minted from the emulator clock (CONTRACT §1.3)."""

import uuid
from datetime import datetime, timezone

from pulumi_qoder.emulator.api.ids import IdSequence, id_time

AT = datetime(2026, 6, 14, 8, 58, 1, 448000, tzinfo=timezone.utc)


def test_id_is_a_uuid7_carrying_its_creation_time():
    dep_id = IdSequence().new("dep", AT)
    parsed = uuid.UUID(hex=dep_id.removeprefix("dep_"))
    assert dep_id.startswith("dep_019ec55a2b68")  # as the docs' example id at this instant
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert id_time(dep_id) == AT


def test_ids_minted_in_one_millisecond_still_sort_in_order():
    sequence = IdSequence()
    ids = [sequence.new("drun", AT) for _ in range(5000)]
    assert ids == sorted(ids) and len(set(ids)) == 5000


def test_sequence_resumes_after_a_stored_id():
    stored = IdSequence().new("dep", AT)
    resumed = IdSequence()
    resumed.resume_after(stored)
    assert resumed.new("dep", AT) > stored
