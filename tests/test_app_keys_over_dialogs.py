"""Over a dialog (a question, a form) no app key opens another screen: the dialog is answered or closed first.

Ctrl+D and Ctrl+E opened the lead dashboard and the export on top of "Typed text is not saved" while F5 and
F6 did nothing there; in a dialog's own text field they are that field's line editing.
"""

from __future__ import annotations

from test_app_support import FrozenClock, settle, team
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.new_handoff import NewHandoffScreen

SIZE = (80, 24)
SCREEN_KEYS = ("ctrl+d", "ctrl+e", "f5", "f6", "ctrl+n", "question_mark")


async def press_each_and_stay(pilot, dialog) -> None:
    app = pilot.app
    stack = list(app.screen_stack)
    for key in SCREEN_KEYS:
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is dialog, f"{key} opened {type(app.screen).__name__} over the dialog"
        assert list(app.screen_stack) == stack


async def test_no_screen_opens_over_the_unsaved_question_of_a_handoff(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        app.screen.query_one("#item-start #input").focus()
        await pilot.pause()
        await pilot.press(*"2025-12-01", "escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await press_each_and_stay(pilot, app.screen)


async def test_no_screen_opens_over_new_handoff_nor_its_question_and_its_fields_keep_their_keys(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewHandoffScreen)
        title = form.query_one("#title", Input)
        title.focus()
        await pilot.press(*"Acme", "home", "ctrl+e")  # the field's own: to the end of the line
        await settle(pilot)
        assert app.screen is form and title.cursor_position == len("Acme")
        await pilot.press("ctrl+d")  # at the end: nothing to delete, and no dashboard either
        await settle(pilot)
        assert app.screen is form and title.value == "Acme"
        await pilot.press("home", "ctrl+d")
        assert title.value == "cme"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await press_each_and_stay(pilot, app.screen)
