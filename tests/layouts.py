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


LAYOUT6_SENDS = (
    "CREATE TABLE sends (event_id TEXT PRIMARY KEY, handoff_id TEXT NOT NULL, round INTEGER NOT NULL, "
    "sender TEXT NOT NULL, receiver TEXT NOT NULL, sent_at INTEGER NOT NULL, deadline INTEGER NOT NULL, "
    "answer TEXT, answer_event_id TEXT, answered_at INTEGER, answered_by TEXT, reason TEXT) WITHOUT ROWID"
)

LAYOUT6_BLOCKS = (
    "CREATE TABLE send_blocks (event_id TEXT NOT NULL, handoff_id TEXT NOT NULL, item_id TEXT NOT NULL, "
    "at INTEGER NOT NULL, PRIMARY KEY (event_id, item_id)) WITHOUT ROWID"
)

LAYOUT6_VIEW_TRIGGERS = """
CREATE TRIGGER events_insert INSTEAD OF INSERT ON events BEGIN
    INSERT OR IGNORE INTO names (name) VALUES (NEW.handoff_id), (NEW.kind), (NEW.author), (NEW.replica);
    INSERT INTO event_log (id, handoff, kind, at, author, replica, payload) VALUES (baton_id(NEW.id),
        (SELECT ref FROM names WHERE name = NEW.handoff_id), (SELECT ref FROM names WHERE name = NEW.kind), NEW.at,
        (SELECT ref FROM names WHERE name = NEW.author), (SELECT ref FROM names WHERE name = NEW.replica), NEW.payload);
END;
CREATE TRIGGER events_delete INSTEAD OF DELETE ON events BEGIN
    DELETE FROM event_log WHERE id = baton_id(OLD.id);
END;
"""


def layout6(store: Store) -> None:
    """Keep this store as PROJECTION_LAYOUT 6 did: a UNIQUE index of whole event ids, the events view's
    triggers finding events by it, sends and send_blocks keyed by event with an index by handoff each."""
    conn = store.conn
    with store.writing():
        sends = [tuple(r) for r in conn.execute("SELECT * FROM sends")]
        blocks = [tuple(r) for r in conn.execute("SELECT * FROM send_blocks")]
        for trigger in ("event_log_one_id_kept", "events_insert", "events_update", "events_delete"):
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("DROP INDEX events_by_key")
        conn.execute("CREATE UNIQUE INDEX events_by_id ON event_log (id)")
        for statement in LAYOUT6_VIEW_TRIGGERS.split("END;")[:-1]:
            conn.execute(statement + "END;")
        conn.execute("DROP TABLE sends")
        conn.execute("DROP TABLE send_blocks")
        conn.execute(LAYOUT6_SENDS)
        conn.execute(LAYOUT6_BLOCKS)
        conn.executemany(f"INSERT INTO sends VALUES ({','.join('?' * 12)})", sends)
        conn.executemany("INSERT INTO send_blocks VALUES (?,?,?,?)", blocks)
        conn.execute("CREATE INDEX sends_by_handoff ON sends (handoff_id)")
        conn.execute("CREATE INDEX send_blocks_by_handoff ON send_blocks (handoff_id)")
        conn.execute("UPDATE meta SET value = '6' WHERE key = 'projection_layout'")
