"""Signing and writing one roster change from this replica, for every kind of change (membership.py,
invitations.py).

A change is checked before it is written with the very rules every replica applies when it meets the
event (`changes.take`, by folding the stored roster events plus this one): a refusal raises with the same
reason and nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import BatonError, NotAllowed, NotFound
from ..event_model import Event
from ..ids import new_id
from .keys import DeviceKey, DeviceKeyError
from .roster import TEAM_STREAM, Roster, TeamPin, fold_roster
from .signing import sign_event

if TYPE_CHECKING:
    from ..home import Home
    from ..replica import Replica


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


def build(replica: Replica, kind: str, payload: dict[str, Any], key: DeviceKey) -> dict[str, Any]:
    event = {
        "id": new_id(replica.config.replica_id),
        "handoff": TEAM_STREAM,
        "kind": kind,
        "hlc": replica.clock.tick(),
        "at": replica.wall(),
        "author": replica.user,
        "replica": replica.config.replica_id,
        "payload": payload,
    }
    return sign_event(event, key)


def write(replica: Replica, event: dict[str, Any], pin: TeamPin | None = None, waits: bool = False) -> Event:
    """Check the event with the roster rules, then append it (and the pin, if any) in one transaction.

    `waits`: a join whose invitation's record has not reached this home is written all the same: it counts
    on every replica, this one too, once the record arrives from the maker's folder (changes.NOT_RECORDED)."""
    from .changes import NOT_RECORDED

    store = replica.store
    trial = fold_roster([*store.roster_events(), event], pin or store.team_pin())
    refusal = next((r for r in trial.refused if r.event_id == event["id"]), None)
    if refusal is not None and not (
        waits and refusal.reason == NOT_RECORDED
    ):  # naming someone the team does not hold is a lookup miss (exit 4), not a refusal
        named = event["payload"].get("user")
        if refusal.reason == f"{named} is not on the team":  # a typo of a member's name says whose
            from ..near_miss import did_you_mean

            raise NotFound(refusal.reason + did_you_mean(str(named), (m.user for m in trial.members())))
        raise NotAllowed(refusal.reason)
    checked = Event.model_validate({"v": 1, **event})
    with store.lock, store.writing():
        if pin is not None:
            store.pin_team(pin)
        store.append([checked.row()], clock=replica.clock.last)
    return checked


def ensure_team(replica: Replica) -> Roster:
    roster = replica.store.roster()
    if not roster.founded:
        raise BatonError("there is no team yet: a lead founds it with `baton team create`")
    return roster
