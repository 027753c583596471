"""A due date is taken only in a form baton understands exactly, and the day chosen is said back: `next friday`
(this Friday, or the one after?) is refused with the forms that are taken, and `fri` answers `due Fri 2026-12-04`,
on the command line and above the app's due field as it is typed."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from cli_support import baton
from conftest import write_relay
from test_app_support import FrozenClock, settle, team
from textual.widgets import Input

from baton.core.due_words import WORDS_HINT, chosen_due, resolve_due
from baton.tui.app import BatonApp

WEDNESDAY = int(datetime(2026, 12, 2, 12, 0, tzinfo=UTC).timestamp() * 1000)


def test_next_and_a_weekday_is_no_form_it_is_left_for_the_rule_to_refuse():
    for text in ("next friday", "next fri", "next monday"):
        assert resolve_due(text, WEDNESDAY, "UTC") == text
    assert resolve_due("friday", WEDNESDAY, "UTC") == "2026-12-04"
    assert resolve_due("next week", WEDNESDAY, "UTC") == "2026-12-09"


def test_the_day_chosen_is_said_with_its_weekday():
    assert chosen_due("fri", WEDNESDAY, "UTC") == "due Fri 2026-12-04"
    assert chosen_due("2026-12-24", WEDNESDAY, "UTC") == "due Thu 2026-12-24"
    assert chosen_due("next friday", WEDNESDAY, "UTC") is None and chosen_due("2026-02-30", WEDNESDAY, "UTC") is None


def _home(home):
    assert baton(home, "init", "--user", "ana").exit_code == 0
    write_relay(home / "checklists")
    return home


def test_new_refuses_next_friday_in_one_line_listing_the_forms(home):
    _home(home)
    result = baton(home, "new", "relay", "--title", "Acme deal", "--to", "ben", "--due", "next friday")
    assert result.exit_code != 0 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line == f"baton: due date 'next friday' is not a day: use {WORDS_HINT}"
    assert "next week" in WORDS_HINT and "in 3 days" in WORDS_HINT


def test_new_says_the_due_date_it_chose(home):
    _home(home)
    result = baton(home, "new", "relay", "--title", "Acme deal", "--to", "ben", "--due", "fri")
    assert result.exit_code == 0 and len(result.stdout.split()) == 1  # stdout is the id alone, for scripts
    assert re.search(r"^due Fri \d{4}-\d{2}-\d{2}$", result.stderr, re.MULTILINE), result.stderr
    without = baton(home, "new", "relay", "--title", "Acme deal", "--to", "ben")
    assert "due " not in without.stderr


async def test_the_app_says_the_day_above_the_due_field(tmp_path):
    clock = FrozenClock(WEDNESDAY)
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        label = app.screen.query_one("#due-label")
        app.screen.query_one("#due", Input).value = "fri"
        await pilot.pause()
        assert str(label.render()) == "due Fri 2026-12-04"
        app.screen.query_one("#due", Input).value = "next friday"
        await pilot.pause()
        assert str(label.render()) == "Due date (optional)"
