"""Working hours, holidays, days away and acceptance windows, across zones and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baton.core.deadlines import send_answer_by as answer_by
from baton.core.errors import InvalidValue
from baton.core.hours import DEFAULT_HOURS, Away, Member, WorkingHours, check_region
from baton.core.template import parse_template
from baton.core.windows import Window

HOUR = 3_600_000


def ms(text: str, tz: str) -> int:
    """Local wall time `2026-03-27 16:00` in `tz` as UTC milliseconds."""
    return int(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).timestamp() * 1000)


def local(moment: int, tz: str) -> str:
    return datetime.fromtimestamp(moment / 1000, tz=UTC).astimezone(ZoneInfo(tz)).strftime("%a %Y-%m-%d %H:%M")


def test_hours_parse_and_print() -> None:
    assert str(DEFAULT_HOURS) == "mon-fri 09:00-17:00"
    assert str(WorkingHours.parse("Mon-Fri 09:00-17:30")) == "mon-fri 09:00-17:30"
    assert str(WorkingHours.parse("mon,wed,fri 08:00-12:00")) == "mon,wed,fri 08:00-12:00"
    assert WorkingHours.parse("sun-thu 09:00-17:00").days == frozenset({6, 0, 1, 2, 3})


@pytest.mark.parametrize("bad", ["", "weekdays", "mon-fri 17:00-09:00", "mon-fry 09:00-17:00", "mon 25:00-26:00"])
def test_hours_refuse_nonsense(bad: str) -> None:
    with pytest.raises(InvalidValue):
        WorkingHours.parse(bad)


def test_windows_parse() -> None:
    assert Window.parse("24h") == Window(24)
    assert Window.parse("2d") == Window(48)
    assert Window.parse("8 working hours") == Window(8, working=True)
    assert str(Window.parse("8 Working Hours")) == "8 working hours"
    for bad in ("soon", "0h", "2 working days"):
        with pytest.raises(InvalidValue):
            Window.parse(bad)


def test_template_window_and_old_field() -> None:
    base = {
        "id": "a-to-b",
        "version": 1,
        "title": "A to B",
        "from_stage": "a",
        "to_stage": "b",
        "trigger": "done",
        "items": [{"id": "x", "text": "Thing", "why": "Because"}],
    }
    assert parse_template(base, "t").window == Window(24)
    assert parse_template({**base, "accept_within_hours": 36}, "t").window == Window(36)
    working = parse_template({**base, "accept_within": "8 working hours"}, "t")
    assert working.window == Window(8, working=True)
    assert working.accept_within_hours == 8
    with pytest.raises(Exception, match="acceptance window"):
        parse_template({**base, "accept_within": "whenever"}, "t")


BERLIN = Member("priya", tz="Europe/Berlin")
NEW_YORK = Member("ben", tz="America/New_York")


def test_working_window_skips_the_night_and_weekend() -> None:
    sent = ms("2026-11-27 16:00", "Europe/Berlin")  # a Friday
    due = answer_by(sent, Window(8, working=True), BERLIN)
    assert local(due, "Europe/Berlin") == "Mon 2026-11-30 16:00"


def test_working_window_across_spring_forward() -> None:
    """Berlin moves to summer time on Sunday 29 March 2026: 16:00 on Monday is an hour earlier in UTC."""
    sent = ms("2026-03-27 16:00", "Europe/Berlin")
    due = answer_by(sent, Window(8, working=True), BERLIN)
    assert local(due, "Europe/Berlin") == "Mon 2026-03-30 16:00"
    assert due - sent == (2 * 24 + 24 - 1) * HOUR  # 72 hours on the wall, 71 real


def test_working_window_across_fall_back() -> None:
    sent = ms("2026-10-23 16:00", "Europe/Berlin")
    due = answer_by(sent, Window(8, working=True), BERLIN)
    assert local(due, "Europe/Berlin") == "Mon 2026-10-26 16:00"
    assert due - sent == (72 + 1) * HOUR


def test_wall_window_across_both_changes_is_real_time() -> None:
    for start, shown in (("2026-03-07 12:00", "Sun 2026-03-08 13:00"), ("2026-10-31 12:00", "Sun 2026-11-01 11:00")):
        sent = ms(start, "America/New_York")
        due = answer_by(sent, Window(24), NEW_YORK)
        assert due - sent == 24 * HOUR
        assert local(due, "America/New_York") == shown


def test_holidays_and_days_away_do_not_count() -> None:
    region = check_region("de-be")
    assert region == "DE-BE"
    member = Member("priya", tz="Europe/Berlin", holidays=region)
    sent = ms("2025-12-31 16:00", "Europe/Berlin")  # 1 January is a holiday
    assert local(answer_by(sent, Window(8, working=True), member), "Europe/Berlin") == "Fri 2026-01-02 16:00"
    away = Member("priya", tz="Europe/Berlin", away=(Away(date(2026, 11, 30), date(2026, 12, 1), "conference"),))
    sent = ms("2026-11-27 16:00", "Europe/Berlin")
    assert local(answer_by(sent, Window(8, working=True), away), "Europe/Berlin") == "Wed 2026-12-02 16:00"
    assert not away.works_on(date(2026, 11, 30))


def test_unknown_region_is_refused() -> None:
    with pytest.raises(InvalidValue):
        check_region("XX")
    with pytest.raises(InvalidValue):
        check_region("DE-ZZ")


def test_next_start_and_working_now() -> None:
    saturday = ms("2026-11-28 10:00", "Europe/Berlin")
    assert not BERLIN.working_at(saturday)
    assert local(BERLIN.next_start(saturday) or 0, "Europe/Berlin") == "Mon 2026-11-30 09:00"
    monday = ms("2026-11-30 10:00", "Europe/Berlin")
    assert BERLIN.working_at(monday)


def test_no_working_time_falls_back_to_the_wall_clock() -> None:
    gone = Member("ana", away=(Away(date(2026, 1, 1), date(2030, 1, 1)),))
    sent = ms("2026-02-02 10:00", "UTC")
    assert answer_by(sent, Window(8, working=True), gone) == sent + 8 * HOUR
    assert answer_by(sent, Window(8, working=True), None) == sent + 8 * HOUR


@given(
    start=st.integers(ms("2026-01-01 00:00", "UTC"), ms("2027-01-01 00:00", "UTC")),
    hours=st.integers(1, 60),
    tz=st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]),
)
def test_working_window_holds_exactly_that_much_working_time(start: int, hours: int, tz: str) -> None:
    member = Member("x", tz=tz)
    due = answer_by(start, Window(hours, working=True), member)
    assert member.working_ms_between(start, due) == hours * HOUR
    assert member.working_at(due - 1)
