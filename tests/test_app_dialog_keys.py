"""A dialog with a reason box says its keys, and they do what it says: Enter starts a new line in the
reason (it never sends the answer by itself), Tab then Enter presses the dialog's button.

Dialogs have no footer; without the line, a receiver pressed Enter after the reason and waited.
"""

from __future__ import annotations

from test_app_support import FrozenClock, kit_handoff, new_handoff_form, settle, status_of, team
from textual.widgets import Static, TextArea

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.answer import AnswerScreen
from baton.tui.screens.cancel import CancelScreen

SIZE = (80, 24)


def sent_to_maya(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=True)
    handoff = kit_handoff(ben, "Acme - 40 seats", "maya", clock=clock)
    ben.send(handoff)
    return maya, handoff, BatonApp(maya, Home(tmp_path), clock=clock)


def hint_of(dialog) -> Static:
    hint = dialog.query_one(".hint", Static)
    assert hint.region.height and hint.region.bottom <= SIZE[1]  # in view at 80x24
    return hint


async def test_the_answer_dialog_says_enter_is_a_new_line_and_tab_then_enter_returns_it(tmp_path):
    maya, handoff, app = sent_to_maya(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AnswerScreen)
        assert str(hint_of(dialog).render()) == "Enter starts a new line · Tab, then Enter: return it"
        await pilot.press(*"The seat count is missing", "enter", *"from the order form")
        await settle(pilot)
        assert app.screen is dialog and status_of(maya, handoff) == "sent"  # Enter alone answered nothing
        assert dialog.query_one("#reason", TextArea).text == "The seat count is missing\nfrom the order form"
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert status_of(maya, handoff) == "returned"


async def test_the_cancel_dialog_says_its_keys_too(tmp_path):
    maya, handoff, app = sent_to_maya(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CancelScreen)
        assert str(hint_of(dialog).render()) == "Enter starts a new line · Tab, then Enter: cancel it"
        await pilot.press(*"The client signed with another vendor", "tab", "enter")
        await settle(pilot)
        assert status_of(maya, handoff) == "cancelled"


async def test_a_title_typed_in_the_new_handoff_form_is_asked_about_before_esc_or_quit_drops_it(tmp_path):
    from baton.tui.screens.confirm import Confirm
    from baton.tui.screens.new_handoff import NewHandoffScreen

    maya, _, app = sent_to_maya(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await new_handoff_form(pilot)
        await pilot.press("escape")  # nothing typed: Esc just closes
        await settle(pilot)
        assert not isinstance(app.screen, NewHandoffScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"every kind", "tab", *"Acme - 40 seats", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and app.is_running
        assert app.screen.body == "The title you typed is not saved: the handoff is not created yet."
        await pilot.press("escape")  # keep editing: back in the title, where the typing was
        await settle(pilot)
        assert app.screen is form and app.focused is form.query_one("#title")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)  # Esc asks the same
