"""Teammates: who writes to the shared folder, from their replica.json files and what was imported."""

from __future__ import annotations

from typing import Any

from baton.core.errors import BatonError
from baton.core.replica import Replica

from .folder import read_replica_info
from .run import sync_folder_of


def people(replica: Replica) -> list[dict[str, Any]]:
    """One row per user: display name, time zone, role, devices (replica folders), last seen (ms or None).

    The folder is read when one is set and reachable; the `teammates` table (filled
    on import) covers the rest, so the list works offline too.
    """
    rows: dict[str, dict[str, Any]] = {}
    for user, mate in replica.teammates().items():
        rows[user] = {
            "user": user,
            "display_name": mate["display_name"],
            "tz": mate["tz"],
            "role": mate["role"],
            "devices": 0,
            "last_seen": mate["last_seen"] or None,
        }
    try:
        sources = sync_folder_of(replica).sources() if replica.config.sync_dir else []
    except BatonError:
        sources = []
    for source in sources:
        try:
            info = read_replica_info(source.path)
        except BatonError:
            continue
        row = rows.setdefault(
            info.user,
            {
                "user": info.user,
                "display_name": info.display_name,
                "tz": info.tz,
                "role": info.role,
                "devices": 0,
                "last_seen": None,
            },
        )
        row["devices"] += 1
    roster = replica.store.roster()
    if roster.founded:
        # Once the team exists its roster says who holds which role, not what a replica.json claims.
        for row in rows.values():
            member = roster.member(row["user"])
            row["role"] = member.role if member else "not on the team"
    return sorted(rows.values(), key=lambda r: (r["user"] != replica.user, r["user"]))
