"""What a person filling checklists all day trips over: a refused send that names what blocks it, Enter in
the invitation fields, a typed reason not lost to Ctrl+Q, a receiver's gate that does not speak of sending."""

from __future__ import annotations

from test_app_support import KIT_DONE, FrozenClock, eventually, said, settle, status_of, team
from textual.widgets import Button, Input, Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.answer import AnswerScreen
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.team import TeamScreen
from baton.tui.words import SHOWN_BLOCKERS
from tests.team_support import Clock
from tests.team_support import team as founded_team

SIZE = (80, 24)


async def opened(pilot, app, handoff) -> HandoffScreen:
    await settle(pilot)
    app.open_handoff(handoff)
    await settle(pilot)
    assert isinstance(app.screen, HandoffScreen)
    return app.screen


async def test_a_refused_send_names_each_item_that_blocks_it(tmp_path):
    """At 80 columns the gate is one line ("3 items block sending"): the refusal says which three."""
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item in ("signed", "summary", "start"):
        maya.set_item(handoff, item, KIT_DONE[item])
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status_of(maya, handoff) == "draft"
        refusal = next(n.message for n in said(app) if "cannot send" in n.message)
        assert refusal.splitlines() == [
            "cannot send: 3 items still block it:",
            "✗ Link to the deal in the CRM: missing",
            "✗ Seats sold: missing",
            "✗ Plan sold: missing",
        ]


async def test_a_refusal_with_many_blockers_names_a_few_and_counts_the_rest(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+s")
        await settle(pilot)
        lines = next(n.message for n in said(app) if "cannot send" in n.message).splitlines()
        assert len(lines) == 1 + SHOWN_BLOCKERS + 1
        assert lines[0] == "cannot send: 6 items still block it:"
        assert lines[1] == "✗ Contract signed by both sides: not checked"
        assert lines[-1] == "… and 2 more, marked in the checklist"


async def test_enter_in_the_invitation_fields_goes_on_to_the_invite_button(tmp_path):
    people = founded_team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        await settle(pilot)
        screen = app.screen
        await pilot.press(*"cleo", "enter")
        assert app.focused is screen.query_one("#invite-stages", Input)
        await pilot.press(*"onboarding", "enter")
        assert app.focused is screen.query_one("#invite-member", Button)  # not invited yet: member or lead?
        assert not str(screen.query_one("#team-code", Static).render())
        await pilot.press("enter")
        code_box = screen.query_one("#team-code", Static)
        await eventually(pilot, lambda: "Code for cleo (member)" in str(code_box.render()))


async def test_ctrl_q_with_a_return_reason_typed_asks_before_dropping_it(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_DONE.items():
        maya.set_item(handoff, item, value)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press(*"Which sites start first?", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)  # not quit: the reason would be lost
        await pilot.press("enter")  # the safe answer: keep editing
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen) and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert not app.is_running


async def test_a_receivers_gate_panel_does_not_speak_of_sending(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_DONE.items():
        maya.set_item(handoff, item, value)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, app, handoff)
        assert screen.query_one("#gate-blockers", Static).display  # the sender: "✓ nothing blocks sending"
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot, app, handoff)
        assert "All required items done" in str(screen.query_one("#gate-title", Static).render())
        assert not screen.query_one("#gate-blockers", Static).display


async def test_a_reason_typed_on_the_waive_list_lands_in_the_reason(tmp_path):
    from textual.widgets import OptionList

    from baton.tui.screens.waive import WaiveScreen

    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    maya.set_item(handoff, "signed", True)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, WaiveScreen)
        choices = dialog.query_one("#item", OptionList)
        assert app.focused is choices
        await pilot.press(*"Ben has it", "enter")
        await settle(pilot)
        assert status_of(maya, handoff) == "draft"
        assert maya.state(handoff).waivers["summary"][0] == "Ben has it"  # the first item blocking, as shown


async def test_after_a_recall_typing_goes_on_in_the_field_it_stopped_in(tmp_path):
    """A send closes the fields and the focus leaves them; the recall opens them, and the focus goes back."""
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_DONE.items():
        maya.set_item(handoff, item, value)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        notes = screen.query_one("#item-notes #input", Input)
        notes.focus()
        await pilot.press(*"weekly calls", "ctrl+s")
        await settle(pilot)
        assert status_of(maya, handoff) == "sent" and app.focused is None
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status_of(maya, handoff) == "draft"
        assert app.focused is notes
        await pilot.press(*" only", "enter")
        await settle(pilot)
        assert maya.state(handoff).values["notes"] == "weekly calls only"
