"""A question with a few answers, where Enter and Esc both take the safe one.

Used before typed text could be lost (leaving a handoff, quitting, closing a
dialog with a reason in it): the person chooses to save, to discard, or to stay.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from baton.tui.screens.button_keys import BUTTON_ARROWS, ButtonArrows
from baton.tui.shown import plain

Answer = tuple[str, str, str]
"""(answer id, button label, button variant)."""


class Confirm(ButtonArrows, ModalScreen[str]):
    """Dismissed with the id of the answer chosen; Esc means `safe` (by default "stay")."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > #dialog {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    Confirm #dialog-title { text-style: bold; margin-bottom: 1; }
    Confirm .buttons { height: auto; margin-top: 1; }
    Confirm .buttons Button { margin-right: 1; min-width: 10; }
    """
    BINDINGS = [Binding("escape", "safe", "Stay"), *BUTTON_ARROWS]

    def __init__(self, title: str, body: str, answers: list[Answer], safe: str = "stay") -> None:
        super().__init__()
        self.title_text, self.body, self.answers, self.safe = plain(title), plain(body), answers, safe

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            yield Static(self.body, markup=False)
            with Horizontal(classes="buttons"):
                for answer, label, variant in self.answers:
                    yield Button(label, id=answer, variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one(f"#{self.safe}", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or self.safe)

    def action_safe(self) -> None:
        self.dismiss(self.safe)


UNSAVED = [("save", "Save and leave", "success"), ("discard", "Discard", "error"), ("stay", "Stay", "default")]
"""The answers when typed text is not saved yet."""
