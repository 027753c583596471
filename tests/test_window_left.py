"""How long is left to answer, or how late: one way of saying it, read as a person reads a window."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baton.core.deadlines import window_left
from baton.core.times import DAY, HOUR, MINUTE, SECOND
from baton.core.timezones import format_age


@pytest.mark.parametrize(
    ("left", "said"),
    [
        (24 * HOUR, "within 24h"),  # a 24h window just sent says its full length
        (24 * HOUR - SECOND, "within 24h"),  # a second later, still
        (23 * HOUR + 59 * MINUTE, "within 24h"),
        (23 * HOUR + 20 * MINUTE, "within 23h"),
        (6 * HOUR, "within 6h"),
        (5 * HOUR + 59 * MINUTE, "within 5h 59m"),  # under a few hours the minutes count
        (2 * HOUR + 15 * MINUTE, "within 2h 15m"),
        (2 * HOUR, "within 2h"),
        (59 * MINUTE, "within 59m"),
        (59 * MINUTE + SECOND, "within 1h"),
        (SECOND, "within 1m"),  # its last seconds are not "within 0m"
        (0, "due now"),
        (-SECOND, "1m late"),  # any lateness is said, never "0m late"
        (-MINUTE, "1m late"),
        (-MINUTE - 30 * SECOND, "1m late"),
        (-(2 * HOUR + 15 * MINUTE), "2h 15m late"),
        (-30 * HOUR, "30h late"),
        (-(30 * HOUR + 59 * MINUTE), "30h late"),  # lateness rounds down, as age does
        (-3 * DAY, "3d late"),
        (-(3 * DAY + 20 * HOUR), "3d late"),
        (72 * HOUR, "within 3d"),
    ],
)
def test_the_edges_of_a_window(left, said):
    assert window_left(left) == said


def minutes_said(text: str) -> int:
    parts = dict((unit, int(n)) for n, unit in re.findall(r"(\d+)([dhm])", text))
    return parts.get("d", 0) * 24 * 60 + parts.get("h", 0) * 60 + parts.get("m", 0)


@given(st.integers(min_value=-400 * DAY, max_value=400 * DAY))
def test_late_only_when_the_deadline_has_passed_and_close_to_the_truth(left):
    said = window_left(left)
    assert said.endswith(" late") == (left < 0)
    assert said.startswith("within ") == (left > 0)
    if left == 0:
        return
    true = abs(left) / MINUTE
    off = abs(minutes_said(said) - true)
    if abs(left) < 6 * HOUR - MINUTE:  # hours and minutes: never more than a minute out
        assert off <= 1
        assert minutes_said(said) >= 1
        if left > 0:
            assert minutes_said(said) >= true  # time left is never said shorter than it is
    elif left < 0:
        assert minutes_said(said) <= true  # lateness rounds down: never said longer than it is
        assert off < (60 if abs(left) < 48 * HOUR else 24 * 60)
    elif abs(left) < 47 * HOUR:
        assert off <= 31
    else:
        assert off <= 12 * 60 + 31


@given(st.integers(min_value=1, max_value=400 * DAY), st.integers(min_value=1, max_value=DAY))
def test_more_time_left_never_reads_as_less(left, more):
    assert minutes_said(window_left(left + more)) >= minutes_said(window_left(left))


@given(st.integers(min_value=0, max_value=400 * DAY), st.integers(min_value=1, max_value=400 * DAY))
def test_a_handoff_is_never_later_than_it_is_old(since_sent, late):
    """`baton list` said "2d" old and "answer 3d late": age rounded down, lateness to the nearest day."""
    age, said = format_age(since_sent + late), window_left(-late)
    if late >= 6 * HOUR:  # in the same units, rounded the same way
        assert minutes_said(said) <= minutes_said(age)
    assert said.endswith(" late")
    if late >= 6 * HOUR and late // DAY == (since_sent + late) // DAY and late >= 2 * DAY:
        assert said == f"{age} late"
