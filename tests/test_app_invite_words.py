"""An invitation made on the Team screen says what the invitee does with it, as `baton team invite` does.

The screen showed the code and "7 days", and nothing about where it goes: the lead had to find
`baton init --invite` in the README before they could tell the newcomer what to run."""

from __future__ import annotations

from test_app_support import eventually, settle
from textual.widgets import Input, Static

from baton.core.team.invite import read_code
from baton.core.timezones import format_time
from baton.tui.app import BatonApp
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team


async def test_the_code_comes_with_the_command_that_uses_it_and_its_expiry(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        screen = app.screen
        screen.query_one("#invite-user", Input).value = "cleo"
        screen.query_one("#invite-stages", Input).value = "onboarding"
        screen.query_one("#invite-member").focus()
        await pilot.press("enter")
        code_box = screen.query_one("#team-code", Static)
        await eventually(pilot, lambda: "baton1." in str(code_box.render()))
        *words, code = str(code_box.render()).splitlines()
    invite = read_code(code)
    said = " ".join(words)
    assert "On their device: baton init --user cleo --invite CODE --sync-dir DIR" in said
    assert f"until {format_time(invite.expires, ana.config.tz)}" in said
