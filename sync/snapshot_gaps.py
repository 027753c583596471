"""Snapshots that leave events out, said on every sync for as long as this copy knows of them.

The finding is made once, when the second of a snapshot and a segment it stands for is taken in
(core/team/left_out.py); after that neither file is read again. So it is kept in the store and
said on each sync, and by `baton doctor`, like any other tampering: the copies that hold the
segments keep the events, but a teammate who joins from the snapshot never sees them, and only
the folder's owner (or a lead, by removing a forger) can put that right.
"""

from __future__ import annotations

import json

from baton.core.replica import Replica
from baton.core.store import Store
from baton.core.team.left_out import LeftOut

from .report import SyncReport, TrustIssue

KEPT = "sync.snapshot_gaps"
"""meta: [[replica, snapshot number, events left out], ...] found so far."""

KIND = "tampering"


def remember(store: Store, found: list[LeftOut]) -> None:
    """Add what this import found (inside its transaction); the largest count per snapshot is kept."""
    if not found:
        return
    kept = {(r, s): n for r, s, n in _kept(store)}
    for gap in found:
        key = (gap.replica, gap.seq)
        kept[key] = max(kept.get(key, 0), gap.count)
    store.set_meta(KEPT, json.dumps([[r, s, n] for (r, s), n in sorted(kept.items())]))


def tell(replica: Replica, report: SyncReport) -> None:
    """One warning and one trust issue per snapshot known to leave events out."""
    kept = _kept(replica.store)
    if not kept:
        return
    owners = _owners(replica)
    for folder, seq, count in kept:
        user = owners.get(folder, "its owner")
        events = f"{count:,} event{'' if count == 1 else 's'}"
        said = (
            f"TAMPERING: the snapshot of replica {folder} ({user}'s folder) standing for its segments up to "
            f"{seq:06d} leaves out {events} those segments held. This copy keeps them; a teammate who joins "
            f"from the snapshot will not see them. Only {user}'s own baton writes that snapshot: ask {user}, "
            "and a lead, what happened"
        )
        report.warn(said)
        report.distrust(TrustIssue(KIND, f"{seq:06d}.snapshot", folder, said))


def _kept(store: Store) -> list[tuple[str, int, int]]:
    """What is kept; an unreadable value (written by hand) counts as nothing found."""
    try:
        rows = json.loads(store.meta(KEPT, "") or "[]")
        return [(str(r), int(s), int(n)) for r, s, n in rows]
    except (ValueError, TypeError):
        return []


def _owners(replica: Replica) -> dict[str, str]:
    """Replica id -> user, from the roster's devices (before a team is founded there are none)."""
    owners: dict[str, str] = {}
    roster = replica.store.roster()
    for devices in roster.devices.values():
        for device in devices:
            owners.setdefault(device.replica, device.user)
    return owners
