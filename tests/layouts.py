"""A store put back into the previous layout (an `events` table of text columns), to test moving it."""

from __future__ import annotations

from baton.core.report_tables import TO_SEND, WAITING_SINCE
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


LAYOUT7_SENDS = (
    "CREATE TABLE sends (event_id TEXT NOT NULL, handoff_id TEXT NOT NULL, round INTEGER NOT NULL, "
    "sender TEXT NOT NULL, receiver TEXT NOT NULL, sent_at INTEGER NOT NULL, deadline INTEGER NOT NULL, "
    "answer TEXT, answer_event_id TEXT, answered_at INTEGER, answered_by TEXT, reason TEXT, "
    "PRIMARY KEY (handoff_id, event_id)) WITHOUT ROWID"
)
"""The `sends` table of layouts up to 8 (today a view of `rounds`), as layout 7 keyed it."""


LAYOUT7_BLOCKS = (
    "CREATE TABLE send_blocks (event_id TEXT NOT NULL, handoff_id TEXT NOT NULL, item_id TEXT NOT NULL, "
    "at INTEGER NOT NULL, PRIMARY KEY (handoff_id, event_id, item_id)) WITHOUT ROWID"
)


def sends_table(conn, create: str = LAYOUT7_SENDS, blocks: str = LAYOUT7_BLOCKS) -> None:
    """`sends` and `send_blocks` tables again, as `create` and `blocks` make them, with the rows their views gave
    (`rounds` and `block_rows` gone)."""
    for view, stored, make in (("sends", "rounds", create), ("send_blocks", "block_rows", blocks)):
        if conn.execute("SELECT type FROM sqlite_schema WHERE name = ?", (view,)).fetchone()[0] == "table":
            continue
        rows = [tuple(r) for r in conn.execute(f"SELECT * FROM {view}")]
        conn.execute(f"DROP VIEW {view}")
        conn.execute(f"DROP TABLE {stored}")
        conn.execute(make)
        if rows:
            conn.executemany(f"INSERT INTO {view} VALUES ({','.join('?' * len(rows[0]))})", rows)


def previous_layout(store: Store, snapshot_columns: bool = True) -> None:
    """Keep this store's events as the previous layout did (without the snapshot columns, payloads whole,
    when `snapshot_columns` is False: the layout before that)."""
    conn = store.conn
    with store.writing():
        sends_table(conn)
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
        sends_table(conn, LAYOUT6_SENDS, LAYOUT6_BLOCKS)
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


LAYOUT7_REPORT = (
    "CREATE TABLE report_handoffs (handoff_id TEXT PRIMARY KEY, template_id TEXT NOT NULL, from_stage TEXT NOT NULL, "
    "to_stage TEXT NOT NULL, sender TEXT NOT NULL, next_actor TEXT NOT NULL, status TEXT NOT NULL, "
    "waiting_since INTEGER, to_send INTEGER) WITHOUT ROWID",
    "CREATE TABLE report_rounds (handoff_id TEXT NOT NULL, event_id TEXT NOT NULL, template_id TEXT NOT NULL, "
    "from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, round INTEGER NOT NULL, sender TEXT NOT NULL, "
    "receiver TEXT NOT NULL, sent_at INTEGER NOT NULL, deadline INTEGER NOT NULL, answer TEXT, "
    "answered INTEGER NOT NULL, answered_at INTEGER, reason TEXT, reason_key TEXT, to_answer INTEGER, "
    "vague_items INTEGER NOT NULL, breach_rank INTEGER NOT NULL, PRIMARY KEY (handoff_id, event_id)) WITHOUT ROWID",
    "CREATE INDEX report_rounds_breaches ON report_rounds (receiver, answered, breach_rank, event_id) "
    "WHERE answered = 0 OR answered_at > deadline",
    "CREATE TABLE report_blocks (handoff_id TEXT NOT NULL, item_id TEXT NOT NULL, template_id TEXT NOT NULL, "
    "from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, blocks INTEGER NOT NULL, PRIMARY KEY (handoff_id, item_id)) "
    "WITHOUT ROWID",
    "CREATE TABLE report_waivers (handoff_id TEXT NOT NULL, item_id TEXT NOT NULL, template_id TEXT NOT NULL, "
    "from_stage TEXT NOT NULL, to_stage TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (handoff_id, item_id)) "
    "WITHOUT ROWID",
)
"""The report's kept tables as REPORT_LAYOUT 7 made them: keyed by 32-character handoff and event ids."""

LAYOUT7_REPORT_ROWS = {
    "report_handoffs": "SELECT id, template_id, from_stage, to_stage, sender, next_actor, status, "
    f"CASE WHEN status IN ('draft', 'sent', 'returned') THEN {WAITING_SINCE} END, "
    f"CASE WHEN first_sent_at IS NOT NULL THEN {TO_SEND} END FROM handoffs",
    "report_rounds": "SELECT n.name, s.event_id, r.template_id, r.from_stage, r.to_stage, r.round, r.sender, "
    "r.receiver, r.sent_at, r.deadline, r.answer, r.answered, r.answered_at, r.reason, r.reason_key, r.to_answer, "
    "r.vague_items, r.breach_rank FROM rounds r JOIN names n ON n.ref = r.handoff "
    "JOIN sends s ON s.handoff_id = n.name AND s.round = r.round",
    "report_blocks": "SELECT n.name, r.item_id, r.template_id, r.from_stage, r.to_stage, r.blocks "
    "FROM report_blocks r JOIN names n ON n.ref = r.handoff",
    "report_waivers": "SELECT n.name, r.item_id, r.template_id, r.from_stage, r.to_stage, r.text "
    "FROM report_waivers r JOIN names n ON n.ref = r.handoff",
}


def layout7(store: Store) -> None:
    """Keep this store as layout 7 did (PROJECTION_LAYOUT 7, REPORT_LAYOUT 7): the report's kept tables keyed
    by text ids, with the same rows, an index of events by replica, and `sends` a table of text ids beside
    the report's `report_rounds`."""
    conn = store.conn
    with store.writing():
        rows = {table: [tuple(r) for r in conn.execute(select)] for table, select in LAYOUT7_REPORT_ROWS.items()}
        sends_table(conn)
        for table in rows:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        for index in ("handoffs_waiting", "handoffs_to_send"):
            conn.execute(f"DROP INDEX {index}")
        for statement in LAYOUT7_REPORT:
            conn.execute(statement)
        for table, kept in rows.items():
            if kept:
                conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(kept[0]))})", kept)
        conn.execute("CREATE INDEX events_by_replica ON event_log (replica)")
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'report_layout'")
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'projection_layout'")
