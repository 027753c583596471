"""After an accept: open the chain's next handoff now? (core opens it; this dialog only asks)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from baton.tui.screens.action_modal import ActionModal


class NextHandoffScreen(ActionModal):
    """Dismissed with the opened draft's id (or what went wrong, in words), or None for "not now"."""

    def __init__(self, handoff_id: str, next_ids: list[str]) -> None:
        super().__init__()
        self.handoff_id = handoff_id
        self.next_ids = next_ids

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Open the next handoff?", id="dialog-title")
            yield Static(
                f"This work goes on as {', '.join(self.next_ids)}. baton can open it now as your draft, "
                "with the values already given carried over, each marked with where it came from.",
                markup=False,
            )
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Open it", id="open", variant="success")
                yield Button("Not now", id="cancel")

    @on(Button.Pressed, "#open")
    def _open(self) -> None:
        from baton.core.chains import open_next
        from baton.core.errors import BatonError

        replica, handoff = self.app.replica, self.handoff_id

        def call() -> str:
            results = open_next(replica, handoff)
            opened = [r for r in results if r.handoff_id]
            if not opened:
                raise BatonError("; ".join(r.problem for r in results) or "nothing to open")
            return opened[0].handoff_id

        self.run_core("open next", call)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
