"""F6: the team's roster as this replica holds it: members, devices, pending invitations.

A lead founds the team here (`c`, team_found.py) when core says this home may.
A lead can make an invitation here: the code appears on screen to pass on; and
retire a device (a lost laptop) or revoke an invitation not used yet, after a
confirmation. A home whose team founding is not confirmed (acceptance.py) is told
so first, with the founder's fingerprint, and accepts the team it recognises. The roster and the rules are core's (core/team): what is offered is
core's answer (core/team/allowed.py), and the change goes through the same
functions as `baton team remove-device` and `baton team revoke`.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from baton.core.errors import BatonError
from baton.tui.cli.render_team import roster_hang
from baton.tui.in_view import bring_into_view
from baton.tui.messages import RosterRead, RosterWritten
from baton.tui.screens.team_found import FoundTeam
from baton.tui.screens.team_leave import TeamLeave
from baton.tui.screens.team_outside import outside_lines
from baton.tui.shown import plain
from baton.tui.widgets.hanging_text import HangingText
from baton.tui.widgets.undo_input import UndoInput

if TYPE_CHECKING:
    from textual import getters

    from baton.core.team.allowed import MemberChoice, TeamAction
    from baton.tui.app import BatonApp


class TeamScreen(TeamLeave, FoundTeam):
    """Who is on the team, on which devices, in which role; invitations for leads."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("r", "reread", "Read again"),
        Binding("h", "member_hours", "Hours, days away"),
        Binding("c", "found", "Found", tooltip="Found the team from this home"),  # 80 columns hold the footer
    ]
    DEFAULT_CSS = """
    TeamScreen #team-body { padding: 0 1; }
    TeamScreen Static { height: auto; }
    TeamScreen #team-invite { height: auto; padding: 1 0 0 0; }
    TeamScreen #team-roster { padding: 1 0 0 0; }
    TeamScreen #team-invite Horizontal { height: auto; }
    TeamScreen #team-invite Input { width: 1fr; }
    TeamScreen #team-invite Button { margin-right: 1; }
    TeamScreen #team-code { padding: 1 0 0 0; color: $success; display: none; }
    TeamScreen #team-error { color: $error; display: none; }
    TeamScreen #team-found-note { margin-bottom: 1; display: none; }
    TeamScreen #team-changes { height: auto; max-height: 12; }
    TeamScreen #team-changes-note { color: $text-muted; padding: 1 0 0 0; }
    TeamScreen #team-changes-note.-notice { color: $warning; }
    TeamScreen #member-hours { display: none; margin-bottom: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="team-body"):
            # first, so an 80x24 terminal shows it above a roster of any length
            # No "(h)" on it: a lead's focus opens in the name to invite, where h is typed (the footer shows h)
            yield Button("Stages, hours, days away…", id="member-hours", compact=True)
            yield Static("", id="team-found-note", markup=False)  # above the roster too, for the same reason
            # a lead's focus opens in the name to invite: below a long roster it was out of an 80x24 view
            with Vertical(id="team-invite"):  # two rows, so an 80-column terminal shows every word of both
                with Horizontal():
                    yield UndoInput(placeholder="user name to invite (e.g. priya)", id="invite-user")
                    yield UndoInput(placeholder="stages, comma separated", id="invite-stages")
                with Horizontal():
                    yield Button("Invite as member", id="invite-member")
                    yield Button("Invite as lead", id="invite-lead")
            yield Static("", id="team-error", markup=False)
            yield Static("", id="team-code", markup=False)
            yield HangingText("Reading…", hang=roster_hang, id="team-roster")  # 80 columns: "away …" keeps its indent
            yield Static("", id="team-changes-note", markup=False)
            yield OptionList(id="team-changes")
        yield Footer()

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[TeamAction] = []
        """Core's answer: every device and pending invitation, and whether this viewer may retire or revoke it."""
        self.people: list[MemberChoice] = []
        """Core's answer: whose stages, hours and days away this viewer may change now."""
        self.placed = False
        """The focus has been put on the first useful widget once the roster was first read."""
        self.code_to_show = False
        """A code was just made: it is brought into view again once the roster above it has grown."""
        self.just_founded = False
        """The team was just founded here: the focus goes to the invitation once the roster shows it."""
        self.inviting = False
        """An invitation is being made and sent out: pressing Invite again meanwhile makes no second one."""
        self.invite_asked: list[str] = []
        """The name and stages of the invitation being made, taken out of their fields: put back if refused."""
        self.read_folder: str | None = None
        """The shared folder the roster was last read for (the sync screen may set another)."""

    def on_mount(self) -> None:
        self.sub_title = "Team"
        # Typing starts at once, while the roster is read (a big one, or a slow folder, never holds keys):
        # Textual's own first focus would be the scrolling body, where a typed name goes nowhere.
        self.query_one("#invite-user", Input).focus()
        self.action_reread()

    def on_screen_resume(self) -> None:
        """Back from the sync screen with another shared folder set (F5, then f): read again, so whether founding
        is offered is core's answer for that folder. Back from a dialog, the lists keep their place."""
        if self.placed and self.app.replica.config.sync_dir != self.read_folder:
            self.action_reread()

    def action_reread(self) -> None:
        self.read_folder = self.app.replica.config.sync_dir
        self.read_roster()

    @work(thread=True, exclusive=True, group="team-roster", exit_on_error=False)
    def read_roster(self) -> None:
        """The roster, the folders outside it and core's answer on each change, read off the screen's thread:
        a big roster (or a slow shared folder) never holds up typing in the invitation fields."""
        from baton.core.hlc import now_ms
        from baton.core.team import acceptance
        from baton.core.team.allowed import member_choices, team_actions
        from baton.core.team.membership import device_key
        from baton.sync.founding import may_found
        from baton.tui.cli.render_team import roster_lines

        replica = self.app.replica
        try:
            with replica.lock:
                roster = replica.store.roster()
                lead = replica.is_lead
            lines = roster_lines(roster, replica.config.tz, now_ms())
            if not roster.founded:
                from baton.core.members import members
                from baton.tui.cli.render_team import before_team_lines

                with replica.lock:
                    lines += before_team_lines(members(replica.store))
            outside = outside_lines(replica, roster)
            own = device_key(replica.home).public if roster.founded else ""
            accepting = acceptance.accept_actions(replica.store)  # a team founding not confirmed here comes first
            actions = accepting + team_actions(roster, replica.user, own, self.app.clock())
            notice = "\n".join(acceptance.explained(replica.store)) if accepting else ""
            people = member_choices(roster, replica.user)
            founding = None if roster.founded else may_found(replica)
            if founding is not None and founding.offered:  # here `c` founds it (the note says so), not a command
                lines[0] = "No team yet: this home works on its own meanwhile."
        except (BatonError, sqlite3.Error, OSError) as exc:
            self.post_message(RosterRead([], False, [], error=str(exc)))
            return
        if outside:
            lines += ["", "Writing in the shared folder, not on the team (invite, or confirm after comparing):"]
            lines += outside
        # dropped once the screen closed
        founded = roster.founded and lead
        self.post_message(RosterRead(lines, founded, actions, people=people, notice=notice, founding=founding))

    def on_roster_read(self, message: RosterRead) -> None:
        roster = self.query_one("#team-roster", Static)
        if message.error:
            roster.update(plain(message.error))
        else:
            roster.update(plain("\n".join(message.lines)))
            self.query_one("#team-invite").display = message.may_invite
            self._show_actions(message.actions, message.notice)
            self.people = message.people
            self.show_founding(message.founding)
            self.query_one("#member-hours").display = bool(self.people)
            self.refresh_bindings()
            if self.just_founded and message.may_invite:  # the next thing a founder does: invite someone
                self.just_founded = False
                self.query_one("#invite-user", Input).focus()
            if self.code_to_show:  # the new invitation's line pushed the code down, maybe out of view
                self.code_to_show = False
                bring_into_view(self.query_one("#team-code"))
        if not self.placed:  # the first read: a member's invitation fields go, the focus moves on from them
            self.placed = True
            if not (message.may_invite and not message.error):
                self._focus_first(False)
            if message.notice:  # what to know and what to choose, in one view (80x24 too), before the roster
                note = self.query_one("#team-changes-note")
                self.call_after_refresh(lambda: note.scroll_visible(top=True, animate=False))

    def _focus_first(self, may_invite: bool) -> None:
        """The first thing to use: the name to invite (leads), else the changes on offer, else the roster to
        scroll; never no focus at all, where typed keys go nowhere."""
        changes = self.query_one("#team-changes", OptionList)
        if may_invite:
            self.query_one("#invite-user", Input).focus()
        elif changes.display:
            changes.focus()
        else:
            self.query_one("#team-body").focus()

    def _show_actions(self, actions: list[TeamAction], notice: str = "") -> None:
        """Accept the team, retire a device, revoke an invitation: the ones core allows, as a list, under what to
        know first (`notice`); else, once, why not."""
        self.actions = actions
        open_ones = [a for a in self.actions if a.problem is None]
        changes = self.query_one("#team-changes", OptionList)
        changes.clear_options()
        changes.add_options(
            Option(
                plain(a.label) if a.problem is None else plain(f"{a.label}: {a.problem}"),
                id=str(i),
                disabled=bool(a.problem),
            )
            for i, a in enumerate(self.actions)
        )
        changes.display = bool(open_ones)
        note = self.query_one("#team-changes-note", Static)
        note.set_class(bool(notice), "-notice")
        if notice:
            note.update(plain(f"{notice}\nChoose one, then confirm:"))
        elif open_ones:
            note.update("Retire a device (a lost laptop) or revoke an invitation: choose one, then confirm.")
        else:
            reasons = sorted({a.problem for a in self.actions if a.problem})
            # "Retiring a device or revoking an invitation: a device cannot retire itself: …" read as a heading
            # with nothing under it; this says there is nothing to do here, and why
            note.update(plain(f"Nothing to retire or revoke here ({'; '.join(reasons)}).") if reasons else "")

    @on(OptionList.OptionSelected, "#team-changes")
    def _change_chosen(self, event: OptionList.OptionSelected) -> None:
        from baton.tui.screens.confirm import Confirm

        action = self.actions[int(event.option.id or 0)]
        if action.problem is not None:  # a disabled option: said in its own line already
            return
        if action.kind == "accept":
            title = f"Accept the team {action.user} founded?"
            body = (
                f"Only if {action.user} read you this founder fingerprint by another channel (phone, in person): "
                f"{action.target}. From then on this home follows that team, and its roster says who may do what "
                "here. A fingerprint you do not recognise means someone else wrote into the shared folder: keep "
                "it, and tell your lead."
            )
            answers = [("go", "Accept this team", "warning"), ("stay", "Not now", "default")]
        elif action.kind == "retire":
            title = f"Retire {action.user}'s device {action.target}?"
            body = (
                "What this copy has taken in from it keeps counting; anything else it signs is kept aside on "
                "every copy, even work it did not get to sync yet (sync first if the device was not stolen). "
                f"{action.user} stays on the team with their other devices. This cannot be undone."
            )
            answers = [("go", "Retire the device", "error"), ("stay", "Keep it", "default")]
        else:
            title = f"Revoke the invitation for {action.user}?"
            body = "No device can join with its code from now on, on every copy. This cannot be undone."
            answers = [("go", "Revoke it", "error"), ("stay", "Keep it", "default")]

        def chosen(answer: str | None) -> None:
            if answer == "go":
                self.change_roster(action)

        self.app.push_screen(Confirm(title, body, answers), chosen)

    @work(thread=True, exclusive=True, group="team-change", exit_on_error=False)
    def change_roster(self, action: TeamAction) -> None:
        """The same calls as `baton team accept`, `baton team remove-device` and `baton team revoke`."""
        from baton.core.team import membership

        replica = self.app.replica
        try:
            with replica.lock:
                if action.kind == "accept":
                    from baton.tui.cli.team_accept import accept_here

                    said = accept_here(replica, action.target)  # what `baton team accept` does and says
                elif action.kind == "retire":
                    membership.retire_device(replica, action.user, action.target)
                    said = f"Retired {action.user}'s device {action.target}: what it signs from now on is kept aside."
                else:
                    invite = membership.revoke_invite(replica, action.target)
                    said = f"Revoked the invitation for {invite.user} ({invite.id}): a join with it is refused."
        except (BatonError, sqlite3.Error) as exc:
            self.post_message(RosterWritten(str(exc), ""))
            return
        self.post_message(RosterWritten("", said))

    @on(Input.Submitted, "#invite-user")
    def _user_typed(self) -> None:
        """Enter goes on to the stages, as Tab does: Enter is what people press after a name."""
        self.query_one("#invite-stages", Input).focus()

    @on(Input.Submitted, "#invite-stages")
    def _stages_typed(self) -> None:
        """Enter goes to "Invite as member" (a second Enter invites); a lead is one Tab further, never by Enter alone."""
        self.query_one("#invite-member", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`h` is offered once core has said whose hours this viewer may change (nobody's before a team);
        `c` when core says founding works now; dimmed while core refuses it (no shared folder yet, a folder
        holding a team: the note above says why); absent where it is not offered (a member's home)."""
        if action == "found":
            answer = self.founding
            if answer is None or not answer.offered:
                return False
            return True if answer.problem is None else None
        return bool(self.people) if action == "member_hours" else True

    def action_member_hours(self) -> None:
        from baton.tui.screens.member_hours import MemberHoursScreen

        def done(said: str | None) -> None:
            if said:  # said where the eye is (the code line is far below), and shown in the roster read again
                self.app.notify(said, title="Team")
            self.read_roster()  # the dialog stays open after each change, said there: closed, it returns None

        self.app.push_screen(MemberHoursScreen(self.people, self.app.replica.user), done)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "member-hours":
            self.action_member_hours()
            return
        if event.button.id in ("invite-member", "invite-lead"):
            if self.inviting:  # pressed again while the invitation is made and sent out: one invitation
                return
            self.inviting = True
            # emptied as asked, so the next person can be typed at once; a refusal puts the text back
            self.invite_asked = [field.take() for field in self.invite_fields()]
            user, typed_stages = (text.strip() for text in self.invite_asked)
            stages = [s.strip() for s in typed_stages.split(",") if s.strip()]
            self.make_invite(user, "lead" if event.button.id == "invite-lead" else "member", stages)

    def invite_fields(self) -> list[UndoInput]:
        return [self.query_one("#invite-user", UndoInput), self.query_one("#invite-stages", UndoInput)]

    def invite_back(self) -> None:
        """An invitation not made: the name and stages typed for it come back, to be fixed."""
        if not self.invite_asked:
            return
        for field, text in zip(self.invite_fields(), self.invite_asked, strict=True):
            field.give_back(text)
        self.invite_asked = []

    @work(thread=True, exclusive=True, group="team-invite", exit_on_error=False)
    def make_invite(self, user: str, role: str, stages: list[str]) -> None:
        from baton.core.team import membership
        from baton.core.timezones import format_time
        from baton.core.unknown_stages import unknown_stages_note

        replica = self.app.replica
        try:
            with replica.lock:
                made = membership.invite(replica, user, role=role, stages=stages)
            note = unknown_stages_note(replica, made.user, made.stages) if made.stages else None
        except (BatonError, sqlite3.Error) as exc:
            self.post_message(RosterWritten(str(exc), ""))
            return
        until = format_time(made.expires, replica.config.tz)
        code = (  # what the invitee does with it, as `team invite` says: the code alone left the lead to find out
            f"Code for {made.user} ({made.role}), single use, until {until}. On their device: "
            f"baton init --user {made.user} --invite CODE --sync-dir DIR\n{made.code()}"
        )
        if note:  # above the code, which is copied whole: a typo'd stage is seen before the code is sent
            code = f"Note: {note}.\n{code}"
        self.post_message(RosterWritten("", code, invited=True))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "team-invite" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.inviting = False  # an invitation that failed outright can be asked again
            self.invite_back()

    def on_roster_written(self, message: RosterWritten) -> None:
        """What was written (or core's refusal), then the roster again; dropped once the screen has closed."""
        self.inviting = False
        shown_error, shown_code = self.query_one("#team-error", Static), self.query_one("#team-code", Static)
        shown_error.update(plain(message.error))
        shown_code.update(message.said)
        shown_error.display, shown_code.display = bool(message.error), bool(message.said)
        if message.invited:  # the fields were emptied as it was asked; the code is brought into view
            self.invite_asked = []
            bring_into_view(shown_code)
        elif message.error:
            self.invite_back()
            self.code_to_show = True
        if message.founded:
            self.just_founded = True
        if message.reread:
            self.read_roster()
