"""A value changed elsewhere (another device, the command line, a teammate's sync) while the person types in its
field: their text stays, and the field says what the value became, since leaving it saves their text over it.
Before, it was saved over without a word, and only the history showed both."""

from __future__ import annotations

from test_app_support import settle
from test_app_typing import SIZE, opened, type_in, world
from textual.widgets import Static

from baton.tui.widgets.item_input import ItemInput


def note(screen, item: str) -> Static:
    return screen.query_one(f"#item-{item} .item-changed", Static)


async def test_a_value_changed_while_typing_is_said_and_leaving_saves_the_typed_text(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = await type_in(pilot, screen, "summary", " with support")
        assert not note(screen, "summary").display
        maya.set_item(handoff, "summary", "Forty seats, two-year term")  # the command line, meanwhile
        app.refresh_screens()
        await settle(pilot)
        said = note(screen, "summary")
        assert said.display and app.focused is field
        assert str(said.render()) == (
            "changed elsewhere while you were typing, now “Forty seats, two-year term”: leaving the field saves "
            "yours over it"
        )
        assert field.value == "Forty seats, annual with support"  # what was typed stays
        await pilot.press("tab")
        await settle(pilot)
        assert maya.state(handoff).values["summary"] == "Forty seats, annual with support"
        assert not note(screen, "summary").display


async def test_a_field_not_typed_in_follows_the_new_value_without_a_note(tmp_path):
    maya, handoff, app = world(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        field = screen.query_one("#item-summary #input")
        field.focus()
        await pilot.pause()
        maya.set_item(handoff, "summary", "Forty seats, two-year term")
        app.refresh_screens()
        await settle(pilot)
        assert field.value == "Forty seats, two-year term" and not note(screen, "summary").display
        assert isinstance(screen.query_one("#item-summary"), ItemInput)
