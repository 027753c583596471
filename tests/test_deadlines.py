"""The acceptance deadline and ISO times: one formula, the same from Python and from SQLite."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from baton.core.deadlines import answer_by, answer_by_sql, row_answer_by, waiting_answer_by, waiting_answer_by_sql
from baton.core.times import HOUR, iso, iso_sql

moments = st.integers(min_value=0, max_value=4_102_444_800_000)  # 1970 .. 2100
windows = st.floats(min_value=0.01, max_value=24 * 365, allow_nan=False, allow_infinity=False)


def test_a_day_window_is_due_a_day_after_the_send() -> None:
    assert answer_by(1_000, 24) == 1_000 + 24 * HOUR
    assert answer_by(0, 1.5) == 90 * 60 * 1000


@given(
    moments,
    windows,
    st.sampled_from(["draft", "sent", "returned", "accepted", "cancelled"]),
    st.one_of(st.none(), moments),
)
def test_sql_and_python_give_the_same_deadline(sent_at: int, hours: float, status: str, recorded: int | None) -> None:
    """`recorded` is the deadline a send wrote down (a working-hours window); without one, the wall clock counts."""
    conn = sqlite3.connect(":memory:")
    row = conn.execute(
        f"SELECT {answer_by_sql('s', 'h', 'r')}, {waiting_answer_by_sql('st', 's', 'h', 'r')} "
        "FROM (SELECT ? AS s, ? AS h, ? AS st, ? AS r)",
        (sent_at, hours, status, recorded),
    ).fetchone()
    assert row[0] == (answer_by(sent_at, hours) if recorded is None else recorded)
    assert row[1] == waiting_answer_by(status, sent_at, hours, recorded)
    assert row[1] == row_answer_by(
        {"status": status, "sent_at": sent_at, "accept_within_hours": hours, "answer_by": recorded}
    )


def test_no_deadline_unless_sent() -> None:
    assert waiting_answer_by("sent", None, 24) is None
    assert waiting_answer_by("draft", 5, 24) is None
    assert waiting_answer_by("sent", 5, 24) == 5 + 24 * HOUR


@given(st.one_of(st.none(), moments))
def test_sql_and_python_write_the_same_iso_time(ms: int | None) -> None:
    conn = sqlite3.connect(":memory:")
    assert conn.execute(f"SELECT {iso_sql('ms')} FROM (SELECT ? AS ms)", (ms,)).fetchone()[0] == iso(ms)


def test_iso_is_utc_to_the_second() -> None:
    assert iso(1_763_733_900_123) == "2025-11-21T14:05:00Z"
    assert iso(None) is None
