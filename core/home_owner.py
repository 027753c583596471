"""Whose database this is: the home that made it. Another home's baton.db copied into this one is refused, not used.

A database holds its home's own events, its export cursor and its clock. Copied into another home (a
teammate's baton.db dropped in, someone else's backup put back here), the next sync would write this home's
segments with the other home's events, under numbers teammates already hold: every teammate is told of
tampering, for good. So `init` records the home's replica id in its database (meta `home.replica`), and every
open of a home (the commands, the app, sync) compares it with the home's config.json and refuses another's in
one line, before anything is read or written.

A database from before the record takes it on its first open, unless it shows another home's hand: the
stored clock stamp (every write and import leaves its home's replica id there: hlc.Clock) or the segments its
ledger says it wrote itself name another replica. One showing neither has written nothing anywhere: it is
this home's. A home's own backup put back (config.json and baton.db together) names the same replica and
opens as before; a lost database made afresh by `baton sync` is recorded when it is made; a newcomer's
starter never carries its maker's record (meta is a home's own: starter_rows.OWN_TABLES).

Several people over one database (tests, the demo being built) go through `Replica(...)` itself, which
checks nothing: the check is the home's, at `Replica.open` and `Replica.init`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BatonError

if TYPE_CHECKING:
    from .home import Home
    from .store import Store

OWNER = "home.replica"
"""meta key: the replica id of the home whose database this is."""
DEVICE = "home.device"
"""meta key: the public key of the device whose home made it, once it has one: a home that lost its config.json
takes its database up again only with that key (kept_database.py)."""


class ForeignDatabase(BatonError):
    """The home's database was made by another home (another replica id)."""

    def __init__(self, path: Path, owner: str, own: str) -> None:
        super().__init__(
            f"{path} is another home's database (replica {owner}; this home is replica {own}), copied in: move "
            f"it out of {path.parent} and run `baton sync`, which brings back everything you sent to the shared "
            "folder"
        )


def maker(conn: sqlite3.Connection) -> str | None:
    """The replica whose database this is, as recorded; else as the database shows it (its stored clock, its own
    segments); None when it shows none (nothing written yet)."""
    found = _meta(conn, OWNER)
    if found:
        return found
    clock = _meta(conn, "clock")
    if clock and clock.count("-") >= 2:
        return clock.split("-", 2)[2]
    try:
        row = conn.execute("SELECT source FROM sync_segments WHERE own = 1 LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # never synced: no ledger yet
        return None
    return str(row[0]) if row else None


def refuse_foreign(conn: sqlite3.Connection, path: Path, own: str) -> None:
    """ForeignDatabase when the database at `path` (open as `conn`) is not the home `own`'s; reads only."""
    owner = maker(conn)
    if owner is not None and owner != own:
        raise ForeignDatabase(path, owner, own)


def own_store(home: Home, own: str) -> Store:
    """The home's database as a store: refused when another home made it, recorded as this home's (`own`) when
    nothing recorded it yet (an older database's first open, a new one's). Once recorded, an open only reads."""
    from .store import Store

    store = Store(home.database, empty_ok=not home.database.exists())
    try:
        refuse_foreign(store.conn, home.database, own)
        if _meta(store.conn, OWNER) is None:
            with store.lock, store.writing():
                refuse_foreign(store.conn, home.database, own)  # asked again under the write lock
                store.set_meta(OWNER, own)
    except BaseException:
        store.close()
        raise
    return store


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:  # not a store yet (a reader's first look at an older file)
        return None
    return str(row[0]) if row and row[0] else None


def recorded_device(conn: sqlite3.Connection) -> str | None:
    """The device key noted by `record_device`; None in a database from before it was noted."""
    return _meta(conn, DEVICE)


def record_device(store: Store, public: str) -> None:
    """Note the home's device key in its database, once: what a home taken up again must hold."""
    if _meta(store.conn, DEVICE) is None:
        with store.lock, store.writing():
            store.set_meta(DEVICE, public)
