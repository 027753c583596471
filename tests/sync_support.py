"""Teammates with their own homes and stores, sharing one sync folder (for the sync tests)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import GOOD_VALUES, write_relay

from baton.core.hlc import Clock
from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.run import sync_once


def teammate(
    root: Path,
    user: str,
    sync_dir: Path | None,
    wall=None,
    role: str = "member",
    tz: str = "UTC",
    name: str | None = None,
    device: str = "",
) -> Replica:
    """A fresh replica for `user` in its own home under `root`, with the relay checklist."""
    home = Home(root / f"home-{user}{device}")
    replica = Replica.init(
        home, user, role=role, tz=tz, display_name=name, sync_dir=str(sync_dir) if sync_dir else None
    )
    write_relay(home.templates)
    if wall is not None:
        use_wall(replica, wall)
    return replica


def use_wall(replica: Replica, wall) -> None:
    replica.wall = wall
    replica.clock = Clock(replica.config.replica_id, replica.store.meta("clock"), wall=wall)


def fill(replica: Replica, handoff: str, **overrides: object) -> None:
    for item_id, raw in {**GOOD_VALUES, **overrides}.items():
        replica.set_item(handoff, item_id, raw)


def projection(replica: Replica) -> dict[str, list[tuple]]:
    """Every projection row a screen reads, to compare replicas."""
    conn = replica.store.conn
    tables = {
        "handoffs": "id",
        "items": "handoff_id, item_id",
        "comments": "id",
        "conflicts": "event_id",
        "send_blocks": "event_id, item_id",
    }
    return {
        table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]
        for table, order in tables.items()
    }


def event_ids(replica: Replica) -> set[str]:
    return {r[0] for r in replica.store.conn.execute("SELECT id FROM events")}


def own_folder(replica: Replica) -> Path:
    return Path(replica.config.sync_dir) / "baton" / "v1" / "replicas" / replica.config.replica_id


def segments(replica: Replica) -> list[Path]:
    return sorted(own_folder(replica).glob("*.jsonl"))


def event_line(**fields: object) -> bytes:
    return json.dumps(fields, separators=(",", ":")).encode()


__all__ = ["event_ids", "fill", "own_folder", "projection", "segments", "sync_once", "teammate", "use_wall"]
