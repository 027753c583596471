"""A lead waives a required item, with a reason the receiver will read.

The list starts on the item the lead was on in the checklist when core says it can be waived (core/waivable.py),
else on the first one that can: Ctrl+L on an item waives that item, not the first in the list.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from baton.core.gate import visible_items
from baton.core.projection import HandoffState
from baton.core.template import Item
from baton.core.waivable import waivable_items
from baton.tui.screens.action_modal import ActionModal
from baton.tui.screens.handoff_text import checklist_of
from baton.tui.shown import one_line, plain
from baton.tui.widgets.hanging_text import HangingLines
from baton.tui.widgets.undo_input import UndoInput


def choice(item: Item, waivable: bool) -> Option:
    """An item of the list: one core would refuse to waive (filled, or waived already) is shown, dimmed, and
    skipped by ↑ ↓; a long text wraps under its own words, not under the mark."""
    mark = "✗ " if waivable else "✓ "
    return Option(HangingLines(mark + one_line(item.text), hang=lambda line: 2), id=item.id, disabled=not waivable)


class WaiveScreen(ActionModal):
    def __init__(self, state: HandoffState, on_item: str | None = None) -> None:
        """`on_item`: the checklist item the focus was on (None: none), where the list starts if it can be waived."""
        super().__init__()
        self.state = state
        self.on_item = on_item

    def compose(self) -> ComposeResult:
        state = self.state
        blocking = set(waivable_items(state, self.app.clock()))
        items = [i for i in visible_items(checklist_of(state), state.values) if i.required]
        start = [n for n, i in enumerate(items) if i.id == self.on_item and i.id in blocking]
        self.first_blocking = next(iter(start), next((n for n, i in enumerate(items) if i.id in blocking), None))
        with Vertical(id="dialog"):
            yield Label(f"Waive a required item: {plain(state.title)}", id="dialog-title", markup=False)
            yield Label("Which item (↑ ↓; ✗ blocks sending now, ✓ needs no waiver):")
            yield OptionList(*(choice(i, i.id in blocking) for i in items), id="item")
            yield UndoInput(placeholder="Why the receiver can do without it", select_on_focus=False, id="reason")
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Waive", id="waive", variant="warning")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        choices = self.query_one("#item", OptionList)
        choices.highlighted = self.first_blocking  # the item the lead was on, else the first that can be waived
        choices.focus()

    def on_key(self, event: events.Key) -> None:
        """A letter typed on the list starts the reason (the list has no use for letters; they were lost)."""
        if isinstance(self.focused, OptionList) and event.is_printable and event.character and event.key != "space":
            event.stop()
            event.prevent_default()
            reason = self.query_one("#reason", Input)
            reason.focus()
            reason.insert_text_at_cursor(event.character)

    @on(OptionList.OptionSelected, "#item")
    def _picked(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Button.Pressed, "#waive")
    @on(Input.Submitted, "#reason")
    def _waive(self) -> None:
        replica, handoff = self.app.replica, self.state.id
        choices = self.query_one("#item", OptionList)
        index = choices.highlighted
        item_id = str(choices.get_option_at_index(index).id) if index is not None else ""
        reason = self.query_one("#reason", Input).value
        item = checklist_of(self.state).item(item_id) if item_id else None
        text = item.text if item else item_id
        self.run_core("waive", lambda: (replica.waive(handoff, item_id, reason), f"waived: {text}")[1])

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
