"""A home whose config.json was lost while its baton.db is intact: `baton init` takes that database up again.

The database holds work not sent yet. Made afresh, the home would get a new replica id, and its own database
would be another home's (home_owner.py refuses it); moving the database out, as that refusal says, abandons
the unsent work. But the database says whose it is: the replica id recorded there (home_owner.maker), the
person who wrote as that replica (its events' author) and the device keys it signed the team's events with.
`init` for that person, in the home holding that device key, readopts the replica id: the clock, the export
cursor and the segments already in the shared folder go on as before, so no teammate sees another device
writing as this replica.

Refused, with nothing written: a database another person wrote (a teammate's copied in, or a user name
mistyped), and one whose device key this home does not hold (copied in from another device: two homes
writing as one replica is what every teammate would be told of as tampering).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from .errors import BatonError
from .events import TEAM_STREAM
from .home import Home
from .home_owner import maker, recorded_device
from .record import record


@record(frozen=True)
class KeptDatabase:
    """What the intact database says of the home that made it."""

    replica: str
    """The replica id it records: the home's again."""
    display_name: str | None
    """The name its person went by there (the teammates row), if any."""
    role: str | None
    """The role its person had there (the teammates row), if any."""
    tz: str | None
    """The zone its person's times were shown in there (the teammates row), if any."""
    on_team: bool
    """Whether this replica founded or joined the team (it signed the team's events): nothing to found or join."""


class NotThisHomesDatabase(BatonError):
    """The intact database was made by another person, or on another device."""


def kept_database(home: Home, user: str) -> KeptDatabase | None:
    """The database `home` holds, when `init` for `user` may take it up again; None when there is none to take
    up (no database, or one showing no maker: own_store records it as the new home's). Reads only."""
    path = home.database
    if not path.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True)) as conn:
            replica = maker(conn)
            if replica is None:
                return None
            authors, keys, row = _hand(conn, replica, user)
            device, published = recorded_device(conn), _published(conn)
    except sqlite3.DatabaseError:  # damaged: opening it says so in its own words (store.py)
        return None
    others = sorted(authors - {user})
    if others and user not in authors:
        raise NotThisHomesDatabase(
            f"{path} is another home's database: replica {replica}, written by {others[0]}, not {user}. If it is "
            f"yours, set this home up for {others[0]} (`baton init --user {others[0]}`); else move it out of "
            f"{path.parent} and set the home up again"
        )
    held = _own_key(home)
    if device is not None and held != device:
        raise NotThisHomesDatabase(
            f"{path} is another home's database: replica {replica}, made with the device key {device[:12]}…, which "
            f"this home does not hold ({home.device_key}): copied in from another device, or this home's key was "
            f"lost too. Move it out of {path.parent}, set the home up again and sync: that brings back everything "
            "sent to the shared folder"
        )
    if (keys and held not in keys) or (device is None and published and held is None):
        raise NotThisHomesDatabase(
            f"{path} is another home's database: replica {replica} signed with a device key this home does not "
            f"hold ({home.device_key}): copied in from another device, or this home's key was lost too. Move it out of "
            f"{path.parent}, set the home up again and sync: that brings back everything sent to the shared folder"
        )
    display_name, role, tz = row or (None, None, None)
    return KeptDatabase(replica, display_name, role, tz, bool(keys))


def _hand(conn: sqlite3.Connection, replica: str, user: str) -> tuple[set[str], set[str], tuple[str, str, str] | None]:
    """Who wrote as `replica`, the device keys it signed the team's events with, and `user`'s teammates row."""
    try:
        authors = {str(a) for (a,) in conn.execute("SELECT DISTINCT author FROM events WHERE replica = ?", (replica,))}
        keys = {
            str(k)
            for (k,) in conn.execute(
                "SELECT DISTINCT json_extract(payload, '$.device') FROM events WHERE replica = ? AND handoff_id = ?",
                (replica, TEAM_STREAM),
            )
            if k
        }
    except sqlite3.OperationalError:  # an older database without the view: its writers said in the stored clock
        authors, keys = set(), set()
    try:
        found = conn.execute("SELECT display_name, role, tz FROM teammates WHERE user = ?", (user,)).fetchone()
    except sqlite3.OperationalError:
        found = None
    return authors, keys, (str(found[0]), str(found[1]), str(found[2])) if found else None


def _published(conn: sqlite3.Connection) -> bool:
    """Whether the database wrote segments of its own into a shared folder (signed with its device's key)."""
    try:
        return conn.execute("SELECT 1 FROM sync_segments WHERE own = 1 LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # never synced: no ledger yet
        return False


def _own_key(home: Home) -> str | None:
    """The public half of this home's device key; None when it has none that can be read."""
    from .team.keys import DeviceKey, DeviceKeyError

    try:
        return DeviceKey.load(home.device_key).public
    except DeviceKeyError:
        return None
