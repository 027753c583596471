"""First run: no replica here yet, so ask who this is and set up the home, as `baton init` does.

Both call one setup (sync/setup.py), so the app and the command line make the same home from the same
answers: the shared folder chosen as `baton init --sync-dir` and the F5 dialog choose it (a folder whose
parent does not exist is refused, one inside the baton home too, and a missing one is created); with an
invitation code (which needs the shared folder) the team joined with the invitation's role; for a lead
with a folder that has no team, the team founded. A refusal changes nothing and puts the cursor back in
the field it is about; the screen is there to try once more."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from baton.core.errors import BatonError
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.timezones import guess_system_zone
from baton.tui.messages import ActionFailed
from baton.tui.shown import plain
from baton.tui.widgets.undo_input import UndoInput


class FirstRunScreen(Screen[Replica | None]):
    """Dismissed with the new Replica, or None when the person quits."""

    CSS_PATH = "first_run.tcss"
    BINDINGS = [Binding("escape", "quit", "Quit")]

    def __init__(self, home: Home) -> None:
        super().__init__()
        self.home = home
        self.creating = False
        """True while the home is being made: a second Enter meanwhile makes nothing."""
        self.refused: str | None = None
        self.checked_with: tuple[str, ...] = ()
        """The field the refusal shown is about ("" for none in particular), None when none is shown."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Welcome to baton", id="dialog-title")
            kept = self.home.database.is_file()  # config.json lost: setting up as its person takes it up again
            yield Static(
                (
                    f"{self.home.config} is missing; {self.home.database} is still there. Say who you are "
                    "(your user name) and the shared folder: your work is kept."
                    if kept
                    else f"baton is not set up in {self.home.root} yet. Say who you are: teammates see "
                    "your name and your local time on every handoff. "
                    "Joining a team? Paste the invitation code a lead gave you and the shared folder your sync "
                    "engine keeps in step."
                ),
                markup=False,
                id="intro",
            )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("User name (lowercase, one per person)")
                    yield UndoInput(placeholder="e.g. priya", compact=True, id="user")
                with Vertical():
                    yield Label("Name teammates see")
                    yield UndoInput(placeholder="e.g. Priya Raman", compact=True, id="name")
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Role")
                    yield Select(
                        [("member", "member"), ("lead: may waive and reassign", "lead")],
                        value="member",
                        allow_blank=False,
                        compact=True,
                        id="role",
                    )
                with Vertical():
                    yield Label("Time zone (guessed from this system)")
                    yield UndoInput(guess_system_zone(), compact=True, id="tz")  # typing replaces the guess
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Invitation code (optional)")
                    yield UndoInput(placeholder="baton1.… from a lead", compact=True, id="invite")
                with Vertical():
                    yield Label("Shared folder (optional)")
                    yield UndoInput(placeholder="e.g. ~/Sync/team", compact=True, id="sync-dir")
            yield Static("", classes="error", markup=False)
            yield Button("Start using baton", id="create", variant="success")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#user", Input).focus()

    @on(Button.Pressed, "#create")
    @on(Input.Submitted, "#sync-dir")
    def _create(self) -> None:
        if self.creating:  # Enter again while the home is being made: it is made once
            return
        self.creating = True
        keys = ("user", "name", "tz", "sync-dir", "invite")
        values = {key: self.query_one(f"#{key}", Input).value.strip() for key in keys}
        self.create(
            values["user"],
            str(self.query_one("#role", Select).value),
            values["tz"],
            values["name"] or None,
            values["sync-dir"] or None,
            values["invite"] or None,
        )

    @on(Input.Submitted, "#user, #name, #tz, #invite")
    def _next(self) -> None:
        self.focus_next()

    @on(Input.Changed, "#invite")
    def _role_from_invitation(self, event: Input.Changed) -> None:
        """With a code the invitation names the role: the selector is set aside, not silently ignored."""
        self.query_one("#role", Select).disabled = bool(event.value.strip())

    @on(Input.Changed)
    def _fixing(self, event: Input.Changed) -> None:
        """A refusal is about what was typed when it was made: once that field changes, it is not the current
        problem any more, and it goes (Enter on the button says what is still wrong, if anything)."""
        if self.refused is not None and (self.refused in ("", event.input.id) or event.input.id in self.checked_with):
            self.refused = None
            self.query_one(".error", Static).update("")

    @work(thread=True, group="first-run", exit_on_error=False)
    def create(
        self, user: str, role: str, tz: str, name: str | None, sync_dir: str | None, code: str | None = None
    ) -> Replica | None:
        """The same setup as `baton init` (sync/setup.py); what it says comes as toasts."""
        from baton.core.team.membership import device_key
        from baton.sync.joining import waiting_for_record
        from baton.sync.setup import checked_with, refused_field, set_up_home
        from baton.sync.starter import started_words
        from baton.tui.words import (
            joined_words,
            kept_home,
            record_not_here,
            team_in_folder,
            toast_seconds,
            with_note,
        )

        try:
            new = set_up_home(self.home, user, role, tz, name, sync_dir, code)
        except (BatonError, OSError) as exc:
            self.post_message(ActionFailed("setup", str(exc), item_id=refused_field(exc), also=checked_with(exc)))
            return None
        replica, notify = new.replica, self.app.notify
        if new.created:
            self.app.call_from_thread(notify, new.created, timeout=6)
        if new.kept is not None:
            said = kept_home(replica.home.config, replica.home.database, replica.config.replica_id)
            self.app.call_from_thread(notify, said, timeout=6 + toast_seconds(said))
        fingerprint = device_key(replica.home).fingerprint
        if new.joined is not None:  # on the team now: the folder's team is this home's own, nothing to warn of
            waiting = waiting_for_record(replica)
            note = f"{record_not_here(new.joined.by)} (the next sync takes it in)" if waiting else None
            note = note or started_words(replica)
            said = with_note(joined_words(new.joined, fingerprint), note)
            # long enough to read the device's fingerprint, which the person may compare with the lead's
            self.app.call_from_thread(notify, said, timeout=12 + toast_seconds(said))
        elif new.founded:
            said = f"Founded the team: {user} is its first lead. This device: {fingerprint}. Invite teammates from F6."
            self.app.call_from_thread(notify, said, timeout=12 + toast_seconds(said))
        elif new.folder_team is not None:  # as `baton init` notes it: set up, but nothing written here counts yet
            said = team_in_folder(new.folder_team.get("founder"), user)
            self.app.call_from_thread(notify, said[0].upper() + said[1:], severity="warning", timeout=30)
        return replica

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Leave with the new replica once `create` has finished, not from inside it: closing
        the screen cancels its workers, and a worker that closes its own screen ends cancelled."""
        worker = event.worker
        if worker.group == "first-run" and event.state == WorkerState.SUCCESS and isinstance(worker.result, Replica):
            self.dismiss(worker.result)
        elif worker.group == "first-run" and event.state == WorkerState.ERROR:  # said, and Enter works again
            self.on_action_failed(ActionFailed("setup", f"not set up: {worker.error}"))

    def on_action_failed(self, message: ActionFailed) -> None:
        self.creating = False
        self.refused = message.item_id or ""
        self.checked_with = message.also  # core's: the inputs it checked this one against (sync/setup.py)
        self.query_one(".error", Static).update(plain(f"✗ {message.error}"))
        if message.item_id:
            self.query_one(f"#{message.item_id}", Input).focus()  # where the fix is typed

    def action_quit(self) -> None:
        self.dismiss(None)
