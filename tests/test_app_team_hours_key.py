"""The Team screen's "Stages, hours, days away…" button promised "(h)", but a lead's focus opens in the name to
invite, where h is typed into the name: the label no longer names a key that does not open it. The footer says
h wherever h opens the dialog."""

from __future__ import annotations

from test_app_footers import shown_keys
from test_app_support import eventually, settle
from textual.widgets import Button, Input

from baton.tui.app import BatonApp
from baton.tui.screens.member_hours import MemberHoursScreen
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team


async def test_h_in_the_name_field_is_a_letter_and_the_button_does_not_promise_it(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        screen = app.screen
        await eventually(pilot, lambda: screen.query_one("#member-hours").display)
        assert app.focused is screen.query_one("#invite-user", Input)
        assert "(h)" not in str(screen.query_one("#member-hours", Button).label)
        assert "Hours, days away" not in shown_keys(app)  # not offered while typing a name
        await pilot.press("h")
        assert screen.query_one("#invite-user", Input).value == "h"
        screen.query_one("#member-hours", Button).focus()
        await settle(pilot)
        assert "Hours, days away" in shown_keys(app)  # outside a field the footer offers h, and h opens it
        await pilot.press("h")
        await eventually(pilot, lambda: isinstance(app.screen, MemberHoursScreen))
