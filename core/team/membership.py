"""Changing the roster from this replica: found, set, away, remove, retire a device, confirm, publish;
invitations and joins are in invitations.py (importable from here as they always were).

Each change is one signed roster event, checked before it is written with the very rules every replica
applies when it meets the event (writing.py): a refusal raises with the same reason and nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import BatonError, InvalidValue, NotAllowed, NotFound
from ..event_model import Event
from ..members import away_reason, check_away, check_no_overlap, member, unknown_spell
from .folder_marks import _marks, _watermark
from .may_found import already_founded
from .member_fields import checked_changes, checked_stages, name_taken, own_config_follows
from .roster import TeamPin
from .roster import fold_roster as fold_roster  # tests fold a trial roster through here
from .voided import void_pending
from .writing import build, ensure_team, write
from .writing import device_key as device_key

if TYPE_CHECKING:
    from ..replica import Replica
    from ..store import Store

_build, _write, _ensure_team = build, write, ensure_team
"""The names retire_marks.py and older tests reach for here."""
OWN_SEGMENTS = "sync.export_seq"  # meta key the export keeps: the number of the last segment this home wrote


def found(replica: Replica, stages: list[str] | None = None) -> Event:
    """Found the team with this replica's person as its first lead.

    The founding vouches for the replicas whose events this home holds: their
    earlier work stays applied, marked as written before the team was founded.
    """
    store = replica.store
    roster = store.roster()
    if roster.founded:
        raise BatonError(already_founded(roster, replica.user))
    if store.team_pin() is not None:
        raise BatonError("this home belongs to a team it has not seen founded yet: run `baton sync` first")
    stages = checked_stages(stages) or _own_stages(store, replica.user)
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


def _own_stages(store: Store, user: str) -> list[str]:
    """The stages this home gave its own person before the team: routing to them goes on once it is founded."""
    own = member(store, user)
    return list(own.stages) if own else []


def set_member(replica: Replica, user: str, **changes: Any) -> Event:
    """Change a member's role, stages (leads), name, tz, hours or holidays (themself or a lead).

    Making a lead a member revokes, in the same change, their pending invitations that needed a lead (voided.py)."""
    fields = checked_changes(changes)
    roster = _ensure_team(replica)
    taken = name_taken(roster, user, fields.get("name"), now=replica.wall(), looks=True)
    if taken is not None:
        raise InvalidValue(taken)
    if fields.get("role") == "member" and user == replica.user:
        leads = [m for m in replica.store.roster().members() if m.role == "lead" and m.user != user]
        if not leads:
            raise NotAllowed("you are the team's only lead: make someone else a lead first")
    key = device_key(replica.home)
    demoted = fields.get("role") == "member" and replica.store.roster().is_lead(user)
    if demoted:
        upto = _marks(replica, user)  # what their devices sign past these is a member's doing, whatever its time
        if upto:
            fields["upto"] = upto
    with replica.transaction():  # one change: a demotion that left their lead's codes standing would be half made
        event = _write(replica, _build(replica, "member_set", {"user": user, **fields}, key))
        if demoted:
            void_pending(replica, user=user, lead_only=True)  # a member's codes stay theirs (voided.py)
    if user == replica.user:
        own_config_follows(replica, fields, event.hlc)
    return event


def away(replica: Replica, user: str, start: str, end: str, cancel: bool = False, reason: str = "") -> Event:
    """Days away for `user` (themself or a lead), with why if said: the roster keeps both, and the reason is what
    a sender naming them, `teammates` and `team` are told. Recorded again with a reason, the days take it.
    `cancel` takes back a spell recorded, by its first and last day; NotFound for one never recorded (the roster
    would drop nothing, and "no longer away" would be said for days still counted)."""
    _ensure_team(replica)
    check_away(start, end, replica.wall(), cancel)
    current = replica.store.roster().member(user)
    spells = [(a.first, a.last) for a in current.away] if current is not None else []
    if cancel and current is not None and (start, end) not in spells:
        raise NotFound(unknown_spell(user, start, end, spells))
    if not cancel:
        check_no_overlap(user, start, end, spells)
    said = away_reason(reason)
    payload: dict[str, Any] = {"user": user, "start": start, "end": end}
    if cancel:
        payload["cancel"] = True
    elif said:
        payload["reason"] = said
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
    with replica.transaction():  # one change: a removal that left their codes standing would be half made
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
    with replica.transaction():  # one change, as a removal is
        retired = _write(replica, _build(replica, "device_retired", payload, key))
        void_pending(replica, key=chosen[0].key)  # the codes made with it end with it (voided.py)
    return retired


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


# Invitations live beside this module (one concept a module); importable from here as they always were.
from .invitations import adopt_team as adopt_team  # noqa: E402
from .invitations import check_invite_for as check_invite_for  # noqa: E402
from .invitations import invite as invite  # noqa: E402
from .invitations import join as join  # noqa: E402
from .invitations import lapse_expired as lapse_expired  # noqa: E402
from .invitations import lost_founding as lost_founding  # noqa: E402
from .invitations import revoke_invite as revoke_invite  # noqa: E402
