"""`24:00` as the end of working hours: the end of the day, kept and shown as typed.

It used to be kept as 23:59:59.999, so a day worked to midnight lost its last moment in every window,
deadline and routing choice (all read hours through `Member.spans`), and a week of `00:00-24:00` had a
gap between one day and the next.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_hours import local, ms

from baton.core.deadlines import send_answer_by as answer_by
from baton.core.errors import InvalidValue
from baton.core.hours import Member, WorkingHours
from baton.core.windows import Window

HOUR = 3_600_000
ALWAYS = WorkingHours.parse("mon-sun 00:00-24:00")


@pytest.mark.parametrize("text", ["mon-sun 00:00-24:00", "fri 18:00-24:00", "mon-fri 09:00-12:00, 20:00-24:00"])
def test_24_00_is_kept_and_shown_as_24_00(text):
    hours = WorkingHours.parse(text)
    assert str(hours) == text and WorkingHours.parse(str(hours)) == hours


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("mon 24:00-06:00", "24:00 ends a day; a shift from midnight starts at 00:00"),
        ("mon 09:00-24:30", "24:30 is not a time of day"),
        ("mon 09:00-25:00", "25:00 is not a time of day"),
        ("mon 09:00-00:00", "did you mean 09:00-24:00?"),  # 15 hours into Tuesday: a day worked to midnight
        ("mon 22:00-24:00, tue 00:00-02:00, mon 23:00-24:00", "overlap"),
    ],
)
def test_24_00_only_ends_a_shift_and_the_old_refusals_hold(text, said):
    with pytest.raises(InvalidValue) as refused:
        WorkingHours.parse(text)
    assert said in str(refused.value)


def test_a_day_worked_to_midnight_ends_at_the_next_midnight_in_their_zone():
    sam = Member("sam", tz="Europe/Berlin", hours=WorkingHours.parse("fri 18:00-24:00"))
    [(start, end)] = sam.spans(date(2026, 3, 27))
    assert (local(start, "Europe/Berlin"), local(end, "Europe/Berlin")) == (
        "Fri 2026-03-27 18:00",
        "Sat 2026-03-28 00:00",
    )
    assert sam.working_at(end - 1) and not sam.working_at(end)
    sent = ms("2026-03-27 23:00", "Europe/Berlin")
    assert local(answer_by(sent, Window(1, working=True), sam), "Europe/Berlin") == "Sat 2026-03-28 00:00"


def test_a_night_shift_to_a_24_00_end_and_a_shift_from_00_00_meet_without_a_gap():
    ida = Member("ida", tz="Asia/Singapore", hours=WorkingHours.parse("mon 22:00-24:00, tue 00:00-02:00"))
    begin = ms("2026-03-23 21:00", "Asia/Singapore")
    assert ida.working_ms_between(begin, begin + 6 * HOUR) == 4 * HOUR
    assert ida.working_at(ms("2026-03-24 00:00", "Asia/Singapore"))
    assert local(ida.add_working(begin, 3 * HOUR), "Asia/Singapore") == "Tue 2026-03-24 01:00"


def test_a_full_day_on_the_day_the_clocks_go_forward_is_23_hours():
    ben = Member("ben", tz="Europe/Berlin", hours=ALWAYS)
    [(start, end)] = ben.spans(date(2026, 3, 29))
    assert end - start == 23 * HOUR


@given(
    st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"]),
    st.integers(0, 400 * 24 * 60),
    st.integers(1, 90 * 24 * 60),
)
def test_someone_who_always_works_counts_every_moment(tz, offset_minutes, minutes):
    """`mon-sun 00:00-24:00`: working time between two moments is all of it, across every midnight and every
    daylight-saving change, and working time added lands exactly that far on."""
    always = Member("al", tz=tz, hours=ALWAYS)
    begin = ms("2026-01-01 00:00", "UTC") + offset_minutes * 60_000 + 17
    span = minutes * 60_000
    assert always.working_at(begin) and always.working_at(begin + span)
    assert always.working_ms_between(begin, begin + span) == span
    assert always.add_working(begin, span) == begin + span


def test_team_set_keeps_24_00_and_refuses_it_as_a_start_in_one_line(tmp_path):
    from cli_support import baton

    shared = tmp_path / "shared"
    shared.mkdir()
    home = tmp_path / "ana"
    assert baton(home, "init", "--user", "ana", "--role", "lead", "--sync-dir", str(shared)).exit_code == 0
    late = baton(home, "team", "set", "ana", "--hours", "mon-fri 09:00-12:00, 20:00-24:00")
    assert late.exit_code == 0 and "hours mon-fri 09:00-12:00, 20:00-24:00" in late.stdout
    assert "hours mon-fri 09:00-12:00, 20:00-24:00" in baton(home, "team").stdout
    wrong = baton(home, "team", "set", "ana", "--hours", "mon 24:00-06:00")
    assert wrong.exit_code == 1
    assert (
        wrong.stderr
        == "baton: working hours 'mon 24:00-06:00': 24:00 ends a day; a shift from midnight starts at 00:00\n"
    )
    assert "hours mon-fri 09:00-12:00, 20:00-24:00" in baton(home, "team").stdout  # nothing changed
