"""Whoever holds the next step of a handoff, or a lead, gives it to someone else (core decides who may)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from baton.core.projection import HandoffState
from baton.core.reassign_rules import reassign_targets
from baton.core.receivers import not_removed
from baton.tui.screens.action_modal import ActionModal
from baton.tui.shown import option, plain


class ReassignScreen(ActionModal):
    def __init__(self, state: HandoffState, teammates: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self.state = state
        self.teammates = teammates

    def compose(self) -> ComposeResult:
        state = self.state
        people = [
            (f"{self.teammates[user]['display_name']} ({user})", user)
            for user in reassign_targets(state, not_removed(self.app.replica, sorted(self.teammates)))
        ]
        with Vertical(id="dialog"):
            yield Label(f"Reassign: {plain(state.title)}", id="dialog-title", markup=False)
            yield Static(
                f"Now with {state.next_actor or 'nobody'} ({state.status}). Who takes the next step? (↑ ↓, Enter)",
                markup=False,
            )
            yield OptionList(*(Option(option(label), id=user) for label, user in people), id="to")
            nobody = "" if people else "✗ nobody else on the team can take the next step"
            yield Static(nobody, classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Reassign", id="reassign", variant="warning")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#reassign")
    def _reassign(self) -> None:
        replica, handoff = self.app.replica, self.state.id
        options = self.query_one("#to", OptionList)
        highlighted = options.highlighted
        to = str(options.get_option_at_index(highlighted).id) if highlighted is not None else ""
        self.run_core("reassign", lambda: (replica.reassign(handoff, to), f"reassigned to {to}")[1])

    @on(OptionList.OptionSelected, "#to")
    def _picked(self) -> None:
        self.query_one("#reassign", Button).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
