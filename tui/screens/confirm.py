"""A question with a few answers, where Enter and Esc both take the safe one.

Used before typed text could be lost (leaving a handoff, quitting, closing a
dialog with a reason in it): the person chooses to save, to discard, or to stay.

Asked because Esc was pressed over typed text (`drop_typed`), a second Esc drops it and leaves: Esc twice is
how people leave, and Esc meaning "keep editing" there sent them back and forth for good. That question keeps
the screen behind in sight, above or below the text it asks about, so the text to be dropped can be read.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widget import Widget
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
    Confirm .keys { color: $text-muted; margin-top: 1; }
    Confirm.-over-typing > #dialog { padding: 0 2; }
    Confirm.-over-typing #dialog-title { margin-bottom: 0; }
    Confirm.-below { align: center bottom; }
    Confirm.-above { align: center top; }
    """
    BINDINGS = [Binding("escape", "escape", "Stay"), *BUTTON_ARROWS]

    def __init__(
        self,
        title: str,
        body: str,
        answers: list[Answer],
        safe: str = "stay",
        escape: str | None = None,
        keys: str = "",
        typing: Region | None = None,
    ) -> None:
        """`escape`: the answer Esc gives (the safe one unless said); `keys`: a line saying what the keys do;
        `typing`: where the text asked about is on the screen behind, which then shows through, left in sight."""
        super().__init__(classes="-over-typing" if typing is not None else "")
        self.title_text, self.body, self.answers, self.safe = plain(title), plain(body), answers, safe
        self.escape, self.keys, self.typing = escape or safe, keys, typing

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            yield Static(self.body, markup=False)
            if self.keys:
                yield Static(self.keys, classes="keys", markup=False)
            with Horizontal(classes="buttons"):
                for answer, label, variant in self.answers:
                    yield Button(label, id=answer, variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one(f"#{self.safe}", Button).focus()
        if self.typing is not None:  # the question sits clear of the text (app.tcss lets the screen show through)
            upper = self.typing.y + self.typing.height / 2 < self.app.size.height / 2
            self.add_class("-below" if upper else "-above")

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or self.safe)

    def action_escape(self) -> None:
        self.dismiss(self.escape)


DROP_KEYS = "Esc again: drop it · Enter: keep editing"


def drop_typed(lost: str, typing: Widget | None, drop: str = "Drop it") -> Confirm:
    """Esc over typed text not saved: Enter keeps editing, Esc again drops it (and leaves), the text in sight."""
    answers = [("stay", "Keep editing", "primary"), ("discard", drop, "error")]
    region = typing.region if typing is not None else None
    return Confirm("Drop what you typed?", lost, answers, escape="discard", keys=DROP_KEYS, typing=region)


UNSAVED = [("save", "Save and leave", "success"), ("discard", "Discard", "error"), ("stay", "Stay", "default")]
"""The answers when typed text is not saved yet."""
