"""Export every handoff (and, if asked, every item value) to a CSV or JSON file, as `baton export` does."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from baton.tui.screens.action_modal import ActionModal
from baton.tui.widgets.tick import Tick
from baton.tui.widgets.undo_input import UndoInput


def export_to(replica, where: str, with_items: bool) -> str:
    """Write the export (CSV, or JSON for a .json name) whole or not at all; says where."""
    from baton.core.errors import InvalidValue
    from baton.core.export import export_text, write_output
    from baton.core.queues import connect

    if not where.strip():
        raise InvalidValue("type a file name to export to")
    path = Path(where.strip()).expanduser()
    fmt = "json" if path.suffix.lower() == ".json" else "csv"
    conn = connect(replica.home.database)
    try:
        text = export_text(conn, fmt, items=with_items)
    finally:
        conn.close()
    write_output(path, text)
    return f"exported to {path}"


SUGGESTED = str(Path("~") / "baton-handoffs.csv")
"""Where the export goes unless another path is typed."""


class ExportScreen(ActionModal):
    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Export handoffs", id="dialog-title")
            yield Static("Every handoff, one row each, with stable columns. A name ending in .json writes JSON.")
            yield UndoInput(SUGGESTED, id="path")  # typing replaces it
            yield Tick(False, words=("with item values (one row per item)",) * 2, id="items")
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def _export(self) -> None:
        replica, where = self.app.replica, self.query_one("#path", Input).value
        items = self.query_one("#items", Tick).value
        self.run_core("export", lambda: export_to(replica, where, items))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()  # asks first when a path was typed and nothing exported

    def unsaved_words(self) -> str:
        typed = self.query_one("#path", Input).value.strip()
        return "The path you typed is not used: nothing is exported yet." if typed not in ("", SUGGESTED) else ""

    def typing_place(self) -> str:
        return "#path"
