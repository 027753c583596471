"""The shape of a replica's SQLite file: the event log, the projections rebuilt from it, bookkeeping.

The projection tables hold nothing of their own: each is a function of the events
(see projection_rows.py), so a change of layout only needs PROJECTION_LAYOUT bumped.

Every index names, in a comment, the query it is there for; one that no query
needs costs disk and every write, and goes.

Vacuum policy: none on a schedule. The event log only grows, and a projection
rewrite deletes and writes back the same handoff's rows, so SQLite reuses the
pages it frees; the file shrinks only by `VACUUM`, which rewrites the whole file
and is worth it after a change of layout: Store._relayout runs it once it has
rebuilt the projection tables (see store.py).
"""

from __future__ import annotations

from .report_tables import REPORT_TABLES

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    hlc TEXT NOT NULL,
    at INTEGER NOT NULL,
    author TEXT NOT NULL,
    replica TEXT NOT NULL,
    payload TEXT NOT NULL,
    snapshot TEXT,
    snapshot_at INTEGER
);
CREATE TABLE IF NOT EXISTS snapshots (
    sha256 TEXT PRIMARY KEY,
    body TEXT NOT NULL
) WITHOUT ROWID;
-- Store.events_of: a handoff's events, to fold it (every show, every write, every import).
CREATE INDEX IF NOT EXISTS events_by_handoff ON events (handoff_id, hlc);
-- sync/exporter.py: this replica's own events after its export cursor (WHERE replica = ? AND rowid > ?).
CREATE INDEX IF NOT EXISTS events_by_replica ON events (replica);
CREATE TABLE IF NOT EXISTS handoffs (
    id TEXT PRIMARY KEY,
    template_id TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    title TEXT NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    owner TEXT NOT NULL,
    next_actor TEXT NOT NULL,
    status TEXT NOT NULL,
    due TEXT,
    created_at INTEGER NOT NULL,
    first_sent_at INTEGER,
    sent_at INTEGER,
    answered_at INTEGER,
    accept_within_hours REAL NOT NULL,
    required_done INTEGER NOT NULL,
    required_total INTEGER NOT NULL,
    blockers INTEGER NOT NULL,
    return_count INTEGER NOT NULL,
    return_reason TEXT NOT NULL,
    conflicts INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    answer_by INTEGER
);
-- queues.page with --status (and remind's open statuses), newest change first.
CREATE INDEX IF NOT EXISTS handoffs_by_status ON handoffs (status, updated_at);
-- queues.page for `list --all` and the app's Team tab: every handoff, newest change first, a page at a time.
CREATE INDEX IF NOT EXISTS handoffs_by_updated ON handoffs (updated_at, id);
-- remind --owner: what waits on one person (next_actor = ?).
CREATE INDEX IF NOT EXISTS handoffs_by_next ON handoffs (next_actor, status);
-- queues: the outbox (sender = ? AND status IN open).
CREATE INDEX IF NOT EXISTS handoffs_by_sender ON handoffs (sender, status);
-- queues: the inbox (receiver = ? AND status IN with-receiver).
CREATE INDEX IF NOT EXISTS handoffs_by_receiver ON handoffs (receiver, status);
CREATE TABLE IF NOT EXISTS items (
    handoff_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    required INTEGER NOT NULL,
    counts INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    set_by TEXT,
    set_at INTEGER,
    waived INTEGER NOT NULL,
    waiver_reason TEXT,
    waived_by TEXT,
    problem TEXT,
    PRIMARY KEY (handoff_id, item_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS comments (
    id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    author TEXT NOT NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL
);
-- Store.write_projection: DELETE a handoff's rows before writing them again (the same for each *_by_handoff).
CREATE INDEX IF NOT EXISTS comments_by_handoff ON comments (handoff_id);
CREATE TABLE IF NOT EXISTS conflicts (
    event_id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    author TEXT NOT NULL,
    at INTEGER NOT NULL,
    reason TEXT NOT NULL
) WITHOUT ROWID;
-- write_projection's DELETE, and sync/importer.py reads a batch's conflicts by handoff.
CREATE INDEX IF NOT EXISTS conflicts_by_handoff ON conflicts (handoff_id);
CREATE TABLE IF NOT EXISTS send_blocks (
    event_id TEXT NOT NULL,
    handoff_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (event_id, item_id)
) WITHOUT ROWID;
-- write_projection's DELETE.
CREATE INDEX IF NOT EXISTS send_blocks_by_handoff ON send_blocks (handoff_id);
CREATE TABLE IF NOT EXISTS teammates (
    user TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    tz TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'member',
    last_seen INTEGER
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sends (
    event_id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    round INTEGER NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    answer TEXT,
    answer_event_id TEXT,
    answered_at INTEGER,
    answered_by TEXT,
    reason TEXT
) WITHOUT ROWID;
-- write_projection's DELETE.
CREATE INDEX IF NOT EXISTS sends_by_handoff ON sends (handoff_id);
-- metrics: the report's waivers (items WHERE waived = 1), without reading every item row.
CREATE INDEX IF NOT EXISTS items_waived ON items (handoff_id) WHERE waived = 1;
CREATE VIEW IF NOT EXISTS returns AS
    SELECT handoff_id, answer_event_id AS event_id, answered_at AS at, answered_by AS by, reason, sender
    FROM sends WHERE answer = 'returned';
CREATE TABLE IF NOT EXISTS vague_sends (
    send_event_id TEXT NOT NULL,
    handoff_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    check_name TEXT NOT NULL,
    PRIMARY KEY (send_event_id, item_id, check_name)
) WITHOUT ROWID;
-- write_projection's DELETE.
CREATE INDEX IF NOT EXISTS vague_sends_by_handoff ON vague_sends (handoff_id);
CREATE TABLE IF NOT EXISTS breach_alerts (
    send_event_id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    at INTEGER NOT NULL
);
"""

PROJECTION_TABLES = (
    "handoffs",
    "items",
    "comments",
    "conflicts",
    "send_blocks",
    "sends",
    "vague_sends",
    *REPORT_TABLES,
)
"""Every table rebuilt from the events, one handoff's rows at a time; the last ones keep the report's
figures (report_tables.py, which also keeps running counts in `report_tally`)."""

PROJECTION_LAYOUT = "4"
"""Bumped when the projection tables change shape: a store of an older layout drops
and rebuilds them from its events on open (the events are never touched).
2: items, conflicts, send_blocks and sends keyed by their primary key alone
(WITHOUT ROWID): one B-tree each to write instead of two.
4: handoffs.answer_by, the deadline the current send recorded (deadlines.py)."""

HANDOFF_FIELDS = (
    "id",
    "template_id",
    "template_version",
    "from_stage",
    "to_stage",
    "title",
    "sender",
    "receiver",
    "owner",
    "next_actor",
    "status",
    "due",
    "created_at",
    "first_sent_at",
    "sent_at",
    "answered_at",
    "accept_within_hours",
    "required_done",
    "required_total",
    "blockers",
    "return_count",
    "return_reason",
    "conflicts",
    "updated_at",
    "answer_by",
)
"""The columns of the `handoffs` table, in order."""
