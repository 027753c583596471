"""← and → between a dialog's buttons: a row of buttons reads as one control, and arrows are what people try."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button

BUTTON_ARROWS = [
    Binding("left", "button_step(-1)", "Previous button", show=False),
    Binding("right", "button_step(1)", "Next button", show=False),
]
"""A dialog's BINDINGS add these; its class mixes in `ButtonArrows` for the action."""


class ButtonArrows:
    """The action behind `BUTTON_ARROWS`: from a focused button to its neighbour in the same row (no wrap)."""

    def action_button_step(self, step: int) -> None:
        assert isinstance(self, Screen)
        focused = self.focused
        if not isinstance(focused, Button) or focused.parent is None:
            return  # a text field or a list keeps its own arrows; they never reach here from one
        row = [b for b in focused.parent.query_children(Button) if b.display and not b.disabled]
        index = row.index(focused) + step
        if 0 <= index < len(row):
            row[index].focus()
