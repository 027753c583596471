"""In the app, the reassign dialog of a draft also gives it another receiver, through the core function the
command line calls (`reassign --receiver`); a sent handoff's dialog only moves the next step."""

from __future__ import annotations

from test_app_everything import KIT_DONE, SIZE, opened, world
from test_app_support import FrozenClock, settle, team
from textual.widgets import Button, OptionList, RadioSet

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.reassign import ReassignScreen


def offered(screen) -> list[str]:
    options = screen.query_one("#to", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


async def test_a_drafts_dialog_changes_its_receiver_and_the_sender_keeps_it(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReassignScreen)
        assert screen.query_one("#reassign", Button).label.plain == "Reassign"
        await pilot.click("#receiver")
        await settle(pilot)
        assert screen.query_one("#reassign", Button).label.plain == "Change receiver"
        assert offered(screen) == ["priya"]  # not maya (the sender), not ben (the receiver already)
        screen.query_one("#to", OptionList).focus()
        await pilot.press("enter", "enter")  # pick, then the button
        await settle(pilot)
        assert not isinstance(app.screen, ReassignScreen)
        state = maya.state(handoff)
        assert (state.sender, state.receiver, state.next_actor) == ("maya", "priya", "maya")
        assert state.history[-1].summary == "changed the receiver from ben to priya"


async def test_switching_back_moves_the_next_step_as_before(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.click("#receiver")
        await pilot.click("#step")
        await settle(pilot)
        assert app.screen.query_one("#reassign", Button).label.plain == "Reassign"
        app.screen.query_one("#to", OptionList).focus()
        await pilot.press("enter", "enter")
        await settle(pilot)
        state = maya.state(handoff)
        assert (state.sender, state.receiver) == ("priya", "ben")


async def test_a_sent_handoffs_dialog_only_moves_the_next_step(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_DONE.items():
        maya.set_item(handoff, item, value)
    maya.send(handoff)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, ReassignScreen)
        assert not app.screen.query(RadioSet)  # a sent handoff's receiver moves by reassigning the step
        assert offered(app.screen) == ["priya"]
