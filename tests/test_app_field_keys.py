"""Ctrl+D and Ctrl+E: line editing inside a text field, the lead dashboard and the export outside one.

Inside a field they never reach the app (no typed text is left behind or changed by a screen
opening); when the field has nothing to do with the key, a note says where the app's command is.
"""

from __future__ import annotations

from pathlib import Path

from test_app_support import FrozenClock, new_handoff_form, said, settle, team
from textual.widgets import Input, TextArea

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.dashboard import DashboardScreen
from baton.tui.screens.export import ExportScreen
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.help import HELP
from baton.tui.screens.new_handoff import NewHandoffScreen
from baton.tui.screens.queues import QueuesScreen

SIZE = (80, 24)
PARAGRAPH = """
[[items]]
id = "context"
text = "What happened before, in a paragraph"
why = "The receiver should not have to ask."
kind = "text"
min_length = 40
"""


def world(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    kit = tmp_path / "checklists" / "kit.toml"
    kit.write_text(kit.read_text(encoding="utf-8") + PARAGRAPH, encoding="utf-8")
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    return maya, handoff, BatonApp(maya, Home(tmp_path), clock=clock)


async def opened(pilot, app, handoff):
    await settle(pilot)
    app.open_handoff(handoff)
    await settle(pilot)
    assert isinstance(app.screen, HandoffScreen)
    return app.screen


async def test_in_an_input_ctrl_d_deletes_forward_and_ctrl_e_goes_to_the_end(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-notes #input", Input)
        field.focus()
        await pilot.press(*"Xweekly calls", "ctrl+a", "ctrl+d", "ctrl+e", *" only")
        assert field.value == "weekly calls only"
        assert app.screen is screen and app.focused is field
        await pilot.press("enter")
        await settle(pilot)
        assert maya.state(handoff).values["notes"] == "weekly calls only"


async def test_in_a_text_box_ctrl_d_deletes_forward_and_ctrl_e_goes_to_the_line_end(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        box = screen.query_one("#item-context #input", TextArea)
        box.focus()
        await pilot.press(*"Xthe client churned", "home", "ctrl+d", "ctrl+e", *" once")
        assert box.text == "the client churned once"
        assert app.screen is screen and app.focused is box


async def test_at_the_end_of_a_field_the_keys_say_where_the_apps_command_is_and_change_nothing(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-notes #input", Input)
        field.focus()
        await pilot.press(*"weekly", "ctrl+d", "ctrl+e")
        await pilot.pause()
        assert field.value == "weekly" and app.screen is screen and app.focused is field
        notes = [n.message for n in said(app)]
        assert any("lead dashboard" in note and "Ctrl+P" in note for note in notes)
        assert any("Export" in note and "Ctrl+P" in note for note in notes)


async def test_outside_a_field_ctrl_d_opens_the_dashboard_and_ctrl_e_the_export(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)


async def test_the_new_handoff_title_edits_like_a_line_and_the_dialog_stays(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await new_handoff_form(pilot)
        title = dialog.query_one("#title", Input)
        title.focus()
        await pilot.press(*"XAcme", "ctrl+a", "ctrl+d", "ctrl+e", *" Corp")
        assert title.value == "Acme Corp"
        assert app.screen is dialog and isinstance(dialog, NewHandoffScreen)


async def test_before_first_run_the_fields_keep_their_line_editing(tmp_path):
    app = BatonApp(None, Home(Path(tmp_path) / "new-home"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        user = app.screen.query_one("#user", Input)
        user.focus()
        await pilot.press(*"Xpriya", "home", "ctrl+d", "ctrl+e", *"r")
        assert user.value == "priyar"


def test_the_help_says_what_the_keys_do_in_a_field_and_outside_one():
    assert "Text fields" in HELP
    assert "Ctrl+D, Delete" in HELP and "outside a field: lead dashboard" in HELP
    assert "Ctrl+E, End" in HELP and "outside a field: export" in HELP
