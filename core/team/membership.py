"""Changing the roster from this replica: found, invite, join, set, confirm, remove, publish.

Each change is one signed roster event, checked before it is written with the very rules every replica
applies when it meets the event (`changes.take`, by folding the stored roster events plus this one): a
refusal raises with the same reason and nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import BatonError, InvalidValue, NotAllowed, NotFound
from ..event_model import Event
from ..ids import new_id
from ..members import check_away
from .changes import NOT_RECORDED
from .folder_marks import _marks, _watermark
from .invite import DEFAULT_DAYS, Invite, read_code
from .keys import DeviceKey, DeviceKeyError
from .member_fields import checked_changes, checked_stages, own_config_follows
from .roster import TEAM_STREAM, Roster, TeamPin, fold_roster
from .signing import sign_event
from .voided import void_pending

if TYPE_CHECKING:
    from ..home import Home
    from ..replica import Replica
    from .founding import Rivals

DAY_MS = 24 * 3600 * 1000
OWN_SEGMENTS = "sync.export_seq"  # meta key the export keeps: the number of the last segment this home wrote
MAX_INVITE_DAYS = 365


def device_key(home: Home) -> DeviceKey:
    """This home's device key; made (mode 0600) the first time a home from before keys needs one."""
    if not home.device_key.exists():
        key = DeviceKey.generate()
        try:
            key.save(home.device_key)
            return key
        except DeviceKeyError:
            if not home.device_key.exists():
                raise
            # Another baton process of this home made it first: use that one.
    return DeviceKey.load(home.device_key)


def _build(replica: Replica, kind: str, payload: dict[str, Any], key: DeviceKey) -> dict[str, Any]:
    event = {
        "id": new_id(),
        "handoff": TEAM_STREAM,
        "kind": kind,
        "hlc": replica.clock.tick(),
        "at": replica.wall(),
        "author": replica.user,
        "replica": replica.config.replica_id,
        "payload": payload,
    }
    return sign_event(event, key)


def _write(replica: Replica, event: dict[str, Any], pin: TeamPin | None = None, waits: bool = False) -> Event:
    """Check the event with the roster rules, then append it (and the pin, if any) in one transaction.
    `waits`: a join whose invitation's record has not reached this home is written all the same (it counts once
    the record arrives, on every replica)."""
    store = replica.store
    trial = fold_roster([*store.roster_events(), event], pin or store.team_pin())
    refusal = next((r for r in trial.refused if r.event_id == event["id"]), None)
    if refusal is not None and not (
        waits and refusal.reason == NOT_RECORDED
    ):  # naming someone the team does not hold is a lookup miss (exit 4), not a refusal
        missing = refusal.reason == f"{event['payload'].get('user')} is not on the team"
        raise (NotFound if missing else NotAllowed)(refusal.reason)
    checked = Event.model_validate({"v": 1, **event})
    with store.lock, store.writing():
        if pin is not None:
            store.pin_team(pin)
        store.append([checked.row()], clock=replica.clock.last)
    return checked


def found(replica: Replica, stages: list[str] | None = None) -> Event:
    """Found the team with this replica's person as its first lead.

    The founding vouches for the replicas whose events this home holds: their
    earlier work stays applied, marked as written before the team was founded.
    """
    store = replica.store
    roster = store.roster()
    if roster.founded:
        raise BatonError(f"this team was already founded by {roster.founder}: ask a lead for an invitation")
    if store.team_pin() is not None:
        raise BatonError("this home belongs to a team it has not seen founded yet: run `baton sync` first")
    stages = checked_stages(stages)
    key = device_key(replica.home)
    # Per replica, the newest stamp this home holds from it: the old work the founding vouches for.
    legacy = dict(sorted(tuple(r) for r in store.query("SELECT replica, MAX(hlc) FROM events GROUP BY replica")))
    own = replica.config.replica_id
    # Per folder, the last segment this home took in from it; its own, how many it wrote (legacy.py).
    upto = {r: m for r in legacy if r != own and (m := _watermark(replica, r)) is not None}
    payload = {
        "name": replica.config.display_name,
        "tz": replica.config.tz,
        "stages": stages or [],
        "legacy": legacy,
        "upto": upto,
        "own_upto": int(store.meta(OWN_SEGMENTS) or 0),
    }
    event = _build(replica, "team_founded", payload, key)
    return _write(replica, event, TeamPin(event["id"], key.public))


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
    _write(replica, _build(replica, "member_invited", {"invite": made.as_payload()}, key))
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
    lapsed = [
        i
        for i in roster.invites.values()
        if i.expires < now
        and i.id not in roster.used
        and i.id not in roster.revoked
        and (i.by == replica.user or not roster.is_lead(i.by))
    ]
    if not lapsed:
        return []
    key = device_key(replica.home)
    if roster.device_user(key.public) != replica.user:
        return []  # this device is not the team's: its word would not count
    done = []
    for invite in sorted(lapsed, key=lambda i: i.id):
        try:
            _write(replica, _build(replica, "invite_revoked", {"invite": invite.id, "lapsed": True}, key))
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
    key = device_key(replica.home)
    replica.clock.observe(invite.hlc)
    payload = {"invite": invite.as_payload(), "name": replica.config.display_name, "tz": replica.config.tz}
    event = _build(replica, "member_joined", payload, key)
    roster = replica.store.roster()
    if roster.founded:
        return _write(replica, event, TeamPin(invite.team, invite.founder) if pin is None else None, waits=True)
    # The founding has not reached this home yet: the join cannot be judged here, every replica judges it later.
    checked = Event.model_validate({"v": 1, **event})
    store = replica.store
    with store.lock, store.writing():
        if pin is None:
            store.pin_team(TeamPin(invite.team, invite.founder))
        store.append([checked.row()], clock=replica.clock.last)
    return checked


def set_member(replica: Replica, user: str, **changes: Any) -> Event:
    """Change a member's role, stages (leads), name, tz, hours or holidays (themself or a lead)."""
    fields = checked_changes(changes)
    _ensure_team(replica)
    if fields.get("role") == "member" and user == replica.user:
        leads = [m for m in replica.store.roster().members() if m.role == "lead" and m.user != user]
        if not leads:
            raise NotAllowed("you are the team's only lead: make someone else a lead first")
    key = device_key(replica.home)
    if fields.get("role") == "member" and replica.store.roster().is_lead(user):
        upto = _marks(replica, user)  # what their devices sign past these is a member's doing, whatever its time
        if upto:
            fields["upto"] = upto
    event = _write(replica, _build(replica, "member_set", {"user": user, **fields}, key))
    if user == replica.user:
        own_config_follows(replica, fields)
    return event


def away(replica: Replica, user: str, start: str, end: str, cancel: bool = False, reason: str = "") -> Event:
    _ensure_team(replica)
    check_away(start, end, replica.wall(), cancel)
    payload: dict[str, Any] = {"user": user, "start": start, "end": end}
    if cancel:
        payload["cancel"] = True
    if reason.strip():  # for the team to read in the log; the roster keeps the days
        payload["reason"] = " ".join(reason.split())
    return _write(replica, _build(replica, "member_away", payload, device_key(replica.home)))


def set_stage_rule(replica: Replica, stage: str, rule: str, owner: str | None = None) -> Event:
    """Leads: how a stage picks its receiver, for every replica (routing.py)."""
    checked_stages([stage])
    _ensure_team(replica)
    payload: dict[str, Any] = {"stage": stage, "rule": rule}
    if owner is not None:
        payload["owner"] = owner
    return _write(replica, _build(replica, "stage_rule", payload, device_key(replica.home)))


def remove(replica: Replica, user: str, reason: str = "") -> Event:
    _ensure_team(replica)
    if user == replica.user:
        raise NotAllowed("a lead cannot remove themself: ask another lead")
    payload: dict[str, Any] = {"user": user, "reason": reason} if reason else {"user": user}
    # Per device of theirs, the last segment this copy took in: what they sign past it never counts, whatever
    # time it claims (a removed person can set a clock back as well as a thief can).
    upto = _marks(replica, user)
    if upto:
        payload["upto"] = upto
    removed = _write(replica, _build(replica, "member_removed", payload, device_key(replica.home)))
    void_pending(replica, user=user)  # the codes they made end with them (voided.py)
    return removed


def retire_device(replica: Replica, user: str, device: str) -> Event:
    """Leads: one of `user`'s devices (by fingerprint) stops counting from now, on every replica: a lost laptop.

    What this copy has taken in from it keeps counting (the retirement names that segment); anything else it
    signs is kept aside on every replica, whatever time it claims, even work it had not synced yet.
    """
    from .keys import fingerprint

    roster = _ensure_team(replica)
    wanted = "".join(device.split()).lower()
    current = [d for d in roster.devices_of(user) if d.until is None]
    chosen = [d for d in current if d.fingerprint == wanted or d.key == device.strip()]
    if not chosen:
        seen = ", ".join(d.fingerprint for d in current) or "none"
        raise NotFound(f"{user} has no device {device} on the team (theirs now: {seen})")
    key = device_key(replica.home)
    if chosen[0].key == key.public:
        raise NotAllowed(f"this is the device you are using ({fingerprint(key.public)}): retire it from another one")
    payload: dict[str, Any] = {"user": user, "key": chosen[0].key}
    upto = _watermark(replica, chosen[0].replica)
    if upto is not None:
        payload["upto"] = upto
    retired = _write(replica, _build(replica, "device_retired", payload, key))
    void_pending(replica, key=chosen[0].key)  # the codes made with it end with it (voided.py)
    return retired


def revoke_invite(replica: Replica, code: str) -> Invite:
    """Leads, or whoever made it: an invitation not used yet never counts, on every replica (a code that leaked)."""
    roster = _ensure_team(replica)
    text = code.strip()
    invite: Invite | None = roster.invites.get(read_code(text).id if text.startswith("baton1.") else text)
    if invite is None:
        raise NotFound("no invitation recorded with that code or id: `baton team --json` lists pending ones")
    if invite.id in roster.used:
        user = roster.used[invite.id]
        raise InvalidValue(f"this invitation was already used by {user}: `baton team remove {user}` takes them off")
    if invite.id in roster.revoked:
        raise InvalidValue("this invitation is revoked already")
    _write(replica, _build(replica, "invite_revoked", {"invite": invite.id}, device_key(replica.home)))
    return invite


def confirm(replica: Replica, user: str, public_key: str, replica_id: str, name: str = "", tz: str = "") -> Event:
    """Enrol a device already writing in the folder (upgrading a team from before the roster)."""
    _ensure_team(replica)
    payload = {"user": user, "enrol": public_key, "replica": replica_id}
    if name:
        payload["name"] = name
    if tz:
        payload["tz"] = tz
    return _write(replica, _build(replica, "device_added", payload, device_key(replica.home)))


def publish(replica: Replica, snapshot: dict[str, Any]) -> Event:
    """Publish the team's own checklist: from then on every replica knows it by its content hash."""
    _ensure_team(replica)
    return _write(replica, _build(replica, "checklist_published", {"checklist": snapshot}, device_key(replica.home)))


def _ensure_team(replica: Replica) -> Roster:
    roster = replica.store.roster()
    if not roster.founded:
        raise BatonError("there is no team yet: a lead founds it with `baton team create`")
    return roster
