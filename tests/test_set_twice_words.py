"""Setting the value an item already holds writes nothing, and says so once: a value that still blocks
sending is named as blocking, never as saved, so the two lines never contradict each other."""

from __future__ import annotations

from cli_support import baton, started


def test_a_blocking_value_set_twice_is_not_called_saved(home):
    handoff = started(home)
    first = baton(home, "set", handoff, "seats", "0")
    assert first.exit_code == 0 and "saved, but it blocks sending" in first.stderr
    again = baton(home, "set", handoff, "seats", "0")
    assert again.exit_code == 0 and "nothing written" in again.stdout
    assert "saved" not in again.stderr
    assert "it still blocks sending: Seats sold: below the minimum of 1" in again.stderr


def test_a_blocking_check_set_twice_is_not_called_saved(home):
    handoff = started(home)
    baton(home, "set", handoff, "summary", "too short")
    again = baton(home, "set", handoff, "summary", "too short")
    assert "nothing written" in again.stdout and "saved" not in again.stderr
    assert "it still blocks sending" in again.stderr
