"""Invitations that end with the power that made them: a removed person's, a retired device's, a demoted lead's.

An invitation is signed by its maker's device and recorded in the maker's folder; once
recorded there before the maker was removed (or the device retired), it counts like any
other, whoever holds the code. A rogue lead's codes handed out before their removal, or a
code a thief made on a stolen laptop before the lead retired it (a device invitation for
a device of the thief's own, which then speaks for the laptop's owner), would outlive the
removal or retirement. So the lead's copy that removes or retires revokes, in the same
command, every invitation of theirs (or made with that key) it has not seen used: a
signed `invite_revoked` per invitation, refused on every replica whatever a join claims
(changes.py). A join that was made in time but not seen by the lead's copy yet needs a
new code, as with an invitation that lapsed.

A lead made a member again keeps no lead's power through the codes they made as a lead: the
demoting copy revokes, in the same command, their pending invitations that needed a lead
(`needs_a_lead`: someone new, or a device for someone else); one for a device of their own
stays, since a member may make it. What the demoting copy never saw of theirs comes past
the demotion's watermark and is judged as a member's (changes.py `_invited`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import NotAllowed

if TYPE_CHECKING:
    from ..replica import Replica
    from .invite import Invite
    from .roster import Roster


def pending_of(roster: Roster, user: str | None = None, key: str | None = None) -> list[Invite]:
    """The invitations made by `user` (or signed with device `key`; anyone's when neither is given) that this
    roster has not seen used or revoked: what a removal (or retirement) of theirs revokes."""
    anyone = user is None and key is None
    return [
        i
        for i in roster.invites.values()
        if (anyone or i.by == user or i.key == key) and i.id not in roster.used and i.id not in roster.revoked
    ]


def needs_a_lead(invite: Invite) -> bool:
    """Whether making `invite` took a lead's power: someone new, or a device for someone else (a member invites
    only devices of their own)."""
    return not invite.device or invite.user != invite.by


def void_pending(
    replica: Replica, user: str | None = None, key: str | None = None, lead_only: bool = False
) -> list[Invite]:
    """Revoke the invitations made by `user` (or signed with device `key`) that this copy has not seen used;
    `lead_only`: only those that needed a lead's power (a demotion's)."""
    from .writing import build, device_key, write

    pending = pending_of(replica.store.roster(), user, key) if user is not None or key is not None else []
    if lead_only:
        pending = [i for i in pending if needs_a_lead(i)]
    done = []
    signer = device_key(replica.home)
    for invite in sorted(pending, key=lambda i: i.id):
        try:
            write(replica, build(replica, "invite_revoked", {"invite": invite.id}, signer))
        except NotAllowed:
            continue
        done.append(invite)
    return done
