"""Ctrl+Q with typed text not saved names the items, as Esc does ("Not saved yet: …"), not only "what you typed"."""

from __future__ import annotations

from test_app_support import FrozenClock, settle, team
from textual.widgets import Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm

SIZE = (80, 24)


def body(dialog) -> str:
    return " ".join(str(s.render()).replace("\n", " ") for s in dialog.query(Static) if not s.id)


async def test_quit_names_the_unsaved_items_as_escape_does(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        screen = app.screen
        screen.query_one("#item-start #input").focus()
        await pilot.pause()
        await pilot.press(*"2025-12-01")
        start = maya.state(handoff).template.item("start").text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        on_escape = body(app.screen)
        assert f"Not saved yet: {start}." in on_escape
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        on_quit = body(app.screen)
        assert on_quit.startswith(on_escape) and "Quit without saving" in on_quit
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and "start" not in maya.state(handoff).values
