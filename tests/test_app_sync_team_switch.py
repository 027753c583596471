"""Sync (F5) and Team (F6) take each other's place: F5 F6 F5 F6 F5 from the queue is one screen over it, and
one Esc goes back; F5 on the Sync screen syncs, it opens no second one."""

from __future__ import annotations

from test_app_support import FrozenClock, eventually, settle, team
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.queues import QueuesScreen
from baton.tui.screens.sync import SyncScreen
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock
from tests.team_support import team as founded_team

SIZE = (80, 24)


def names(app) -> list[str]:
    return [type(s).__name__ for s in app.screen_stack[1:]]


async def test_f5_and_f6_replace_each_other_and_one_escape_goes_back(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
        for key in ("f5", "f6", "f5", "f6", "f5"):
            await pilot.press(key)
            await settle(pilot)
        assert names(app) == ["QueuesScreen", "SyncScreen"]
        await pilot.press("f5")  # the Sync screen's own: sync now
        await settle(pilot)
        assert names(app) == ["QueuesScreen", "SyncScreen"]
        await pilot.press("f6")
        await settle(pilot)
        assert names(app) == ["QueuesScreen", "TeamScreen"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)


async def test_from_a_handoff_one_escape_goes_back_to_it(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        app.screen.set_focus(None)
        for key in ("f5", "f6", "f5"):
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, SyncScreen) and names(app) == ["QueuesScreen", "HandoffScreen", "SyncScreen"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)


async def test_a_typed_invitation_is_not_dropped_by_f5(tmp_path):
    people = founded_team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        await settle(pilot)
        app.screen.query_one("#invite-user", Input).value = "cleo"
        app.screen.set_focus(None)
        await pilot.press("f5")
        await settle(pilot)
        assert names(app) == ["QueuesScreen", "TeamScreen", "SyncScreen"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#invite-user", Input).value == "cleo"
