"""A dialog's list says what Enter does there: it picks and moves to the button, and a second Enter presses it.

The Reassign dialog said "(↑ ↓, Enter)", and one Enter on the list only moved the focus to its button."""

from __future__ import annotations

from test_app_chain import chained, sent_to_ben
from test_app_everything import SIZE, opened, world
from test_app_support import FrozenClock, settle
from textual.widgets import OptionList, Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.next_handoff import NextHandoffScreen
from baton.tui.screens.reassign import ReassignScreen


def said(screen) -> str:
    return " ".join(str(s.render()) for s in screen.query(Static))


async def enter_on_the_list(pilot, dialog) -> None:
    """Enter on the dialog's list of people, once it settled: the first of the two Enters its hint names."""
    dialog.query_one("#to", OptionList).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_the_reassign_dialog_says_both_enters_and_they_do_what_it_says(tmp_path):
    clock, maya, _, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReassignScreen)
        assert "(↑ ↓, Enter, then Enter again on Reassign)" in said(dialog)
        await enter_on_the_list(pilot, dialog)
        assert app.screen is dialog and app.focused is dialog.query_one("#reassign")
        assert maya.state(handoff).next_actor == "maya"
        await pilot.press("enter")
        await settle(pilot)
        assert maya.state(handoff).next_actor != "maya"


async def test_the_next_handoff_dialog_says_both_enters_and_they_do_what_it_says(tmp_path):
    clock = FrozenClock()
    maya, ben = chained(tmp_path, clock)
    handoff = sent_to_ben(maya)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NextHandoffScreen)
        assert "(↑ ↓, Enter, then Enter again on Open it)" in said(dialog)
        await enter_on_the_list(pilot, dialog)
        assert app.focused is dialog.query_one("#open")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen) and app.screen.handoff_id != handoff
