"""A dialog that runs one core command and stays open, showing core's refusal, until it succeeds."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual import getters

    from baton.tui.app import BatonApp

from textual import work
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static
from textual.worker import Worker, WorkerState

from baton.core.errors import BatonError
from baton.tui.messages import ActionDone, ActionFailed
from baton.tui.screens.button_keys import BUTTON_ARROWS, ButtonArrows
from baton.tui.shown import plain
from baton.tui.words import refusal_words

REFUSAL_MARK = "✗ "
"""What a refusal beside the buttons starts with: only how it looks (the dialog knows a refusal by `refused`)."""


class ActionModal(ButtonArrows, ModalScreen[str | None]):
    """Dismissed with a summary of what was written, or None when cancelled."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    DEFAULT_CSS = """
    ActionModal { align: center middle; }
    ActionModal > #dialog {
        width: 76; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ActionModal #dialog-title { text-style: bold; margin-bottom: 1; }
    ActionModal .error { color: $error; height: auto; }
    ActionModal .hint { color: $text-muted; height: auto; }
    ActionModal .buttons { height: auto; margin-top: 1; }
    ActionModal OptionList { height: auto; max-height: 8; }
    ActionModal .buttons Button { margin-right: 2; }
    ActionModal TextArea { height: 5; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel"), *BUTTON_ARROWS]
    before: Widget | None = None
    """What had the focus when core was asked (its button is disabled meanwhile, and loses it)."""
    working = False
    """True while core runs the dialog's command: a second Enter meanwhile asks nothing (one handoff, one answer)."""
    refused = False
    """True while the line beside the buttons shows a refusal: an edit takes it away, whatever its words."""

    def action_cancel(self) -> None:
        """Close, but ask first when a reason has been typed (it would be lost)."""
        from baton.tui.screens.confirm import drop_typed

        lost = self.unsaved_words()
        if not lost:
            self.dismiss(None)
            return

        def chosen(answer: str | None) -> None:
            if answer == "discard":
                self.dismiss(None)
            else:  # back to the typing, wherever the focus was when Esc or Cancel was pressed
                self.query_one(self.typing_place()).focus()

        self.app.push_screen(drop_typed(lost, self.query_one(self.typing_place())), chosen)

    def unsaved_words(self) -> str:
        """What closing now would lose, in a sentence ("" when nothing would be)."""
        return "The reason you typed is not saved." if self.typed_reason() else ""

    def typing_place(self) -> str:
        """Where "Keep editing" puts the focus back."""
        return "#reason"

    def typed_reason(self) -> str:
        """The text in this dialog's reason box, if it has one."""
        from textual.widgets import Input, TextArea

        for box in self.query("#reason"):
            if isinstance(box, TextArea):
                return box.text.strip()
            if isinstance(box, Input):
                return box.value.strip()
        return ""

    def run_core(self, action: str, call: Callable[[], Any]) -> None:
        """Run a Replica command in a thread; the summary it returns closes the dialog.

        The buttons wait meanwhile: a team's hook (on-accept, on-return) may take seconds. A field's Enter
        is not a button, so a second one typed meanwhile is let go here: the command runs once.
        """
        if self.working:
            return
        self.working = True
        self.before = self.focused
        for button in self.query(Button):
            button.disabled = True
        self.say("Working…")
        self._run_core(action, call)

    def say(self, words: str, refusal: bool = False) -> None:
        """Put `words` on the line beside the buttons; a `refusal` goes again once the person edits a field."""
        self.query_one(".error", Static).update(plain(f"{REFUSAL_MARK}{words}" if refusal else words))
        self.refused = refusal

    def refused_place(self) -> Widget | None:
        """Where the focus goes after core refused: the reason (most refusals are about it), else where it was.

        Never nowhere: the pressed button was disabled while core worked, and keys typed to a screen with no
        focus are lost."""
        reason = self.query("#reason")
        return reason.first() if reason else self.before

    @work(thread=True, group="modal-write", exit_on_error=False)
    def _run_core(self, action: str, call: Callable[[], Any]) -> ActionDone | None:
        replica = self.app.replica
        try:
            ran = len(replica.hook_outcomes)
            summary = call()
            hooks = replica.hook_outcomes[ran:]
        except (BatonError, sqlite3.Error) as exc:
            self.post_message(ActionFailed(action, refusal_words(exc)))
            return None
        return ActionDone(action, str(summary), hooks=hooks)

    def on_action_failed(self, message: ActionFailed) -> None:
        message.stop()
        self.working = False
        self.not_written()
        self.free_buttons()
        self.say(message.error, refusal=True)  # inline, where the eye already is
        place = self.refused_place()
        if place is not None:
            place.focus()
        self.app.bell()

    def not_written(self) -> None:
        """Core refused, or failed: a dialog that emptied its fields as it asked puts their text back here."""

    def free_buttons(self) -> None:
        """The buttons take presses again once core has answered."""
        for button in self.query(Button):
            button.disabled = False

    def on_input_changed(self, event: Input.Changed) -> None:
        """A refusal beside the buttons goes once the person edits a field: left there, it read as a refusal of
        the corrected text (a day fixed from "next friday" to "fri" still said "'next friday' is not a day")."""
        # the field with the focus: the person typing; a field the dialog fills itself (a reread) is no edit
        if event.input.has_focus and not self.working and self.refused:
            self.say("")

    def written(self, summary: str) -> None:
        """Core wrote what the dialog asked for: a dialog of one command closes, saying what was done."""
        self.dismiss(summary)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Close once the write's worker has finished, not from a message it sent while still
        running: closing the dialog cancels its workers, and that one would end cancelled."""
        done = event.worker.result if event.state == WorkerState.SUCCESS else None
        if event.worker.group == "modal-write" and isinstance(done, ActionDone):
            self.app.show_hook_outcomes(done.hooks)
            self.written(done.summary)
        elif event.worker.group == "modal-write" and event.state == WorkerState.ERROR:  # never "Working…" for good
            self.on_action_failed(ActionFailed("", f"not done: {event.worker.error}"))
