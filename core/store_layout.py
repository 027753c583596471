"""Moving a database of the previous layout (an `events` table of text columns) to today's (event_log.py).

Done once, on the first open by a baton of this layout, in one transaction: a
crash or a kill part way leaves the old file as it was, and the next open starts
again. Every event is copied with the same row number (the export cursor counts
in them), the projection tables are rebuilt from the events, and the file is then
vacuumed once (the vacuum policy: schema.py); store_moves.py runs the steps and
tells the interface where they stand.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from .event_log import COLUMNS, Names, encode

if TYPE_CHECKING:
    from .store import Store

BATCH = 5000
"""Events read and written at a time: the old table is read in row order, never all at once."""

PREVIOUS_INDEXES = ("events_by_handoff", "events_by_replica", "items_waived")
"""The previous layout's indexes whose names today's layout uses for other tables."""


RETIRED = (
    ("index", "events_by_id"),
    ("index", "events_by_replica"),
    ("table", "report_rounds"),
    ("table", "report_handoffs"),
    ("trigger", "events_insert"),
    ("trigger", "events_update"),
    ("trigger", "events_delete"),
)
"""What an older layout kept that today's does without or writes otherwise (dropped with the projections'
rebuild, then made again by the schema where it still has one): at PROJECTION_LAYOUT 7 `events_by_id`, a
UNIQUE index of whole ids, gave way to `events_by_key` and a check after each insert, and the `events`
view's triggers find an event by its key (schema.py); at 8 `events_by_replica` went (the export reads the log
in row order: sync/ledger.py); at 9 `report_rounds`, whose rounds `rounds` holds once with the sends; at 10 `report_handoffs`, whose figures
`handoffs` gives (report_tables.py)."""


def drop_retired(conn: sqlite3.Connection) -> None:
    """Inside the caller's transaction: the objects of RETIRED gone."""
    for kind, name in RETIRED:
        conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")


def previous_layout(conn: sqlite3.Connection) -> bool:
    """Whether this database keeps its events in the previous layout's `events` table."""
    row = conn.execute("SELECT type FROM sqlite_schema WHERE name = 'events'").fetchone()
    return row is not None and row[0] == "table"


def move_events(store: Store, copied: Callable[[int, int], None] | None = None) -> int:
    """Inside the caller's write transaction: today's tables made, every event of the old `events` table
    copied into them, the old table and its projections dropped; the number of events moved. The caller
    rebuilds the projections (its PROJECTION_LAYOUT mark is dropped here). `copied` is told the events
    copied so far and their number after each batch."""
    conn = store.conn
    total = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    columns = {row[1] for row in conn.execute("PRAGMA table_info(events)")}
    snapshot = "snapshot, snapshot_at" if "snapshot" in columns else "NULL, NULL"
    conn.execute("ALTER TABLE events RENAME TO previous_events")
    for index in PREVIOUS_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {index}")
    if conn.execute("SELECT type FROM sqlite_schema WHERE name = 'items'").fetchone() == ("table",):
        conn.execute("DROP TABLE items")
    store.create_schema()
    names = Names(conn)
    moved, after = 0, -1
    while True:
        rows = conn.execute(
            "SELECT rowid, id, handoff_id, kind, hlc, at, author, replica, payload, "
            f"{snapshot} FROM previous_events WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (after, BATCH),
        ).fetchall()
        if not rows:
            break
        encoded = encode([tuple(row)[1:] for row in rows], names)
        conn.executemany(
            f"INSERT INTO event_log (seq, {COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(row[0], *values) for row, values in zip(rows, encoded, strict=True)],
        )
        moved += len(rows)
        after = rows[-1][0]
        if copied is not None:
            copied(moved, total)
    conn.execute("DROP TABLE previous_events")
    conn.execute("DELETE FROM meta WHERE key = 'projection_layout'")
    return moved
