"""Working hours of several shifts and night shifts: a lunch break, a short Friday, a support night.

Every window, routing choice and deadline reads a member's hours through `Member.spans`, so these
hold for all of them: a shift that ends the next morning counts on the day it starts (its holiday,
its day away), an hour across a daylight-saving change is an hour, and no minute counts twice.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_hours import local, ms

from baton.core.deadlines import send_answer_by as answer_by
from baton.core.errors import InvalidValue
from baton.core.hours import Away, Member, WorkingHours
from baton.core.windows import Window

HOUR = 3_600_000


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("mon-fri 09:00-12:00, 13:00-17:00", "mon-fri 09:00-12:00, 13:00-17:00"),
        ("Mon-Thu 09:00-17:00; Fri 09:00-13:00", "mon-thu 09:00-17:00, fri 09:00-13:00"),
        ("sun-thu 22:00-06:00", "sun-thu 22:00-06:00"),
        ("sat, sun 10:00-14:00", "sat-sun 10:00-14:00"),
        ("mon-fri 09:00-24:00", "mon-fri 09:00-24:00"),
    ],
)
def test_several_shifts_and_night_shifts_read_and_print_the_same(text, shown):
    hours = WorkingHours.parse(text)
    assert str(hours) == shown and WorkingHours.parse(shown) == hours


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("mon-fri 17:00-09:00", "did you mean 09:00-17:00?"),
        ("mon-fri 09:00-17:00, 12:00-13:00", "mon-fri 09:00-17:00 and mon-fri 12:00-13:00 overlap"),
        ("sun 22:00-06:00, mon 05:00-09:00", "sun 22:00-06:00 and mon 05:00-09:00 overlap"),
        ("sat 20:00-04:00, sun 03:00-05:00", "overlap"),
        ("09:00-17:00", "say the days first"),
        ("mon 09:00-09:00", "has no length"),
        ("mon-fri 09:00-12:00,, 13:00-17:00", "are not like"),
    ],
)
def test_shifts_that_cannot_be_meant_are_refused_saying_why(text, said):
    with pytest.raises(InvalidValue) as refused:
        WorkingHours.parse(text)
    assert said in str(refused.value)


def test_a_lunch_break_does_not_count_toward_a_working_hours_window():
    ben = Member("ben", tz="Europe/Berlin", hours=WorkingHours.parse("mon-fri 09:00-12:00, 13:00-17:00"))
    sent = ms("2026-03-23 11:00", "Europe/Berlin")  # Monday: 1 h before lunch, 4 h after, 3 h on Tuesday
    assert local(answer_by(sent, Window(8, working=True), ben), "Europe/Berlin") == "Tue 2026-03-24 12:00"
    assert not ben.working_at(ms("2026-03-23 12:30", "Europe/Berlin"))
    assert ben.next_start(ms("2026-03-23 12:30", "Europe/Berlin")) == ms("2026-03-23 13:00", "Europe/Berlin")


def test_a_night_shift_counts_past_midnight_and_on_the_day_it_starts():
    lena = Member("lena", tz="Asia/Singapore", hours=WorkingHours.parse("sun-thu 22:00-06:00"))
    assert lena.working_at(ms("2026-03-26 05:00", "Asia/Singapore"))  # Thursday morning: Wednesday's shift
    assert lena.working_at(ms("2026-03-26 23:00", "Asia/Singapore"))  # Thursday's shift
    assert lena.working_at(ms("2026-03-27 05:59", "Asia/Singapore"))  # still Thursday's, on Friday morning
    assert not lena.working_at(ms("2026-03-27 23:00", "Asia/Singapore"))  # no shift starts on Friday
    sent = ms("2026-03-27 12:00", "Asia/Singapore")  # Friday noon: the next shift starts Sunday 22:00
    assert local(answer_by(sent, Window(8, working=True), lena), "Asia/Singapore") == "Mon 2026-03-30 06:00"
    assert local(answer_by(sent, Window(10, working=True), lena), "Asia/Singapore") == "Tue 2026-03-31 00:00"
    away = Member("lena", tz="Asia/Singapore", hours=lena.hours, away=(Away(date(2026, 3, 29), date(2026, 3, 29)),))
    assert local(answer_by(sent, Window(2, working=True), away), "Asia/Singapore") == "Tue 2026-03-31 00:00"


def test_a_night_shift_across_the_clocks_going_forward_is_one_hour_shorter():
    nils = Member("nils", tz="Europe/Berlin", hours=WorkingHours.parse("sat 22:00-06:00"))
    start, end = ms("2026-03-28 21:00", "Europe/Berlin"), ms("2026-03-29 12:00", "Europe/Berlin")
    assert nils.working_ms_between(start, end) == 7 * HOUR  # 02:00 became 03:00


shifts = st.lists(
    st.tuples(
        st.sets(st.integers(0, 6), min_size=1).map(
            lambda days: ",".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun")[d] for d in sorted(days))
        ),
        st.integers(0, 23),
        st.one_of(st.integers(1, 14), st.none()),  # None: worked to the end of the day, `24:00`
    ),
    min_size=1,
    max_size=3,
)


def _end(start: int, length: int | None) -> str:
    return "24:00" if length is None else f"{(start + length) % 24:02d}:00"


@given(shifts, st.integers(0, 14 * 24), st.integers(1, 80))
def test_working_time_added_is_working_time_counted(parts, offset_hours, hours):
    """Also across a shift worked to `24:00`: its last moment counts, and it meets the next day's shift."""
    text = ", ".join(f"{days} {start:02d}:00-{_end(start, length)}" for days, start, length in parts)
    try:
        schedule = WorkingHours.parse(text)
    except InvalidValue:
        return  # overlapping shifts: refused, as tested above
    member = Member("mo", tz="America/New_York", hours=schedule)
    begin = ms("2026-03-01 00:00", "America/New_York") + offset_hours * HOUR
    due = member.add_working(begin, hours * HOUR)
    assert due is not None and member.working_ms_between(begin, due) == hours * HOUR
    spans = []
    for span in member.spans_from(begin):
        spans.append(span)
        if len(spans) > 40:
            break
    assert all(a[1] <= b[0] and a[0] < a[1] for a, b in zip(spans, spans[1:])), spans
    assert [s for s in spans if s[0] < begin] == []
    assert all(end % 60_000 == 0 for _, end in spans), spans  # a 24:00 end is midnight, not 23:59:59.999


def test_a_night_shift_and_a_lunch_break_are_set_and_shown_by_the_command_line(tmp_path):
    from cli_support import baton

    shared = tmp_path / "shared"
    shared.mkdir()
    home = tmp_path / "ana"
    assert baton(home, "init", "--user", "ana", "--role", "lead", "--sync-dir", str(shared)).exit_code == 0
    night = baton(home, "team", "set", "ana", "--hours", "Sun-Thu 22:00-06:00")
    assert night.exit_code == 0 and "hours sun-thu 22:00-06:00" in night.stdout
    split = baton(home, "team", "set", "ana", "--hours", "mon-fri 09:00-12:00, 13:00-17:00")
    assert split.exit_code == 0 and "hours mon-fri 09:00-12:00, 13:00-17:00" in baton(home, "team").stdout
    slip = baton(home, "team", "set", "ana", "--hours", "mon-fri 17:00-09:00")
    assert slip.exit_code == 1 and "did you mean 09:00-17:00?" in slip.stderr
    assert "hours mon-fri 09:00-12:00, 13:00-17:00" in baton(home, "team").stdout  # the slip changed nothing
