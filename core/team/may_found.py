"""Whether this home may found the team, and why not: the one rule `baton team create`,
`baton init --role lead` on an existing home and the app's Team screen all ask.

A team lives in a shared folder: teammates join it from there with invitation codes,
so founding one with no folder would give a team nobody can reach; and a folder
holds one team (a second founding there only splits the people who use it). The
folder is read by the sync layer: what it found there (its team hint) comes in here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .roster import Roster

NO_FOLDER = (
    "a team lives in a shared folder, where teammates join it: set one first "
    "(in the app: F5, then f; or `baton sync --dir DIR`), then found the team"
)


@dataclass(frozen=True)
class FoundingAnswer:
    """Core's answer for a home: whether founding is offered to it at all, and if so why it cannot be done now."""

    offered: bool
    """A lead's home before any team: founding is something this person does (a member's home never is)."""
    problem: str | None
    """Why founding is refused now, in words for the person; None when it may go ahead."""


def already_founded(roster: Roster, user: str | None) -> str:
    """Why a home whose team is founded cannot found it: said to its founder, to someone on it, or to an outsider.

    Only an outsider needs an invitation: the founder (whose `init --role lead --sync-dir` founded it already)
    and a teammate are told they are on it, not sent to ask a lead for what they have.
    """
    if user and user == roster.founder:
        return "you founded this team already: invite teammates with `baton team invite USER`"
    if user and roster.member(user) is not None:
        return f"this team was founded by {roster.founder} and you are on it already: `baton team` shows who is"
    return f"this team was already founded by {roster.founder}: ask a lead for an invitation"


def founding_refusal(
    role: str, roster: Roster, sync_dir: str | None, folder_team: Mapping[str, Any] | None, user: str | None = None
) -> str | None:
    """Why this home may not found the team now; None when it may.

    `folder_team` is the team hint the shared folder holds (sync/folder.py `team_hint`), None when it has none;
    `user` is this home's person, so the founder and teammates are not told to ask for an invitation.
    """
    if roster.founded:
        return already_founded(roster, user)
    if role != "lead":
        return "only a lead founds the team (this home was set up as a member)"
    if not sync_dir:
        return NO_FOLDER
    if folder_team is not None:
        return (
            f"{sync_dir} already has a team (founded by {folder_team.get('founder')}, "
            f"fingerprint {folder_team.get('fingerprint')}): ask a lead for an invitation"
        )
    return None


def founding_answer(
    role: str, roster: Roster, sync_dir: str | None, folder_team: Mapping[str, Any] | None, user: str | None = None
) -> FoundingAnswer:
    """What the Team screen offers: founding for a lead's home with no team yet, with core's refusal if any."""
    offered = role == "lead" and not roster.founded
    return FoundingAnswer(offered, founding_refusal(role, roster, sync_dir, folder_team, user))
