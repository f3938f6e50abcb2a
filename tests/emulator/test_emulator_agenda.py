"""The scheduler's agenda: earliest first, ties in first-added order, moves and drops."""

from datetime import datetime, timedelta, timezone

from pulumi_qoder.emulator.api.agenda import Agenda

T0 = datetime(2026, 6, 14, 8, 58, 1, tzinfo=timezone.utc)


def drain(agenda: Agenda[str]) -> list[str]:
    order = []
    while (first := agenda.earliest()) is not None:
        order.append(first[1])
        agenda.discard(first[1])
    return order


def test_earliest_comes_first_and_ties_keep_the_order_added():
    agenda: Agenda[str] = Agenda()
    agenda.set("late", T0 + timedelta(seconds=5))
    agenda.set("b", T0)
    agenda.set("a", T0)
    assert drain(agenda) == ["b", "a", "late"]


def test_moving_a_key_keeps_its_place_among_ties():
    agenda: Agenda[str] = Agenda()
    agenda.set("first", T0 + timedelta(seconds=9))
    agenda.set("second", T0)
    agenda.set("first", T0)  # moved: still added before "second"
    assert drain(agenda) == ["first", "second"]


def test_a_dropped_key_never_surfaces_and_can_come_back_last():
    agenda: Agenda[str] = Agenda()
    for key in ("x", "y", "z"):
        agenda.set(key, T0)
    agenda.discard("x")
    agenda.set("x", T0)
    assert drain(agenda) == ["y", "z", "x"]


def test_stale_entries_are_swept_out():
    agenda: Agenda[str] = Agenda()
    for step in range(10_000):
        agenda.set("one", T0 + timedelta(seconds=step))
    assert len(agenda) == 1 and len(agenda._heap) < 200
    assert agenda.earliest() == (T0 + timedelta(seconds=9_999), "one")
