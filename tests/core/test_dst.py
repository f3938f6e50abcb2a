"""DST notices for a schedule: computed locally, naming the dates and what the API does."""

from datetime import date, datetime, time, timezone

from pulumi_qoder.core.schedule.dst import DstNotice, dst_notices, dst_warning

NOW = datetime(2026, 12, 3, tzinfo=timezone.utc)


def test_a_time_in_the_skipped_and_repeated_hours_gets_both_dates():
    assert dst_notices("30 2 * * *", "Europe/Berlin", NOW) == [
        DstNotice(date(2027, 3, 28), "skipped", (time(2, 30),)),
        DstNotice(date(2027, 10, 31), "repeated", (time(2, 30),)),
    ]


def test_a_time_outside_the_changing_hour_has_no_notice():
    assert dst_notices("30 9 * * *", "Europe/Berlin", NOW) == []
    assert dst_warning("30 9 * * *", "Europe/Berlin", NOW) is None


def test_a_zone_without_dst_has_no_notice():
    assert dst_notices("30 2 * * *", "Asia/Shanghai", NOW) == []


def test_a_schedule_not_firing_on_the_change_day_has_no_notice():
    assert dst_notices("30 2 * * 1", "Europe/Berlin", NOW) == []  # both changes are Sundays


def test_the_warning_names_the_dates_and_says_what_is_inferred():
    warning = dst_warning("30 2 * * *", "Europe/Berlin", NOW)
    assert "2027-03-28 has no 02:30" in warning
    assert "2027-10-31 has 02:30 twice" in warning
    assert "inferred" in warning


def test_an_every_minute_schedule_summarises_the_hour():
    warning = dst_warning("* * * * *", "America/New_York", NOW)
    assert "02:00, 02:01, 02:02 and 57 more times" in warning
    assert "01:00, 01:01, 01:02 and 57 more times twice" in warning
