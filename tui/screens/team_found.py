"""Founding the team from the Team screen (F6): `c`, a plain-words confirmation, then the same call as
`baton team create` (sync/founding.py). Whether it is offered, and why it is refused, is core's answer
(core/team/may_found.py): the screen only shows it.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen
from textual.widgets import Static

from baton.core.errors import BatonError
from baton.tui.messages import RosterWritten
from baton.tui.shown import plain

if TYPE_CHECKING:
    from textual import getters

    from baton.core.team.may_found import FoundingAnswer
    from baton.tui.app import BatonApp

TITLE = "Found the team from this home?"
REFUSED = "Not founded"


BODY = (
    "You become the team's first lead. This device's key signs the roster: who is on the team, in which "
    "role, on which devices; every copy checks that signature. Teammates join with an invitation code you "
    "make here (or with `baton team invite`). The founding goes to the shared folder (F5 shows it) at the "
    "next sync; a folder holds one team."
)
"""What founding means, in plain words, for the confirmation."""


def founding_note(answer: FoundingAnswer | None) -> str:
    """The line under the roster before a team: what `c` does here, or core's reason it cannot."""
    if answer is None or not answer.offered:
        return ""
    if answer.problem is not None:
        return f"Founding the team (c): {answer.problem}."
    return "Press c to found the team from this home: you then invite teammates here."


class FoundTeam(Screen[None]):
    """The Team screen's founding: offered for a lead's home before a team, when core says so."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    founding: FoundingAnswer | None = None
    """Core's answer from the last roster read; None once a team is founded."""

    def show_founding(self, answer: Any) -> None:
        self.founding = answer
        note = self.query_one("#team-found-note", Static)
        note.update(plain(founding_note(answer)))
        note.display = bool(answer is not None and answer.offered)

    def action_found(self) -> None:
        """Core's refusal, in its words; else what founding means, then founding on "Found the team"."""
        from baton.tui.screens.confirm import Confirm

        answer = self.founding
        if answer is None or not answer.offered:
            return
        if answer.problem is not None:  # said where the eye is: the error line sits below a roster of any length
            self.app.notify(plain(answer.problem), title=REFUSED, severity="error", markup=False)
            return

        def chosen(picked: str | None) -> None:
            if picked == "go":
                self.found_team()

        answers = [("go", "Found the team", "primary"), ("stay", "Not now", "default")]
        self.app.push_screen(Confirm(TITLE, BODY, answers), chosen)

    @work(thread=True, exclusive=True, group="team-change", exit_on_error=False)
    def found_team(self) -> None:
        """The same call as `baton team create`: core judges again (the folder may have a team by now)."""
        from baton.core.team.membership import device_key
        from baton.sync.founding import found_team

        replica = self.app.replica
        try:
            found_team(replica)
        except (BatonError, sqlite3.Error, OSError) as exc:
            self.app.call_from_thread(self.app.notify, plain(str(exc)), title=REFUSED, severity="error", markup=False)
            # read again: core's answer now (the folder may have a team by now) shows in the note above
            self.post_message(RosterWritten(str(exc), "", reread=True))
            return
        key = device_key(replica.home)
        said = f"Founded the team: {replica.user} is its first lead. This device: {key.fingerprint}"
        self.post_message(RosterWritten("", said, founded=True))
        self.app.call_from_thread(self.app.action_sync_now)  # the founding goes out to the folder now
