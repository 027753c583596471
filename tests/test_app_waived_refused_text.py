"""A value core refused, in an item a lead then waives, goes with the waiver: it used to stay in the field, the
"waived: …" line gave way to "✗ '12abc' is not a number" at the next save, and leaving asked "Not saved yet:
Seats" of an item nobody has to fill any more."""

from __future__ import annotations

from test_app_support import FrozenClock, settle, team
from textual.widgets import Input, Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.widgets.item_input import ItemInput


async def test_a_refused_value_goes_when_its_item_is_waived(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandoffScreen)
        seats = screen.query_one("#item-seats", ItemInput)
        seats.focus_input()
        await pilot.press(*"12abc", "tab")
        await settle(pilot)
        assert seats.refusal and "not a number" in str(seats.query_one(".item-problem", Static).render())
        maya.waive(handoff, "seats", "Seats are counted at kickoff, not before")
        await screen.show_state(maya.state(handoff))
        await settle(pilot)
        assert seats.refusal == "" and seats.query_one("#input", Input).value == ""
        assert str(seats.query_one(".item-problem", Static).render()).startswith("waived: ")
        assert screen.unsaved() == {}  # leaving asks nothing about it
