"""Who was removed from the team, for the report's "no clear next owner".

A handoff waiting on someone a lead removed waits on nobody: they can no longer act
on it, so a lead must reassign it. The report reads a bare connection (it must stay
fast on 100,000 handoffs), so the roster is folded only when the log holds a
removal at all: a team that never removed anyone pays one indexed lookup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..events import TEAM_STREAM


def removed_people(conn: sqlite3.Connection, database: Path) -> dict[str, str]:
    """user -> the lead who removed them, for everyone off the team now (the roster's word, signatures checked)."""
    probe = "SELECT 1 FROM events WHERE handoff_id = ? AND kind = 'member_removed' LIMIT 1"
    if conn.execute(probe, (TEAM_STREAM,)).fetchone() is None:
        return {}
    from ..store import Store

    store = Store(database)
    try:
        return store.roster().gone()
    finally:
        store.close()
