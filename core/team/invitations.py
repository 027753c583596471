"""Invitations: a lead invites someone (or a member a device of their own), the invited device joins with the
code, and codes not used are revoked or lapse. Each is one signed roster event (writing.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import BatonError, InvalidValue, NotAllowed, NotFound
from ..event_model import Event
from ..ids import new_id
from .invite import DEFAULT_DAYS, Invite, read_code
from .look_alike import reads_like
from .member_fields import checked_stages, name_key, name_taken
from .roster import TeamPin
from .voided import pending_of
from .writing import build, device_key, ensure_team, write

if TYPE_CHECKING:
    from ..replica import Replica
    from .founding import Rivals

DAY_MS = 24 * 3600 * 1000
MAX_INVITE_DAYS = 365


def invite(
    replica: Replica,
    user: str,
    role: str = "member",
    stages: list[str] | None = None,
    days: float = DEFAULT_DAYS,
    device: bool = False,
) -> Invite:
    """Make a signed, single-use invitation and record it (pending until used); leads only, or your own device.

    `device` with another member's `user`: a lead enrols a new device for a member who lost theirs.
    """
    from ..config import check_user

    roster = replica.store.roster()
    if not roster.founded or roster.team is None:
        raise BatonError("there is no team yet: a lead founds it with `baton team create`")
    if device:
        # Your own next device; or, by a lead, a new device for a member who lost theirs (device.key gone).
        user, role, stages = user or replica.user, "member", []
        if user != replica.user:
            if not roster.is_lead(replica.user):
                raise NotAllowed("only a lead can invite a device for someone else")
            if roster.member(user) is None:
                raise NotFound(f"{user} is not on the team: invite them with `baton team invite {user}`")
        elif roster.member(replica.user) is None:
            raise NotAllowed(f"{replica.user} is not on the team: only a member's enrolled device can add another")
    else:
        check_user(user)
        if role not in ("member", "lead"):
            raise InvalidValue(f"unknown role {role!r}: use member or lead")
        if not roster.is_lead(replica.user):
            raise NotAllowed("only a lead can invite someone to the team")
        if roster.member(user) is not None:
            raise InvalidValue(f"{user} is already on the team (a second device: `baton team invite --device` there)")
        by_user = next((m for m in roster.members() if reads_like(user, m.user)), None)
        if by_user is not None:  # a user name is for good: only the newcomer's can change
            raise InvalidValue(
                f"{user} reads like {by_user.user}, a teammate's user name, so the two could not be told apart: "
                "invite them under another user name"
            )
        named = next(
            (m for m in roster.members() if name_key(m.name) == name_key(user) or reads_like(user, m.name)), None
        )
        if named is not None:  # the invitee's own user name would be theirs too: two people shown alike
            raise InvalidValue(
                f"{named.user} goes by {named.name} on the team, so a newcomer called {user} could not be told "
                f"apart: invite them under another user name, or rename {named.user} first (`baton team set "
                f"{named.user} --name NAME`)"
            )
    stages = checked_stages(stages)
    if not 0 < days <= MAX_INVITE_DAYS:  # also refuses nan; a code valid for ages would not expire at all
        raise InvalidValue(f"an invitation is valid for more than 0 and at most {MAX_INVITE_DAYS} days")
    key = device_key(replica.home)
    made = Invite(
        team=roster.team,
        founder=roster.founder_key,
        id=new_id()[:16],
        user=user,
        role=role,
        stages=tuple(stages or ()),
        by=replica.user,
        key=key.public,
        hlc=replica.clock.tick(),
        expires=replica.wall() + int(days * DAY_MS),
        device=device,
    ).signed(key)
    write(replica, build(replica, "member_invited", {"invite": made.as_payload()}, key))
    return made


def lost_founding(replica: Replica) -> Rivals | None:
    """This home founded a team at the same time as another lead, and theirs is the team (founding.py)."""
    from .founding import rivals_here

    found = rivals_here(replica.store, replica.config.replica_id)
    return found if found is not None and found.own_lost else None


def adopt_team(replica: Replica, invite: Invite) -> bool:
    """A home whose own founding lost to another lead's (founding.py) belongs, from now, to the team that counts,
    when the invitation is for that team: its next import takes that team's segments in, then it joins.
    False (nothing changed) otherwise."""
    lost = lost_founding(replica)
    if lost is None or lost.team.id != invite.team or lost.team.key != invite.founder:
        return False
    with replica.store.lock, replica.store.writing():
        replica.store.pin_team(TeamPin(invite.team, invite.founder))
    return True


def check_invite_for(invite: Invite, user: str, now_ms: int) -> None:
    """What a joining home can tell by itself: the code is for this person and still valid."""
    if invite.user != user:
        raise NotAllowed(f"this invitation is for {invite.user}, not {user}")
    if now_ms > invite.expires:
        from ..timezones import format_time

        raise NotAllowed(f"this invitation expired on {format_time(invite.expires, 'UTC')} UTC: ask for a new one")


def lapse_expired(replica: Replica) -> list[Invite]:
    """A lead's copy, before it takes anything in: every invitation past its expiry by this clock and not used as
    far as this copy knows is revoked as lapsed, on every replica, so a join that turns up later never counts,
    whatever its own stamp claims (a joiner can set its clock back; see roster.py, `invite_revoked`).

    A join not seen by then does not count either (its device needs a new invitation). Only its maker lapses an
    invitation (any lead, once the maker is not one): a lead back from days offline has not seen the maker's joins.
    Nothing is written by a member's copy, or while nothing has expired.
    """
    roster = replica.store.roster()
    if not roster.founded or not roster.is_lead(replica.user):
        return []
    now = replica.wall()
    lapsed = [i for i in pending_of(roster) if i.expires < now and (i.by == replica.user or not roster.is_lead(i.by))]
    if not lapsed:
        return []
    key = device_key(replica.home)
    if roster.device_user(key.public) != replica.user:
        return []  # this device is not the team's: its word would not count
    done = []
    for invite in sorted(lapsed, key=lambda i: i.id):
        try:
            write(replica, build(replica, "invite_revoked", {"invite": invite.id, "lapsed": True}, key))
        except NotAllowed:
            continue
        done.append(invite)
    return done


def join(replica: Replica, invite: Invite) -> Event:
    """Write this device's first roster event, carrying the invitation; pins the team it names.

    Expiry is checked here on this device's clock, and by every replica on the join's wall time; neither
    is the team's word: a lead's copy revokes a code it saw expire unused (`lapse_expired`), and a join with
    it is refused here too once this home has read that from the folder (`init --invite` reads it first)."""
    check_invite_for(invite, replica.user, replica.wall())
    pin = replica.store.team_pin()
    if pin is not None and pin.id != invite.team:
        raise NotAllowed("this home belongs to another team than the one this invitation is for")
    roster = replica.store.roster()
    taken = (
        None
        if invite.device
        else name_taken(roster, replica.user, replica.config.display_name, now=replica.wall(), looks=True)
    )
    if taken is not None:  # the roster would show them by their user name instead: said now, nothing written
        raise InvalidValue(taken, field="name")
    key = device_key(replica.home)
    replica.clock.observe(invite.hlc)
    payload = {"invite": invite.as_payload(), "name": replica.config.display_name, "tz": replica.config.tz}
    event = build(replica, "member_joined", payload, key)
    if roster.founded:
        return write(replica, event, TeamPin(invite.team, invite.founder) if pin is None else None, waits=True)
    # The founding has not reached this home yet: the join cannot be judged here, every replica judges it later.
    checked = Event.model_validate({"v": 1, **event})
    store = replica.store
    with store.lock, store.writing():
        if pin is None:
            store.pin_team(TeamPin(invite.team, invite.founder))
        store.append([checked.row()], clock=replica.clock.last)
    return checked


def revoke_invite(replica: Replica, code: str) -> Invite:
    """Leads, or whoever made it: an invitation not used yet never counts, on every replica (a code that leaked)."""
    roster = ensure_team(replica)
    text = code.strip()
    invite: Invite | None = roster.invites.get(read_code(text).id if text.startswith("baton1.") else text)
    if invite is None:
        raise NotFound("no invitation recorded with that code or id: `baton team --json` lists pending ones")
    if invite.id in roster.used:
        user = roster.used[invite.id]
        raise InvalidValue(f"this invitation was already used by {user}: `baton team remove {user}` takes them off")
    if invite.id in roster.revoked:
        raise InvalidValue("this invitation is revoked already")
    write(replica, build(replica, "invite_revoked", {"invite": invite.id}, device_key(replica.home)))
    return invite
