"""What a viewer may do with the roster now, and why not the rest.

The same permissions the roster rules apply to `device_retired`, `invite_revoked`,
`member_set` and `member_away` (changes.py calls `may_retire`, `may_revoke`, `may_set`
and `may_away`), asked at a stamp after every real one: the app's team screen offers a
retirement, a revocation, or someone's hours, stages and days away exactly when the
command (`baton team remove-device`, `team revoke`, `team set`, `team away`) would
accept it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..allowed import LATER
from .roster import Roster

LEAD_FIELDS = ("role", "stages")
"""What only a lead changes, for anyone (themself included)."""


def may_set(roster: Roster, author: str, hlc: str, user: object, fields: Iterable[str]) -> str | None:
    """Why `author` may not change `fields` of `user`'s details at `hlc`; None when they may."""
    if not isinstance(user, str) or roster.member(user, hlc) is None:
        return f"{user} is not on the team"
    lead = roster.is_lead(author, hlc)
    if any(f in LEAD_FIELDS for f in fields) and not lead:
        return "only a lead can change roles and stages"
    if author != user and not lead:
        return f"only {user} or a lead can change {user}'s details"
    return None


def may_away(roster: Roster, author: str, hlc: str, user: object) -> str | None:
    """Why `author` may not record `user`'s days away at `hlc`; None when they may."""
    if not isinstance(user, str) or roster.member(user, hlc) is None:
        return f"{user} is not on the team"
    if author != user and not roster.is_lead(author, hlc):
        return f"only {user} or a lead can record {user}'s time away"
    return None


def may_retire(roster: Roster, author: str, hlc: str, user: object, retire: object, signer: str) -> str | None:
    """Why `author` may not retire `user`'s device `retire` at `hlc`, signing with `signer`; None when they may."""
    if not roster.is_lead(author, hlc):
        return "only a lead can retire a device"
    if not isinstance(user, str) or not isinstance(retire, str):
        return "it names no user and device key"
    if retire == signer:
        return "a device cannot retire itself: retire it from another device"
    if not any(d.user == user and d.until is None for d in roster.devices.get(retire, ())):
        return f"that device is not one of {user}'s on the team"
    return None


def may_revoke(roster: Roster, author: str, hlc: str, invite_id: object) -> str | None:
    """Why `author` may not revoke the invitation `invite_id` at `hlc`; None when they may."""
    invite = roster.invites.get(invite_id) if isinstance(invite_id, str) else None
    if invite is None:
        return "it names no invitation recorded before it"
    if not roster.is_lead(author, hlc) and invite.by != author:
        return "only a lead, or whoever made the invitation, can revoke it"
    return None


@dataclass(frozen=True)
class TeamAction:
    """One thing that could be done to the roster now: retire a device, or revoke an invitation."""

    kind: str
    """`retire` or `revoke`."""
    user: str
    """Whose device, or whom the invitation is for."""
    target: str
    """The device's fingerprint, or the invitation's id: what the command takes."""
    label: str
    """The action in words, for a list."""
    problem: str | None
    """None when the viewer may do it now, else why not, in words."""


def team_actions(roster: Roster, viewer: str, own_key: str, now_ms: int) -> list[TeamAction]:
    """Every current device and every pending invitation, each with whether `viewer` (on device `own_key`) may
    retire or revoke it now: devices by person, then invitations oldest first."""
    actions: list[TeamAction] = []
    if not roster.founded:
        return actions
    for member in roster.members():
        for device in roster.devices_of(member.user):
            if device.until is not None:
                continue
            yours = " (this device)" if device.key == own_key else ""
            actions.append(
                TeamAction(
                    "retire",
                    member.user,
                    device.fingerprint,
                    f"Retire {member.user}'s device {device.fingerprint}{yours}",
                    may_retire(roster, viewer, LATER, member.user, device.key, own_key),
                )
            )
    for invite in roster.pending_invites(now_ms):
        if invite.device:
            what = f"Revoke the invitation for a new device of {invite.user} (id {invite.id})"
        else:
            what = f"Revoke the invitation for {invite.user} as {invite.role} (id {invite.id})"
        actions.append(TeamAction("revoke", invite.user, invite.id, what, may_revoke(roster, viewer, LATER, invite.id)))
    return actions


@dataclass(frozen=True)
class MemberChoice:
    """A member whose hours, stages or days away the viewer may change now, as the roster holds them."""

    user: str
    name: str
    stages: tuple[str, ...]
    hours: str
    """Their working hours as set ("" when never set: the default counts)."""
    away: tuple[tuple[str, str], ...]
    stages_problem: str | None
    """None when the viewer may change their stages too, else why not."""


def member_choices(roster: Roster, viewer: str) -> list[MemberChoice]:
    """Everyone whose details `viewer` may change now (a lead: everyone; a member: themself), by user."""
    if not roster.founded:
        return []
    return [
        MemberChoice(
            m.user,
            m.name,
            tuple(m.stages),
            m.hours or "",
            tuple((days.first, days.last) for days in m.away),
            may_set(roster, viewer, LATER, m.user, ["stages"]),
        )
        for m in sorted(roster.members(), key=lambda m: m.user)
        if may_set(roster, viewer, LATER, m.user, ["hours"]) is None
    ]
