"""A lead waives a required item, with a reason the receiver will read."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from baton.core.gate import visible_items
from baton.core.projection import HandoffState
from baton.tui.screens.action_modal import ActionModal
from baton.tui.screens.handoff_text import checklist_of


class WaiveScreen(ActionModal):
    def __init__(self, state: HandoffState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        state = self.state
        blocking = {b.item_id for b in state.blockers()}
        items = [i for i in visible_items(checklist_of(state), state.values) if i.required]
        first = next((i.id for i in items if i.id in blocking), Select.NULL)
        with Vertical(id="dialog"):
            yield Label(f"Waive a required item: {state.title}", id="dialog-title", markup=False)
            yield Select(
                [(("✗ " if i.id in blocking else "✓ ") + i.text, i.id) for i in items],
                value=first,
                prompt="which item",
                compact=True,
                id="item",
            )
            yield Input(placeholder="Why the receiver can do without it", id="reason")
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Waive", id="waive", variant="warning")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#waive")
    @on(Input.Submitted, "#reason")
    def _waive(self) -> None:
        replica, handoff = self.app.replica, self.state.id
        choice = self.query_one("#item", Select).value
        item_id = "" if choice is Select.NULL else str(choice)
        reason = self.query_one("#reason", Input).value
        item = self.state.template.item(item_id) if item_id else None
        text = item.text if item else item_id
        self.run_core("waive", lambda: (replica.waive(handoff, item_id, reason), f"waived: {text}")[1])

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
