"""The words baton uses for the same thing on every screen and in every command's output.

Kept apart from Textual so the command line can use them without loading the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

APP_FIX = "a lead adds one on the Team screen, F6"
"""How the app says a stage nobody receives for gets a receiver (the command line names `baton team set`): the
screen offers it first thing once there is a team, and before one says how a lead founds it."""
RECEIVER_KEY = "Ctrl+G gives it another receiver"
"""Where the app gives a draft another receiver (the command line: `baton reassign ID --receiver USER`)."""

SHOWN_BLOCKERS = 4
"""A refused send names this many items; the rest are counted (the checklist marks every one)."""


def gate_words(blockers: int, sending: bool = True) -> str:
    """The gate's one name: "Ready to send", or "2 items block sending" (receivers: "All required items done")."""
    if not blockers:
        return "Ready to send" if sending else "All required items done"
    return f"{blockers} item{'s' if blockers != 1 else ''} block{'' if blockers != 1 else 's'} sending"


def blocked_words(refusal: str, blockers: Sequence[Any]) -> str:
    """A refused send, then what still blocks it by each item's text, as the checklist shows it and the gate says it.

    "cannot send: 4 items still block it" alone leaves the person hunting through the checklist for the four.
    """
    lines = [f"{refusal}:"] + [f"✗ {b.text}: {b.reason}" for b in blockers[:SHOWN_BLOCKERS]]
    if len(blockers) > SHOWN_BLOCKERS:
        lines.append(f"… and {len(blockers) - SHOWN_BLOCKERS} more, marked in the checklist")
    return "\n".join(lines)


def refusal_words(exc: Exception) -> str:
    """Core's refusal as the app says it: where core names a command for the fix, the app's own place for it
    (one problem of several too: "nothing created, 3 problems: …" named `baton team set` in the app)."""
    from baton.core.drafts import Invalid
    from baton.core.routing import NoCandidate

    if isinstance(exc, Invalid):
        return exc.said(refusal_words)
    return exc.said(APP_FIX) if isinstance(exc, NoCandidate) else str(exc)


NOTE = "; note: "


def with_note(said: str, note: str | None) -> str:
    """What was done, then core's note on whom it now waits for (away, not on the team), as the command says it."""
    return f"{said}{NOTE}{note}" if note else said


def toast_seconds(said: str) -> float:
    """How long a summary stays up: one with a note (or a second line) takes longer to read than "sent to ben"."""
    return 8 if NOTE in said or "\n" in said else 3


def team_in_folder(founder: object, user: str) -> str:
    """Said when a home that is not on the team sets a shared folder holding one: writing there counts for nothing
    yet (`baton init`, and the app's first run, which said nothing and looked set up)."""
    return (
        f"this folder has a team (founded by {founder}): until a lead invites you (`baton team invite {user}`), "
        "nothing you write is applied by your teammates"
    )


def kept_home(config: Path, database: Path, replica: str) -> str:
    """Said when a home whose config.json was lost takes its intact database up again (`baton init`, first run)."""
    return f"{config} was missing: written again for replica {replica}, the one {database} records (its work and its sync go on as before)"


def record_not_here(by: str) -> str:
    """Said after a join whose invitation the lead's copy has not sent to the folder yet (`init --invite`, first run)."""
    return (
        f"{by}'s record of this invitation has not reached the shared folder yet: "
        "this device counts for the team once it does"
    )


def joined_words(invite: Any, fingerprint: str) -> str:
    """How a join is said, by `baton init --invite` and the app's first run alike."""
    what = "a second device of" if invite.device else f"{invite.role} of"
    stages = f", stages: {', '.join(invite.stages)}" if invite.stages else ""
    return f"Joined as {what} the team, invited by {invite.by}{stages}. This device: {fingerprint}"
