"""Cancel an open handoff with a reason (the sender, or a lead); Ctrl+Z on the handoff reopens it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static, TextArea

from baton.core.field_rules import reason_rule
from baton.core.projection import HandoffState
from baton.tui.screens.action_modal import ActionModal
from baton.tui.shown import plain


class CancelScreen(ActionModal):
    def __init__(self, state: HandoffState) -> None:
        super().__init__()
        self.state = state

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Cancel: {plain(self.state.title)}", id="dialog-title", markup=False)
            yield Label("Why is this work no longer moving? Both people will read it.")
            yield TextArea(id="reason", placeholder=reason_rule("cancellation").capitalize())  # core's rule
            yield Static("Enter starts a new line · Tab, then Enter: cancel it", classes="hint")
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel the handoff", id="confirm", variant="error")
                yield Button("Keep it", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reason", TextArea).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        replica, handoff = self.app.replica, self.state.id
        reason = self.query_one("#reason", TextArea).text
        self.run_core("cancel", lambda: (replica.cancel(handoff, reason), "cancelled (Ctrl+Z reopens it)")[1])

    @on(Button.Pressed, "#cancel")
    def _keep(self) -> None:
        self.action_cancel()
