"""A store put back into the previous layout (an `events` table of text columns), to test moving it."""

from __future__ import annotations

from baton.core.store import EVENT_FIELDS, Store

PREVIOUS_EVENTS = (
    "CREATE TABLE events (id TEXT PRIMARY KEY, handoff_id TEXT NOT NULL, kind TEXT NOT NULL, hlc TEXT NOT NULL, "
    "at INTEGER NOT NULL, author TEXT NOT NULL, replica TEXT NOT NULL, payload TEXT NOT NULL{})"
)

PREVIOUS_ITEMS = (
    "CREATE TABLE items (handoff_id TEXT NOT NULL, item_id TEXT NOT NULL, position INTEGER NOT NULL, "
    "kind TEXT NOT NULL, required INTEGER NOT NULL, counts INTEGER NOT NULL, text TEXT NOT NULL, value TEXT, "
    "set_by TEXT, set_at INTEGER, waived INTEGER NOT NULL, waiver_reason TEXT, waived_by TEXT, problem TEXT, "
    "PRIMARY KEY (handoff_id, item_id)) WITHOUT ROWID"
)

PREVIOUS_COMMENTS = (
    "CREATE TABLE comments (id TEXT PRIMARY KEY, handoff_id TEXT NOT NULL, author TEXT NOT NULL, "
    "at INTEGER NOT NULL, text TEXT NOT NULL)"
)


def previous_layout(store: Store, snapshot_columns: bool = True) -> None:
    """Keep this store's events as the previous layout did (without the snapshot columns, payloads whole,
    when `snapshot_columns` is False: the layout before that)."""
    conn = store.conn
    with store.writing():
        rows = [tuple(r) for r in conn.execute(f"SELECT {EVENT_FIELDS} FROM logged_events ORDER BY seq")]
        comments = [tuple(r) for r in conn.execute("SELECT * FROM comments")]
        for view in ("events", "items", "comments", "logged_events"):
            conn.execute(f"DROP VIEW {view}")
        for table in ("event_log", "item_rows", "comment_rows"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute(PREVIOUS_ITEMS)
        conn.execute(PREVIOUS_COMMENTS)
        conn.executemany("INSERT INTO comments VALUES (?,?,?,?,?)", comments)
        conn.execute("CREATE INDEX comments_by_handoff ON comments (handoff_id)")
        if snapshot_columns:
            conn.execute(PREVIOUS_EVENTS.format(", snapshot TEXT, snapshot_at INTEGER"))
            conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        else:
            conn.execute(PREVIOUS_EVENTS.format(""))
            join = store.snapshots.join
            conn.executemany(
                "INSERT INTO events VALUES (?,?,?,?,?,?,?,?)", [(*r[:7], join(r[7], r[8], r[9])) for r in rows]
            )
            conn.execute("DELETE FROM snapshots")
        conn.execute("CREATE INDEX events_by_handoff ON events (handoff_id, hlc)")
        conn.execute("CREATE INDEX events_by_replica ON events (replica)")
        conn.execute("CREATE INDEX items_waived ON items (handoff_id) WHERE waived = 1")
