"""Your device shows times in the zone the team's roster gives you, whoever changed it there.

Your own `team set YOU --tz ZONE` changes this device's zone at once (member_fields.own_config_follows), but a
lead's `team set YOU --tz ZONE` used to reach only the roster: your teammates saw your new zone while every
command on your own device kept printing times in the old one.

The rule: this device follows the latest change of your zone in the roster, unless the device's zone was set
since then. A zone is set on a device by `init --tz` (the device's first event stands for that moment: its
join, or its founding; until it has written one, it keeps the zone `init` gave it) or by your own `team set`
there; a zone taken from the roster counts as set at that change's stamp. So a lead's change made after
reaches every device of yours, and a laptop set up later in another zone (say, on a trip) keeps its own until
the roster's zone changes again. Asked after every import (sync/importer.py); "since" is judged by clock
stamp, as every other roster question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InvalidValue
from ..timezones import zone

if TYPE_CHECKING:
    from ..replica import Replica
    from .roster import Roster

ZONE_SET = "own_zone_set"
"""Meta key: the stamp this device's zone was last set at (by the person, or taken from the roster)."""


@dataclass(frozen=True)
class ZoneChange:
    """A change of someone's zone in the roster: its stamp, the zone, and who made it ("" when unknown)."""

    hlc: str
    tz: str
    by: str = ""


def zone_change(roster: Roster, user: str) -> ZoneChange | None:
    """The latest change of `user`'s zone in the roster (the zone they joined with counts), or None."""
    found = roster.history.get(user)
    if found is None:
        return None
    latest, before = None, None
    for stamp, state in zip(*found, strict=True):
        now = state.tz if state is not None else None
        if now is not None and now != before:
            latest = ZoneChange(stamp, now)
        before = now
    return latest


def follow_roster_zone(replica: Replica) -> ZoneChange | None:
    """Move this device's zone to the roster's when the roster's was changed after the device's was set; the
    change followed (this device's zone now), or None when nothing changed here."""
    from ..config import save_config

    store = replica.store
    roster = store.roster()
    if not roster.founded:
        return None
    change = zone_change(roster, replica.user)
    if change is None or change.tz == replica.config.tz:
        return None
    set_at = _set_at(replica)
    if set_at is None or change.hlc <= set_at:
        return None
    try:
        zone(change.tz)
    except InvalidValue:
        return None  # a zone this machine's time zone data does not know: keep the one that works here
    replica.config = replica.config.with_(tz=change.tz)
    save_config(replica.home, replica.config)  # first: should it fail, the next import tries again
    zone_set(replica, change.hlc)
    return ZoneChange(change.hlc, change.tz, _author(replica, change.hlc))


def zone_set(replica: Replica, hlc: str) -> None:
    """This device's zone was set at `hlc` (your own `team set YOU --tz`): roster changes before it do not move it."""
    store = replica.store
    with store.lock, store.writing():
        store.set_meta(ZONE_SET, hlc)


def _set_at(replica: Replica) -> str | None:
    """When this device's zone was last set: as recorded, else (a device from before this was recorded) its first
    event's stamp, which is then recorded: the device was made with its zone just before it. None while the
    device has written nothing: `init` has just given it its zone (the import `init --invite` runs first)."""
    store = replica.store
    recorded = store.meta(ZONE_SET)
    if recorded is not None:
        return recorded
    row = store.conn.execute("SELECT MIN(hlc) FROM events WHERE replica = ?", (replica.config.replica_id,)).fetchone()
    if not row or not row[0]:
        return None
    zone_set(replica, str(row[0]))
    return str(row[0])


def _author(replica: Replica, hlc: str) -> str:
    """Who wrote the roster change at `hlc` about this person's zone."""
    for event in replica.store.roster_events():
        payload = event["payload"]
        if event["hlc"] == hlc and event["kind"] == "member_set" and payload.get("user") == replica.user:
            return str(event["author"])
    return ""
