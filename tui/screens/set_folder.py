"""Set the shared folder from the app (what `baton sync --dir PATH` does on the command line)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from baton.tui.screens.action_modal import ActionModal
from baton.tui.widgets.undo_input import UndoInput


def set_sync_dir(replica, typed: str) -> str:
    """Check the folder (never one holding baton's own database) and save it in the config."""
    from baton.core.config import save_config
    from baton.core.errors import InvalidValue
    from baton.sync.chosen_folder import chosen_sync_dir, create_sync_dir

    if not typed.strip():
        raise InvalidValue("type the path of the folder your sync engine shares")
    pin = replica.store.team_pin()
    root, missing = chosen_sync_dir(Path(typed.strip()), replica.home, pin.id if pin else None)
    created = create_sync_dir(root) + "; " if missing else ""
    replica.config = replica.config.with_(sync_dir=str(root))
    save_config(replica.home, replica.config)
    return f"{created}shared folder set to {root}"


class SetFolderScreen(ActionModal):
    """Dismissed with a summary once the folder is saved; the app then syncs through it."""

    def compose(self) -> ComposeResult:
        current = self.app.replica.config.sync_dir or ""
        with Vertical(id="dialog"):
            yield Label("Shared folder", id="dialog-title")
            yield Static(
                "The folder Syncthing, Dropbox or a network share keeps in step between teammates. "
                "baton writes only its own files there; its database stays in the baton home.",
                markup=False,
            )
            yield UndoInput(current, placeholder="e.g. ~/Sync/team", id="folder")  # typing replaces it
            yield Static("", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Set folder", id="set", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#folder", Input).focus()

    @on(Button.Pressed, "#set")
    @on(Input.Submitted, "#folder")
    def _set(self) -> None:
        replica, typed = self.app.replica, self.query_one("#folder", Input).value
        self.run_core("set folder", lambda: set_sync_dir(replica, typed))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()  # asks first when a folder was typed and not set

    def unsaved_words(self) -> str:
        typed = self.query_one("#folder", Input).value.strip()
        if typed and typed != (self.app.replica.config.sync_dir or ""):
            return "The folder you typed is not set: your handoffs still stay where they were."
        return ""

    def typing_place(self) -> str:
        return "#folder"
