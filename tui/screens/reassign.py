"""Whoever holds the next step of a handoff, or a lead, gives it to someone else (core decides who may).

On a draft or a returned handoff the same dialog also gives it another receiver (a receiver who
was removed from the team, or simply the wrong person), when core says this viewer may: the
sender keeps the next step, and the handoff goes to the new receiver when it is sent.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from baton.core.projection import HandoffState
from baton.core.reassign_rules import reassign_targets
from baton.core.receiver_change import change_receiver, receiver_targets
from baton.core.receivers import not_removed, waiting_note
from baton.tui.screens.action_modal import ActionModal
from baton.tui.shown import option, plain
from baton.tui.words import with_note

STEP, RECEIVER = "step", "receiver"


class ReassignScreen(ActionModal):
    AUTO_FOCUS = "#to"

    def __init__(self, state: HandoffState, teammates: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self.state = state
        self.teammates = teammates
        self.what = STEP

    def compose(self) -> ComposeResult:
        state = self.state
        allowed = self.app.replica.allowed_for(state)
        choices = [
            what for what, action in ((STEP, "reassign"), (RECEIVER, "change_receiver")) if allowed[action] is None
        ]
        self.what = choices[0] if choices else STEP
        with Vertical(id="dialog"):
            yield Label(f"Reassign: {plain(state.title)}", id="dialog-title", markup=False)
            if len(choices) > 1:  # a draft or a returned handoff: its sender's step, or who receives it
                with RadioSet(id="what"):
                    yield RadioButton(f"The next step (now with {state.next_actor})", value=True, id=STEP)
                    yield RadioButton(f"The receiver (now {state.receiver})", id=RECEIVER)
            yield Static(self._question(), id="question", markup=False)
            yield OptionList(*self._options(), id="to")
            yield Static(self._nobody(), classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self._verb(), id="reassign", variant="warning")
                yield Button("Cancel", id="cancel")

    def _people(self) -> list[str]:
        """Whom core would take for what is being changed, never anyone removed from the team."""
        on_team = not_removed(self.app.replica, sorted(self.teammates))
        return (receiver_targets if self.what == RECEIVER else reassign_targets)(self.state, on_team)

    def _options(self) -> list[Option]:
        return [Option(option(f"{self.teammates[user]['display_name']} ({user})"), id=user) for user in self._people()]

    def _question(self) -> str:
        """Asked with the keys that answer it: Enter on the list picks and moves to the button, a second Enter
        presses it (one Enter alone changes nothing)."""
        state = self.state
        keys = f"(↑ ↓, Enter, then Enter again on {self._verb()})"
        if self.what == RECEIVER:
            return f"Now to {state.receiver}; {state.sender} keeps the next step. Who receives it? {keys}"
        return f"Now with {state.next_actor or 'nobody'} ({state.status}). Who takes the next step? {keys}"

    def _nobody(self) -> str:
        if self._people():
            return ""
        return "✗ nobody else on the team can " + ("receive it" if self.what == RECEIVER else "take the next step")

    def _verb(self) -> str:
        return "Change receiver" if self.what == RECEIVER else "Reassign"

    @on(RadioSet.Changed, "#what")
    def _switched(self, event: RadioSet.Changed) -> None:
        self.what = RECEIVER if event.pressed.id == RECEIVER else STEP
        options = self.query_one("#to", OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = 0 if options.option_count else None
        self.query_one("#question", Static).update(self._question())
        self.query_one(".error", Static).update(self._nobody())
        button = self.query_one("#reassign", Button)
        button.label = self._verb()
        button.refresh(layout=True)  # its width follows the longer label

    @on(Button.Pressed, "#reassign")
    def _reassign(self) -> None:
        replica, handoff = self.app.replica, self.state.id
        options = self.query_one("#to", OptionList)
        highlighted = options.highlighted
        to = str(options.get_option_at_index(highlighted).id) if highlighted is not None else ""

        def call() -> str:  # whom it now waits for, when they cannot answer now, is said as the command says it
            if self.what == RECEIVER:
                change_receiver(replica, handoff, to)
                return with_note(f"{to} receives it", waiting_note(replica, to))
            replica.reassign(handoff, to)
            return with_note(f"reassigned to {to}", waiting_note(replica, to))

        self.run_core("change_receiver" if self.what == RECEIVER else "reassign", call)

    @on(OptionList.OptionSelected, "#to")
    def _picked(self) -> None:
        self.query_one("#reassign", Button).focus()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
