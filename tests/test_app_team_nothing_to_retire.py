"""A founder alone on the team, whose one device cannot retire itself, reads that there is nothing to retire or
revoke here, and why; the line read "Retiring a device or revoking an invitation: a device cannot retire itself:
retire it from another device", a heading with nothing under it."""

from __future__ import annotations

from conftest import run
from test_app_support import eventually, settle
from textual.widgets import Static

from baton.core.home import Home
from baton.core.replica import Replica
from baton.tui.app import BatonApp
from baton.tui.screens.team import TeamScreen


async def test_a_lone_founder_is_told_there_is_nothing_to_retire(tmp_path):
    home = tmp_path / "ana"
    assert run("init", "--user", "ana", "--role", "lead", "--sync-dir", tmp_path / "team", home=home).returncode == 0
    replica = Replica.open(Home(home))
    app = BatonApp(replica, Home(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        note = app.screen.query_one("#team-changes-note", Static)
        await eventually(pilot, lambda: "Nothing to retire" in str(note.render()))
        assert str(note.render()) == (
            "Nothing to retire or revoke here (a device cannot retire itself: retire it from another device)."
        )
    replica.close()
