"""The marks a lead's copy names when it ends someone's reach: per folder, the last segment it took in (origins.py).

A removal, a demotion, a retirement and the founding each name them, so what the device signs past
there is judged by where it came, not by the time it claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..replica import Replica


def _marks(replica: Replica, user: str) -> dict[str, Any]:
    """Per folder of `user`'s devices on the team, the last segment this copy took in (`_watermark`)."""
    devices = [d for d in replica.store.roster().devices_of(user) if d.until is None]
    marks = {d.replica: _watermark(replica, d.replica) for d in devices}
    return {folder: mark for folder, mark in sorted(marks.items()) if mark is not None}


def _watermark(replica: Replica, folder: str) -> dict[str, Any] | None:
    """The last segment of the device's folder this copy took in (origins.py): what it signed up to there
    keeps counting, nothing past it does, whatever time it claims. None only for a copy that took that
    folder's events in before segments were recorded: such a retirement is judged by stamp."""
    from . import origins

    store = replica.store
    last = origins.last_taken(store.conn, folder)
    if last is not None:
        return {"seq": last[0], "sha256": last[1]}
    if store.conn.execute("SELECT 1 FROM events WHERE replica = ? LIMIT 1", (folder,)).fetchone():
        return None
    return {"seq": 0, "sha256": ""}
