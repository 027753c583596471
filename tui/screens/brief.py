"""The receiver's brief for one handoff (`baton brief`): read it here, or save it as a Markdown file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, Static
from textual.worker import Worker, WorkerState

from baton.core.brief import brief_markdown
from baton.core.errors import BatonError
from baton.core.projection import HandoffState
from baton.tui.screens.button_keys import BUTTON_ARROWS, ButtonArrows
from baton.tui.shown import plain
from baton.tui.widgets.undo_input import UndoInput

if TYPE_CHECKING:
    from textual import getters

    from baton.tui.app import BatonApp


def default_path(title: str) -> str:
    """`~/brief-acme-corp-40-seats.md`: a file name people recognise."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "handoff"
    return str(Path("~") / f"brief-{slug}.md")


class BriefScreen(ButtonArrows, ModalScreen[None]):
    """The brief as text, and a path to save it to."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    DEFAULT_CSS = """
    BriefScreen { align: center middle; }
    BriefScreen > #dialog { width: 100; max-width: 100%; height: 100%; border: thick $primary;
                            background: $surface; padding: 0 1; }
    BriefScreen #brief { height: 1fr; }
    BriefScreen #save-row { height: auto; }
    BriefScreen #path { width: 1fr; }
    BriefScreen .error { height: auto; color: $error; }
    """
    BINDINGS = [Binding("escape", "close", "Close"), *BUTTON_ARROWS]

    def __init__(self, state: HandoffState, teammates: dict[str, dict[str, Any]]) -> None:
        super().__init__()
        self.state, self.teammates = state, teammates

    def compose(self) -> ComposeResult:
        app = self.app
        self.text = brief_markdown(self.state, app.replica.config.tz, app.clock(), self.teammates)
        with Vertical(id="dialog"):
            yield Label(f"Brief: {plain(self.state.title)}", id="dialog-title", markup=False)
            yield VerticalScroll(Markdown(plain(self.text), open_links=False), id="brief")  # read as it will print
            with Horizontal(id="save-row"):
                yield UndoInput(default_path(self.state.title), id="path")  # typing replaces it
                yield Button("Save", id="save", variant="primary")
                yield Button("Close", id="close")
            yield Static("", classes="error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#brief").focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#path")
    def _save(self) -> None:
        self.save(self.query_one("#path", Input).value.strip())

    @work(thread=True, group="brief-save", exit_on_error=False)
    def save(self, where: str) -> Path | None:
        """Write the file in a thread; the dialog closes once this worker has finished (see below)."""
        from baton.core.export import write_output

        try:
            path = Path(where).expanduser()
            write_output(path, plain(self.text))  # as `baton brief -o` writes it
        except (BatonError, OSError) as exc:
            self.app.call_from_thread(self.query_one(".error", Static).update, plain(f"✗ {exc}"))
            return None
        return path

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS and event.worker.group == "brief-save" and event.worker.result:
            self.notify(f"brief saved to {event.worker.result}", timeout=4)
            self.dismiss(None)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
