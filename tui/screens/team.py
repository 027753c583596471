"""F6: the team's roster as this replica holds it: members, devices, pending invitations.

A lead can make an invitation here: the code appears on screen to pass on. The
roster and the rules are core's (core/team); this screen only shows and asks.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static

from baton.core.errors import BatonError
from baton.tui.shown import plain

if TYPE_CHECKING:
    from textual import getters

    from baton.core.replica import Replica
    from baton.core.team.roster import Roster
    from baton.tui.app import BatonApp


class TeamScreen(Screen[None]):
    """Who is on the team, on which devices, in which role; invitations for leads."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "reread", "Read again"),
    ]
    DEFAULT_CSS = """
    TeamScreen #team-body { padding: 0 1; }
    TeamScreen Static { height: auto; }
    TeamScreen #team-invite { height: auto; padding: 1 0 0 0; }
    TeamScreen #team-invite Input { width: 1fr; }
    TeamScreen #team-code { padding: 1 0; color: $success; }
    TeamScreen #team-error { color: $error; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="team-body"):
            yield Static("Reading…", id="team-roster", markup=False)
            with Horizontal(id="team-invite"):
                yield Input(placeholder="user name to invite (e.g. priya)", id="invite-user")
                yield Input(placeholder="stages, comma separated", id="invite-stages")
                yield Button("Invite as member", id="invite-member")
                yield Button("Invite as lead", id="invite-lead")
            yield Static("", id="team-error", markup=False)
            yield Static("", id="team-code", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Team"
        self.action_reread()

    def action_reread(self) -> None:
        from baton.core.hlc import now_ms
        from baton.tui.cli.render_team import roster_lines

        replica = self.app.replica
        try:
            with replica.lock:
                roster = replica.store.roster()
                lead = replica.is_lead
        except (BatonError, sqlite3.Error) as exc:
            self.query_one("#team-roster", Static).update(plain(str(exc)))
            return
        lines = roster_lines(roster, replica.config.tz, now_ms())
        outside = _outside(replica, roster)
        if outside:
            lines += ["", "Writing in the shared folder, not on the team (invite, or confirm after comparing):"]
            lines += outside
        self.query_one("#team-roster", Static).update(plain("\n".join(lines)))
        self.query_one("#team-invite").display = roster.founded and lead

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("invite-member", "invite-lead"):
            user = self.query_one("#invite-user", Input).value.strip()
            stages = [s.strip() for s in self.query_one("#invite-stages", Input).value.split(",") if s.strip()]
            self.make_invite(user, "lead" if event.button.id == "invite-lead" else "member", stages)

    @work(thread=True, exclusive=True, group="team-invite", exit_on_error=False)
    def make_invite(self, user: str, role: str, stages: list[str]) -> None:
        from baton.core.team import membership

        replica = self.app.replica
        try:
            with replica.lock:
                made = membership.invite(replica, user, role=role, stages=stages)
        except (BatonError, sqlite3.Error) as exc:
            self.app.call_from_thread(self._said, str(exc), "")
            return
        code = f"Code for {made.user} ({made.role}), single use, 7 days:\n{made.code()}"
        self.app.call_from_thread(self._said, "", code)

    def _said(self, error: str, code: str) -> None:
        try:
            self.query_one("#team-error", Static).update(plain(error))
            self.query_one("#team-code", Static).update(code)
        except NoMatches:  # the screen closed while the invitation was written
            return
        if code:
            self.action_reread()


def _outside(replica: Replica, roster: Roster) -> list[str]:
    """Folders whose device the roster does not enrol now, with the fingerprint their replica.json claims."""
    from baton.core.team.keys import fingerprint
    from baton.tui.cli.team import folder_people

    if not roster.founded:
        return []
    found = []
    for person in folder_people(replica):
        if any(d.until is None for d in roster.by_replica.get(person.replica, ())):
            continue
        shown = fingerprint(person.public_key) if person.public_key else "no key published yet"
        found.append(f"  {person.user:<12} {person.display_name:<20} device {shown}")
    return found
