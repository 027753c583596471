"""Esc over the palette's Keys panel closes the panel only: the screen it is drawn on stays.

The panel is drawn on the screen, not pushed over it, so Esc reached the screen's own Back (or Quit on
first run) and took panel and screen away together."""

from __future__ import annotations

import pytest
from test_app_everything import opened, world
from test_app_footers import shown_keys
from test_app_support import eventually, settle
from textual.command import CommandList
from textual.widgets import HelpPanel

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.sync import SyncScreen
from baton.tui.screens.team import TeamScreen


async def from_palette(pilot, title: str) -> None:
    """Pick `title` in the command palette, as typed there, once the palette lists it first."""
    await pilot.press("ctrl+p")
    await pilot.press(*title)

    def listed() -> bool:
        lists = pilot.app.screen.query(CommandList)
        if not lists or lists.first().highlighted is None:
            return False
        found = lists.first().get_option_at_index(lists.first().highlighted)
        return str(found.prompt).startswith(title)

    await eventually(pilot, listed)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("where", [HandoffScreen, SyncScreen, TeamScreen])
async def test_esc_closes_the_keys_panel_and_not_the_screen_under_it(tmp_path, where):
    clock, maya, _, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        if where is not HandoffScreen:
            await pilot.press("f5" if where is SyncScreen else "f6")
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, where)
        await from_palette(pilot, "Keys")
        assert app.screen is screen and screen.query(HelpPanel)
        await eventually(pilot, lambda: "Hide keys" in shown_keys(app))  # the footer's Esc says what it does
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and not screen.query(HelpPanel)
        await eventually(pilot, lambda: "Hide keys" not in shown_keys(app))
        await pilot.press("escape")  # the next Esc is the screen's own again
        await settle(pilot)
        assert screen not in app.screen_stack


async def test_every_key_the_panel_lists_says_what_it_does(tmp_path):
    """The handoff screen's keys for a refusal (a shut key says why) are not keys of their own: the panel
    listed Ctrl+S and Ctrl+L a second time, with nothing beside them."""
    from textual.widgets._key_panel import BindingsTable

    clock, maya, _, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        await from_palette(pilot, "Keys")
        table = app.screen.query_one(BindingsTable).render_bindings_table()
        keys, words = (list(column.cells) for column in table.columns[:2])
        listed = [(str(key), str(word)) for key, word in zip(keys, words, strict=True) if str(key)]
        assert any(word == "Undo mine" for _, word in listed), listed  # the screen's own keys are there
        assert [key for key, word in listed if not word.strip()] == [], listed
