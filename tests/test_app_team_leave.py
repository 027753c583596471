"""A name typed for an invitation on the Team screen is not dropped without a word: Esc asks (keep editing or
drop it), as every other screen with typed text does, and so does quitting."""

from __future__ import annotations

from test_app_support import eventually, settle
from textual.widgets import Input

from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.queues import QueuesScreen
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team


async def open_team(pilot, app) -> TeamScreen:
    await settle(pilot)
    await pilot.press("f6")
    await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
    await settle(pilot)
    return app.screen


async def test_esc_with_a_typed_name_asks_and_keep_editing_keeps_it(tmp_path):
    ana = team(tmp_path, Clock(start=1_900_000_000_000))["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_team(pilot, app)
        await pilot.press(*"cleo")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")  # the safe answer: keep editing
        await settle(pilot)
        assert app.screen is screen and app.focused is screen.query_one("#invite-user", Input)
        assert app.focused.value == "cleo"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "enter")  # Drop it
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)


async def test_esc_with_nothing_typed_goes_back_at_once_and_quit_asks_about_a_name(tmp_path):
    ana = team(tmp_path, Clock(start=1_900_000_000_000))["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_team(pilot, app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
        await open_team(pilot, app)
        await pilot.press(*"cleo", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and app.is_running
