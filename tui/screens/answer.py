"""The receiver's answer: accept the handoff, or return it with a reason.

Whether a reason is good enough is core's rule (`Replica.return_`); this dialog
shows core's refusal and stays open.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static, TextArea

from baton.core.errors import NotAllowed
from baton.core.field_rules import reason_rule
from baton.core.projection import HandoffState
from baton.core.timezones import format_ago
from baton.tui.messages import ActionFailed
from baton.tui.screens.action_modal import ActionModal
from baton.tui.shown import plain
from baton.tui.widgets.hanging_text import HangingText


class AnswerScreen(ActionModal):
    def __init__(self, state: HandoffState, teammates: dict[str, dict] | None = None) -> None:
        super().__init__()
        self.state = state
        self.sender_name = (teammates or {}).get(state.sender, {}).get("display_name") or state.sender
        """Who sent it, as the handoff screen names people."""
        self.not_theirs = False
        """True once core refused the return itself, not its reason (the sender took the send back meanwhile, a
        lead gave it to someone else): the reason typed is kept for the comment box as the dialog closes."""

    def compose(self) -> ComposeResult:
        state = self.state
        done, total = state.progress()
        blockers = len(state.blockers())
        with Vertical(id="dialog"):
            yield Label(f"Answer: {plain(state.title)}", id="dialog-title", markup=False)
            yield HangingText(  # broken between its facts only: "sent 1h" above a lone "ago" read as two
                f"From {plain(self.sender_name)} · {plain(state.transition)} · {done} of {total} required done"
                f"{' (' + str(blockers) + ' open)' if blockers else ''}"
                f" · sent {format_ago(max(0, self.app.clock() - (state.sent_at or 0)))}",
                parts=" · ",
            )
            with Horizontal(classes="buttons"):
                yield Button("Accept: it is mine now", id="accept", variant="success")
            yield Label(f"Or return it to {plain(self.sender_name)}, saying what is missing or wrong:", markup=False)
            yield TextArea(id="reason", placeholder=reason_rule("return").capitalize())  # core's rule, said first
            yield Static("Enter starts a new line · Tab, then Enter: return it", classes="hint")
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Return with reason", id="return", variant="warning")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reason", TextArea).focus()  # Enter alone never accepts: it types a new line here

    @on(Button.Pressed, "#accept")
    def _accept(self) -> None:
        replica, handoff = self.app.replica, self.state.id
        self.run_core("accept", lambda: (replica.accept(handoff), "accepted: it is yours now")[1])

    @on(Button.Pressed, "#return")
    def _return(self) -> None:
        replica, handoff, sender = self.app.replica, self.state.id, self.sender_name
        reason = self.query_one("#reason", TextArea).text

        def call() -> str:
            try:
                replica.return_(handoff, reason)
            except NotAllowed:
                self.not_theirs = True
                raise
            return f"returned to {sender}"

        self.run_core("return", call)

    @on(ActionFailed)
    def _say_where_the_reason_goes(self) -> None:
        if self.reason_kept():
            self.query_one(".hint", Static).update("Esc or Cancel: your reason goes to the comment box, not added yet")

    def reason_kept(self) -> str:
        """The reason typed, when it is to be kept as a comment draft ("" when it is not)."""
        return self.typed_reason() if self.not_theirs else ""

    def unsaved_words(self) -> str:
        """A reason that is kept is not lost: closing asks nothing."""
        return "" if self.reason_kept() else super().unsaved_words()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
