"""Set the shared folder from the app (what `baton sync --dir PATH` does on the command line)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from baton.tui.screens.action_modal import ActionModal
from baton.tui.screens.confirm import Answer, Confirm
from baton.tui.widgets.undo_input import UndoInput


def checked_sync_dir(replica, typed: str) -> tuple[Path, bool]:
    """The folder typed, as core takes it (absolute; never one holding baton's own database, nor another team's),
    and whether it must be created; nothing is saved."""
    from baton.core.errors import InvalidValue
    from baton.sync.chosen_folder import chosen_sync_dir

    if not typed.strip():
        raise InvalidValue("type the path of the folder your sync engine shares")
    pin = replica.store.team_pin()
    return chosen_sync_dir(Path(typed.strip()), replica.home, pin.id if pin else None)


def set_sync_dir(replica, typed: str) -> str:
    """Check the folder and save it in the config."""
    from baton.core.config import save_config
    from baton.sync.chosen_folder import create_sync_dir

    root, missing = checked_sync_dir(replica, typed)
    created = create_sync_dir(root) + "; " if missing else ""
    replica.config = replica.config.with_(sync_dir=str(root))
    save_config(replica.home, replica.config)
    return f"{created}shared folder set to {root}"


MOVE_ANSWERS: list[Answer] = [("go", "Move to the new folder", "warning"), ("stay", "Keep the old folder", "default")]
"""Enter and Esc keep the old folder: moving is chosen on purpose (an arrow or Tab to it, then Enter)."""


def moving_words(old: str, new: str) -> tuple[str, str]:
    """The question before this copy leaves its shared folder: what changes, for whom."""
    return (
        "Move this copy to another shared folder?",
        f"From: {old}\nTo:   {new}\n\nTeammates who read {old} will no longer receive this copy's changes "
        "until they share the new folder too, and what they write there stops reaching this copy.",
    )


class SetFolderScreen(ActionModal):
    """Dismissed with a summary once the folder is saved; the app then syncs through it.

    A home that has a folder already is asked first, once core has taken the new one: teammates who read the old
    folder stop receiving this copy's changes (Enter and Esc keep the old folder, as the house's confirmations do).
    """

    checking = False
    """Core is checking the folder typed, before the question whether to move there: nothing is saved yet."""

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
        if self.working:
            return
        self.checking = bool(replica.config.sync_dir)  # none yet: nobody reads this copy's changes anywhere else
        if self.checking:
            self.run_core("check folder", lambda: str(checked_sync_dir(replica, typed)[0]))
        else:
            self.run_core("set folder", lambda: set_sync_dir(replica, typed))

    def written(self, summary: str) -> None:
        """Saved: close. Checked: the same folder is saved at once; another is asked about first."""
        if not self.checking:
            super().written(summary)
            return
        self.checking = self.working = False
        self.free_buttons()
        self.say("")
        replica, old, new = self.app.replica, self.app.replica.config.sync_dir or "", summary
        if new == old:
            self.run_core("set folder", lambda: set_sync_dir(replica, new))
            return

        def chosen(answer: str | None) -> None:
            if answer == "go":
                self.run_core("set folder", lambda: set_sync_dir(replica, new))
            else:
                self.say(f"Still {old}: nothing changed.")
                self.query_one("#folder", Input).focus()

        self.app.push_screen(Confirm(*moving_words(old, new), MOVE_ANSWERS), chosen)

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
