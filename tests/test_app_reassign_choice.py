"""The Reassign dialog's choice of what to change shows one choice as chosen: the pressed one bold, the cursor of
↑ ↓ an underline. With Textual's block cursor the line under the cursor read as chosen too, beside the pressed one.
"""

from __future__ import annotations

import pytest
from test_app_everything import opened, world
from test_app_support import settle
from textual.widgets import OptionList, RadioButton, RadioSet

from baton.core.home import Home
from baton.tui.app import BatonApp


def looks(screen) -> dict[str, tuple[bool, bool, bool]]:
    """Per choice: (bold, underlined, on a block of its own colour)."""
    plain = screen.query_one("#what", RadioSet).background_colors[1]
    said = {}
    for button in screen.query(RadioButton):
        style = button.get_visual_style("toggle--label")
        said[str(button.id)] = (
            bool(style.bold),
            bool(style.underline),
            style.background is not None and style.background.a > 0 and style.background != plain,
        )
    return said


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_only_the_pressed_choice_reads_as_chosen_while_the_cursor_is_on_the_other(tmp_path, size):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=size) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+g")
        await settle(pilot)
        screen = app.screen
        choice = screen.query_one("#what", RadioSet)
        await pilot.press("shift+tab")  # from the list of people up to the choice
        await settle(pilot)
        assert app.focused is choice
        await pilot.press("down")  # the cursor on "The receiver", "The next step" still pressed
        await settle(pilot)
        assert looks(screen) == {"step": (True, False, False), "receiver": (False, True, False)}
        await pilot.press("space")  # the keys press as before
        await settle(pilot)
        assert choice.pressed_button is not None and choice.pressed_button.id == "receiver"
        assert looks(screen) == {"step": (False, False, False), "receiver": (True, True, False)}
        await pilot.press("up", "enter")
        await settle(pilot)
        assert choice.pressed_button is not None and choice.pressed_button.id == "step"
        screen.query_one("#to", OptionList).focus()  # away from the choice, the chosen one alone still stands out
        await pilot.press("shift+tab", "down", "tab")
        await settle(pilot)
        assert looks(screen) == {"step": (True, False, False), "receiver": (False, False, False)}
