"""Ctrl+Z in a text field undoes the typing there, as in every editor; "Undo mine" (a saved change taken
back) is Ctrl+Z outside a field, and in the command palette and the help from anywhere."""

from __future__ import annotations

from test_app_support import KIT_DONE, FrozenClock, said, settle, status_of, team
from textual.widgets import Checkbox, Footer, Input, TextArea
from textual.widgets._footer import FooterKey

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.field_keys import UNDO_ELSEWHERE
from baton.tui.screens.cancel import CancelScreen
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.help import HELP

SIZE = (80, 24)
PARAGRAPH = """
[[items]]
id = "context"
text = "What happened before, in a paragraph"
why = "The receiver should not have to ask."
kind = "text"
min_length = 40
"""


def world(tmp_path, done=KIT_DONE):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    kit = tmp_path / "checklists" / "kit.toml"
    kit.write_text(kit.read_text(encoding="utf-8") + PARAGRAPH, encoding="utf-8")
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in done.items():
        maya.set_item(handoff, item, value)
    return maya, handoff, BatonApp(maya, Home(tmp_path), clock=clock)


async def opened(pilot, app, handoff) -> HandoffScreen:
    await settle(pilot)
    app.open_handoff(handoff)
    await settle(pilot)
    assert isinstance(app.screen, HandoffScreen)
    return app.screen


def footer_keys(app) -> list[str]:
    return [k.description for k in app.screen.query_one(Footer).query(FooterKey)]


async def test_ctrl_z_in_an_answer_field_undoes_the_typing_not_a_saved_change(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-notes #input", Input)
        field.focus()
        await pilot.pause()
        assert "Undo mine" not in footer_keys(
            app
        )  # in a field Ctrl+Z is the field's: the footer does not say otherwise
        await pilot.press(*"weekly calls", "backspace", "backspace")
        assert field.value == "weekly cal"
        await pilot.press("ctrl+z")
        assert field.value == "weekly calls"  # the run of Backspace back
        await pilot.press("ctrl+z")
        assert field.value == "weekly"  # then the last word typed, with the space before it
        assert field.cursor_position == len("weekly")
        await pilot.press("ctrl+y")
        assert field.value == "weekly calls"  # and Ctrl+Y brings it back
        await settle(pilot)
        assert app.screen is screen and app.focused is field
        assert maya.state(handoff).values["plan"] == "growth"  # the last saved change is untouched
        assert status_of(maya, handoff) == "draft"
        await pilot.press("enter")
        await settle(pilot)
        assert maya.state(handoff).values["notes"] == "weekly calls"


async def test_a_field_with_nothing_typed_says_where_undo_mine_is_and_changes_nothing(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-crm #input", Input)
        field.focus()
        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot)
        assert field.value == KIT_DONE["crm"]
        assert maya.state(handoff).values == {**KIT_DONE, "seats": 40}
        assert UNDO_ELSEWHERE in [n.message for n in said(app)]
        assert [n.message for n in app._notifications].count(UNDO_ELSEWHERE) == 1  # pressed twice: one note, not two


async def test_ctrl_z_in_a_paragraph_box_and_the_comment_field_undoes_their_typing(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        box = screen.query_one("#item-context #input", TextArea)
        box.focus()
        await pilot.press(*"The client asked twice")
        await pilot.press("ctrl+z")
        assert box.text == ""
        await pilot.press("f3")
        await settle(pilot)
        comment = screen.query_one("#comment-input", Input)
        assert app.focused is comment
        await pilot.press(*"call them", "ctrl+z")
        assert comment.value == "call"
        await settle(pilot)
        assert maya.state(handoff).values["plan"] == "growth" and not maya.state(handoff).comments


async def test_outside_a_text_field_ctrl_z_is_undo_mine(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        tick = screen.query_one("#item-signed #input", Checkbox)
        tick.focus()
        await pilot.pause()
        assert "Undo mine" in footer_keys(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "plan" not in maya.state(handoff).values  # my last saved change, taken back


async def test_undo_mine_is_in_the_palette_and_the_help_while_typing(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-notes #input", Input)
        field.focus()
        await pilot.press(*"half typed")
        commands = {c.title: c for c in app.get_system_commands(screen)}
        assert "Undo mine" in commands
        assert "outside a text field" in commands["Undo mine"].help
        await commands["Undo mine"].callback()
        await settle(pilot)
        assert "plan" not in maya.state(handoff).values
        assert field.value == "half typed"  # what was being typed stays
    assert "undo mine" in HELP and "undoes the typing" in HELP


async def test_a_cancelled_handoff_reopens_with_ctrl_z_as_its_line_says(tmp_path):
    """Cancelled while typing in a field: the fields close, and the Ctrl+Z the summary offers reopens it."""
    maya, handoff, app = world(tmp_path, done={})
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-summary #input", Input)
        field.focus()
        await pilot.press(*"Forty")
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert isinstance(app.screen, CancelScreen)
        await pilot.press(*"The client chose a competitor")
        await pilot.click("#confirm")
        await settle(pilot)
        assert status_of(maya, handoff) == "cancelled"
        assert "(Ctrl+Z reopens)" in str(screen.query_one("#summary").content)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status_of(maya, handoff) == "draft"


async def test_a_cancelled_handoff_opened_later_reopens_with_ctrl_z(tmp_path):
    maya, handoff, app = world(tmp_path)
    maya.cancel(handoff, "The client chose a competitor")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        assert "(Ctrl+Z reopens)" in str(screen.query_one("#summary").content)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status_of(maya, handoff) == "draft"


def test_only_the_one_whose_undo_reopens_is_told_ctrl_z_reopens(tmp_path):
    """Ben's Ctrl+Z does nothing to Maya's cancel, and once Maya has commented since, hers takes the comment back."""
    from baton.tui.screens.handoff_text import summary_text

    maya, handoff, _ = world(tmp_path)
    maya.cancel(handoff, "The client chose a competitor")
    state = maya.state(handoff)
    assert "(Ctrl+Z reopens)" in summary_text(state, {}, 0, "maya")
    assert "Cancelled by maya" in summary_text(state, {}, 0, "ben")
    assert "(Ctrl+Z reopens)" not in summary_text(state, {}, 0, "ben")
    maya.comment(handoff, "Closing the file")
    assert "(Ctrl+Z reopens)" not in summary_text(maya.state(handoff), {}, 0, "maya")
    maya.undo(handoff)  # the comment, taken back
    assert "(Ctrl+Z reopens)" in summary_text(maya.state(handoff), {}, 0, "maya")


async def test_undo_never_brings_back_text_from_before_a_value_shown_from_elsewhere(tmp_path):
    """A teammate's answer arriving (or the saved value shown again) starts the field's history afresh."""
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-notes #input", Input)
        field.focus()
        await pilot.press(*"weekly")
        field.value = "Monthly calls, agreed with Ben"  # set from outside, as ItemInput.show does
        await pilot.press("ctrl+z")
        assert field.value == "Monthly calls, agreed with Ben"
        await pilot.press("end", *" only", "ctrl+z")
        assert field.value == "Monthly calls, agreed with Ben"
