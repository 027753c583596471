"""Due dates as people say them (`tomorrow`, `fri`, `2w`...) become the day they mean in the sender's calendar,
and the handoff keeps that day: nothing relative is ever stored, so every reader sees the same date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import Team
from hypothesis import given
from hypothesis import strategies as st
from test_cli import ok, refused

from baton.core.due_words import WEEKDAYS, resolve_due
from baton.core.errors import InvalidValue

MONDAY_NOON = int(datetime(2026, 11, 30, 12, 0, tzinfo=UTC).timestamp() * 1000)  # a Monday


@pytest.mark.parametrize(
    ("word", "day"),
    [
        ("today", "2026-11-30"),
        ("Tomorrow", "2026-12-01"),
        ("fri", "2026-12-04"),
        ("monday", "2026-12-07"),  # the next Monday: never today
        ("3d", "2026-12-03"),
        ("+10d", "2026-12-10"),
        ("in 2 weeks", "2026-12-14"),
        ("2w", "2026-12-14"),
        ("next  week", "2026-12-07"),
        ("eow", "2026-12-04"),
        ("eom", "2026-11-30"),
        ("2026-12-24", "2026-12-24"),
    ],
)
def test_a_word_names_the_day_it_means(word: str, day: str) -> None:
    assert resolve_due(word, MONDAY_NOON, "UTC") == day


def test_the_day_is_counted_in_the_senders_zone() -> None:
    late_monday = int(datetime(2026, 11, 30, 23, 30, tzinfo=UTC).timestamp() * 1000)
    assert resolve_due("today", late_monday, "UTC") == "2026-11-30"
    assert resolve_due("today", late_monday, "Asia/Tokyo") == "2026-12-01"  # already Tuesday there
    assert resolve_due("tomorrow", late_monday, "America/New_York") == "2026-12-01"


def test_what_is_no_word_is_left_for_the_rule_to_judge() -> None:
    for text in ("banana", "yesterday", "2026-02-30", "", "fr", "999999d", "next friday"):
        assert resolve_due(text, MONDAY_NOON, "UTC") == text
    assert resolve_due(None, MONDAY_NOON, "UTC") is None


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31)),
    st.sampled_from(["today", "tomorrow", "eow", "eom", "5d", "1w", *WEEKDAYS, *(w[:3] for w in WEEKDAYS)]),
)
def test_a_word_never_names_a_day_already_over(moment: datetime, word: str) -> None:
    now = int(moment.replace(tzinfo=UTC).timestamp() * 1000)
    day = date.fromisoformat(str(resolve_due(word, now, "UTC")))
    today = moment.date()
    assert today <= day <= today + timedelta(days=31)
    if word in WEEKDAYS or word in {w[:3] for w in WEEKDAYS}:
        assert day != today and WEEKDAYS[day.weekday()].startswith(word)


def test_a_handoff_keeps_the_day_the_word_meant(team: Team) -> None:
    team.wall.now = MONDAY_NOON
    handoff = team["ana"].create("relay", "Acme deal", "ben", due="fri")
    assert team.store.state(handoff).due == "2026-12-04"


def test_a_word_that_names_no_day_is_refused_with_the_words_that_do(team: Team) -> None:
    with pytest.raises(InvalidValue, match=r"due date 'someday' is not a day: use YYYY-MM-DD, today, tomorrow"):
        team["ana"].create("relay", "Acme deal", "ben", due="someday")
    assert team.store.conn.execute("SELECT count(*) FROM handoffs").fetchone()[0] == 0


def test_new_takes_tomorrow_and_refuses_nonsense_in_one_line(cli_team) -> None:
    ok(cli_team, "ana", "new", "relay", "--title", "Acme deal", "--to", "ben", "--due", "tomorrow")
    refused(cli_team, "ana", 1, "new", "relay", "--title", "Acme deal", "--to", "ben", "--due", "whenever", match="fri")
