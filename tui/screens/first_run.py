"""First run: no replica here yet, so ask who this is and create one (Replica.init).

The shared folder is chosen as `baton init --sync-dir` and the F5 dialog choose it
(sync/chosen_folder.py): a folder whose parent does not exist is refused, one inside the
baton home too, and a missing one is created. Saved unchecked, a typo meant every later
sync said "the shared folder does not exist" and synced nothing. A refusal puts the
cursor back in the field it is about.

With an invitation code (and the shared folder) it does what `baton init --invite` does: the code is checked
against the user name first, the role is the invitation's, and the team is joined (sync/joining.py). A join
refused after the home was made takes the home away again: the screen is there to try once more."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from baton.core.config import check_user
from baton.core.errors import BatonError
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.timezones import guess_system_zone, zone
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

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Welcome to baton", id="dialog-title")
            yield Static(
                f"baton is not set up in {self.home.root} yet. Say who you are: teammates see "
                "your name and your local time on every handoff. "
                "Joining a team? Paste the invitation code a lead gave you and the shared folder your sync "
                "engine keeps in step.",
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

    @work(thread=True, group="first-run", exit_on_error=False)
    def create(
        self, user: str, role: str, tz: str, name: str | None, sync_dir: str | None, code: str | None = None
    ) -> Replica | None:
        import contextlib
        from pathlib import Path

        from baton.core.errors import InvalidValue
        from baton.core.hlc import now_ms
        from baton.core.new_home import paths_to_create, remove
        from baton.core.team.invitations import check_invite_for
        from baton.core.team.invite import read_code
        from baton.sync.chosen_folder import chosen_sync_dir, create_sync_dir
        from baton.sync.folder import team_hint
        from baton.tui.words import team_in_folder, toast_seconds

        field: str | None = "user"
        try:
            check_user(user)
            field = "tz"
            zone(tz)
            if code:
                field = "invite"
                invite = read_code(code)
                check_invite_for(invite, user, now_ms())  # another person's code, or an expired one: nothing made
                role = invite.role
                if not sync_dir:
                    field = "sync-dir"
                    raise InvalidValue("joining a team needs the shared folder the team syncs through")
            chosen, missing, created = None, False, ""
            if sync_dir:
                field = "sync-dir"
                chosen, missing = chosen_sync_dir(Path(sync_dir), self.home)
                if missing:
                    created = create_sync_dir(chosen)  # "Created shared folder …", said as init says it
            field = None  # the rest (a name holding a control character, a home set up meanwhile) names itself
            made = paths_to_create(self.home)
            try:
                replica = Replica.init(
                    self.home, user, role=role, tz=tz, display_name=name, sync_dir=str(chosen) if chosen else None
                )
                if code:
                    field = "invite"  # a code used, revoked or for another team: read from the folder just now
                    try:
                        joined = joined_here(replica, code)
                    except BaseException:
                        replica.close()
                        remove(made)  # the home made a moment ago: a refused join leaves nothing half made
                        raise
            except BaseException:
                if chosen is not None and missing:
                    with contextlib.suppress(OSError):
                        chosen.rmdir()  # the folder made a moment ago, still empty: a refusal changes nothing
                raise
        except (BatonError, OSError) as exc:
            self.post_message(ActionFailed("setup", str(exc), item_id=field))
            return None
        if created:
            self.app.call_from_thread(self.app.notify, created, timeout=6)
        if code:  # on the team now: the folder's team is this home's own, nothing to warn of
            # long enough to read the device's fingerprint, which the person may compare with the lead's
            self.app.call_from_thread(self.app.notify, joined, timeout=12 + toast_seconds(joined))
            return replica
        hint = team_hint(chosen) if chosen is not None else None
        if hint is not None:  # as `baton init` notes it: set up, but nothing written here counts yet
            said = team_in_folder(hint.get("founder"), user)
            self.app.call_from_thread(self.app.notify, said[0].upper() + said[1:], severity="warning", timeout=30)
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
        self.query_one(".error", Static).update(plain(f"✗ {message.error}"))
        if message.item_id:
            self.query_one(f"#{message.item_id}", Input).focus()  # where the fix is typed

    def action_quit(self) -> None:
        self.dismiss(None)


def joined_here(replica: Replica, code: str) -> str:
    """Join as `baton init --invite` does (sync/joining.py), send it out quietly, and say it as a toast."""
    from baton.core.team.membership import device_key
    from baton.sync.joining import join_team, waiting_for_record
    from baton.sync.run import sync_once
    from baton.sync.starter import started_words
    from baton.tui.words import joined_words, record_not_here, with_note

    invite = join_team(replica, code)
    sync_once(replica, check=False)  # quietly (the sync screen shows what went wrong); a starter's check is next
    said = joined_words(invite, device_key(replica.home).fingerprint)
    note = f"{record_not_here(invite.by)} (the next sync takes it in)" if waiting_for_record(replica) else None
    note = note or started_words(replica)
    return with_note(said, note)
