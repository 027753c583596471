"""The shape of a replica's SQLite file: the event log, the projections rebuilt from it, bookkeeping.

The events are kept in `event_log` with numbers for the names they repeat
(event_log.py); the `events` view gives them back as they were written, and is
what every reader asks. The projection tables hold nothing of their own: each is
a function of the events (see projection_rows.py), so a change of their layout
only needs PROJECTION_LAYOUT bumped. `items` is a view too: a handoff's item rows
keep what differs per handoff, the checklist's text once per checklist version.

Every index names, in a comment, the query it is there for; one that no query
needs costs disk and every write, and goes. An index keeps no more of a key than
its queries need: event ids are found by their first 4 bytes (`events_by_key`,
event_log.id_in), the whole id compared in the row; a projection table read
by handoff is keyed by handoff first (WITHOUT ROWID) instead of carrying an index
by handoff beside its key; and a row names a handoff by its number (`names`) and
an event by its row number (`event_log.seq`), not by a 32-character id that every
index of its table would repeat, wherever a view can give the ids back (`items`,
`comments`, `sends`, `send_blocks`, and the report's kept tables). `handoffs`
keeps its id as its key: every look-up by id, `show`'s prefix search and the
queues' order by id read it.

Vacuum policy: none on a schedule, and `auto_vacuum` stays off. The event log
only grows, and a projection rewrite deletes and writes back the same handoff's
rows, so SQLite reuses the pages it frees (a free page list stays near empty);
what an incremental vacuum would give back is that list, not the half-full pages
of indexes written in random key order, which only a full `VACUUM` packs. That
rewrites the whole file, holds the write lock throughout and needs as much free
disk again, so it runs only where the file was just rewritten anyway: Store runs
it once, right after it has moved a database to this layout (store_layout.py),
rebuilt the projection tables for a new PROJECTION_LAYOUT or refilled the report's
kept figures for a new REPORT_LAYOUT, and never otherwise (not after a newcomer's
first import: at a million events it would cost more than the import's time goal,
for the 4-5% a file written in random key order is larger than its vacuumed copy).
"""

from __future__ import annotations

from .report_tables import REPORT_TABLES
from .round_rows import ROUNDS_SCHEMA

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS names (
    ref INTEGER PRIMARY KEY,
    name NOT NULL
);
-- Every name to its number: the events view's `WHERE handoff_id IN (...)` / `replica = ?`, and each write's look-up.
CREATE UNIQUE INDEX IF NOT EXISTS names_by_name ON names (name);
CREATE TABLE IF NOT EXISTS event_log (
    seq INTEGER PRIMARY KEY,
    id BLOB NOT NULL,
    handoff INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    hlc TEXT,
    at INTEGER NOT NULL,
    author INTEGER NOT NULL,
    replica INTEGER NOT NULL,
    item INTEGER,
    payload TEXT NOT NULL,
    snapshot INTEGER,
    snapshot_at INTEGER
);
-- By event id, its first 4 bytes (event_log.id_in): Store.insert_events (a copy already stored is skipped),
-- sync/duplicates.py (two copies of one id), item_rows.py / comment_rows.py (the event an item's value or a
-- comment came from), and the one-copy checks below. A whole-id UNIQUE index kept 16 bytes an event more.
CREATE INDEX IF NOT EXISTS events_by_key ON event_log (substr(id, 1, 4));
-- Each id stored once, as a UNIQUE index would: Store.insert_events checks its rows after the insert
-- (event_log.SECOND_COPY), the events view skips a stored id (below), and an id changed in place is refused here.
CREATE TRIGGER IF NOT EXISTS event_log_one_id_kept BEFORE UPDATE OF id ON event_log
    WHEN EXISTS (SELECT 1 FROM event_log WHERE substr(id, 1, 4) = substr(NEW.id, 1, 4) AND id = NEW.id
        AND seq <> OLD.seq)
BEGIN
    SELECT RAISE(ABORT, 'UNIQUE constraint failed: event_log.id');
END;
-- Store.events_of: a handoff's events, to fold it (every show, every write, every import).
CREATE INDEX IF NOT EXISTS events_by_handoff ON event_log (handoff);
-- No index by replica: the export reads the log in row order from its cursor, and a teammate's events once
-- (sync/ledger.py, Ledger.unexported_after). It cost 140 B a handoff, 12 B an event, for that one query.
CREATE VIEW IF NOT EXISTS logged_events AS SELECT
    e.seq AS seq,
    CASE WHEN typeof(e.id) = 'blob' THEN lower(hex(e.id)) ELSE e.id END AS id,
    h.name AS handoff_id,
    k.name AS kind,
    CASE WHEN e.hlc IS NULL THEN printf('%016d-0000-%s', e.at, r.name) ELSE e.hlc END AS hlc,
    e.at AS at,
    a.name AS author,
    r.name AS replica,
    CASE WHEN e.item IS NULL THEN e.payload
        WHEN e.item > 0 THEN '{"item":"' || i.name || '","value":' || e.payload || '}'
        ELSE '{"as_lead":true,"item":"' || i.name || '","value":' || e.payload || '}' END AS payload,
    s.name AS snapshot,
    e.snapshot_at AS snapshot_at
    FROM event_log e
    JOIN names h ON h.ref = e.handoff
    JOIN names k ON k.ref = e.kind
    JOIN names a ON a.ref = e.author
    JOIN names r ON r.ref = e.replica
    LEFT JOIN names i ON i.ref = abs(e.item)
    LEFT JOIN names s ON s.ref = e.snapshot;
CREATE VIEW IF NOT EXISTS events AS
    SELECT id, handoff_id, kind, hlc, at, author, replica, payload, snapshot, snapshot_at FROM logged_events;
-- Writes through the view (a test's or a tool's hand-made row, `baton_id` is Store's): each column kept
-- as written but for the id and the stamp, numbers for its names; a row whose id is stored is skipped
-- (an INSERT OR IGNORE's rule, which the view's rows always had: nothing else would keep the id once).
CREATE TRIGGER IF NOT EXISTS events_insert INSTEAD OF INSERT ON events BEGIN
    INSERT OR IGNORE INTO names (name) VALUES (NEW.handoff_id), (NEW.kind), (NEW.author), (NEW.replica);
    INSERT OR IGNORE INTO names (name) SELECT NEW.snapshot WHERE NEW.snapshot IS NOT NULL;
    INSERT INTO event_log (id, handoff, kind, hlc, at, author, replica, item, payload, snapshot, snapshot_at) SELECT
        baton_id(NEW.id),
        (SELECT ref FROM names WHERE name = NEW.handoff_id),
        (SELECT ref FROM names WHERE name = NEW.kind),
        CASE WHEN NEW.hlc = printf('%016d-0000-%s', NEW.at, NEW.replica) AND typeof(NEW.at) = 'integer'
            AND NEW.at BETWEEN 0 AND 9999999999999999 AND typeof(NEW.replica) = 'text' THEN NULL ELSE NEW.hlc END,
        NEW.at,
        (SELECT ref FROM names WHERE name = NEW.author),
        (SELECT ref FROM names WHERE name = NEW.replica),
        NULL,
        NEW.payload,
        (SELECT ref FROM names WHERE name = NEW.snapshot),
        NEW.snapshot_at
    WHERE NOT EXISTS (SELECT 1 FROM event_log
        WHERE substr(id, 1, 4) = substr(baton_id(NEW.id), 1, 4) AND id = baton_id(NEW.id));
END;
CREATE TRIGGER IF NOT EXISTS events_update INSTEAD OF UPDATE ON events BEGIN
    INSERT OR IGNORE INTO names (name) VALUES (NEW.handoff_id), (NEW.kind), (NEW.author), (NEW.replica);
    INSERT OR IGNORE INTO names (name) SELECT NEW.snapshot WHERE NEW.snapshot IS NOT NULL;
    UPDATE event_log SET (id, handoff, kind, hlc, at, author, replica, item, payload, snapshot, snapshot_at) = (
        baton_id(NEW.id),
        (SELECT ref FROM names WHERE name = NEW.handoff_id),
        (SELECT ref FROM names WHERE name = NEW.kind),
        CASE WHEN NEW.hlc = printf('%016d-0000-%s', NEW.at, NEW.replica) AND typeof(NEW.at) = 'integer'
            AND NEW.at BETWEEN 0 AND 9999999999999999 AND typeof(NEW.replica) = 'text' THEN NULL ELSE NEW.hlc END,
        NEW.at,
        (SELECT ref FROM names WHERE name = NEW.author),
        (SELECT ref FROM names WHERE name = NEW.replica),
        NULL,
        NEW.payload,
        (SELECT ref FROM names WHERE name = NEW.snapshot),
        NEW.snapshot_at)
    WHERE substr(id, 1, 4) = substr(baton_id(OLD.id), 1, 4) AND id = baton_id(OLD.id);
END;
CREATE TRIGGER IF NOT EXISTS events_delete INSTEAD OF DELETE ON events BEGIN
    DELETE FROM event_log WHERE substr(id, 1, 4) = substr(baton_id(OLD.id), 1, 4) AND id = baton_id(OLD.id);
END;
CREATE TABLE IF NOT EXISTS snapshots (
    sha256 TEXT PRIMARY KEY,
    body TEXT NOT NULL
) WITHOUT ROWID;
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
-- queues.page with --status, newest change first; remind (every open handoff, by status).
CREATE INDEX IF NOT EXISTS handoffs_by_status ON handoffs (status, updated_at);
-- queues.page for `list --all` and the app's Team tab: every handoff, newest change first, a page at a time.
-- By time alone: the queue's ties (`, id` ascending after a descending time) are sorted as they come
-- ("RIGHT PART OF ORDER BY"), which they were with the id in the index too; it held 33 B a handoff more.
CREATE INDEX IF NOT EXISTS handoffs_by_updated ON handoffs (updated_at);
-- queues: the lead dashboard's "Waiting on <person>" queue (next_actor = ?). remind --owner reads the
-- report's handoffs_waiting (report_tables.py), which holds the open ones by next person.
CREATE INDEX IF NOT EXISTS handoffs_by_next ON handoffs (next_actor, status);
-- queues: the outbox (sender = ? AND status IN open).
CREATE INDEX IF NOT EXISTS handoffs_by_sender ON handoffs (sender, status);
-- queues: the inbox (receiver = ? AND status IN with-receiver); the open inbox, the app's first screen, is
-- `status = 'sent'` and reads its page here newest first, however few or many wait on this person.
-- (`handoffs_by_receiver`, its older form without the last change, is dropped where it is still found.)
DROP INDEX IF EXISTS handoffs_by_receiver;
CREATE INDEX IF NOT EXISTS handoffs_inbox ON handoffs (receiver, status, updated_at);
-- Keyed by (checklist, position): the items view's join from each item row.
CREATE TABLE IF NOT EXISTS checklist_items (
    checklist INTEGER NOT NULL,
    position INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    required INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (checklist, position)
) WITHOUT ROWID;
-- Keyed by (handoff, position): the items view by handoff, in checklist order (export, the report's item
-- texts), and Store.write_projection's DELETE of a handoff's rows before writing them again.
CREATE TABLE IF NOT EXISTS item_rows (
    handoff INTEGER NOT NULL,
    position INTEGER NOT NULL,
    checklist INTEGER NOT NULL,
    counts INTEGER NOT NULL,
    value TEXT,
    set_by INTEGER,
    set_at INTEGER,
    waived INTEGER NOT NULL,
    waiver_reason TEXT,
    waived_by INTEGER,
    problem TEXT,
    value_event INTEGER,
    PRIMARY KEY (handoff, position)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS items AS SELECT
    h.name AS handoff_id,
    c.item_id AS item_id,
    v.position AS position,
    c.kind AS kind,
    c.required AS required,
    v.counts AS counts,
    c.text AS text,
    CASE WHEN v.value_event IS NULL THEN v.value ELSE ve.payload END AS value,
    COALESCE(sb.name, vb.name) AS set_by,
    CASE WHEN v.value_event IS NULL THEN v.set_at ELSE ve.at END AS set_at,
    v.waived AS waived,
    v.waiver_reason AS waiver_reason,
    wb.name AS waived_by,
    v.problem AS problem
    FROM item_rows v
    JOIN names h ON h.ref = v.handoff
    JOIN checklist_items c ON c.checklist = v.checklist AND c.position = v.position
    LEFT JOIN names sb ON sb.ref = v.set_by
    LEFT JOIN names wb ON wb.ref = v.waived_by
    LEFT JOIN event_log ve ON ve.seq = v.value_event
    LEFT JOIN names vb ON vb.ref = ve.author;
-- Keyed by (handoff, event): Store.write_projection's DELETE of a handoff's rows (nothing else reads
-- comments but the doctor's drift check, which reads them all).
CREATE TABLE IF NOT EXISTS comment_rows (
    handoff INTEGER NOT NULL,
    event INTEGER NOT NULL,
    id TEXT,
    author TEXT,
    at INTEGER,
    text TEXT,
    PRIMARY KEY (handoff, event)
) WITHOUT ROWID;
CREATE VIEW IF NOT EXISTS comments AS SELECT
    CASE WHEN c.event < 0 THEN c.id WHEN typeof(e.id) = 'blob' THEN lower(hex(e.id)) ELSE e.id END AS id,
    h.name AS handoff_id,
    CASE WHEN c.event < 0 THEN c.author ELSE a.name END AS author,
    CASE WHEN c.event < 0 THEN c.at ELSE e.at END AS at,
    CASE WHEN c.event < 0 THEN c.text WHEN json_valid(e.payload) THEN json_extract(e.payload, '$.text') END AS text
    FROM comment_rows c
    JOIN names h ON h.ref = c.handoff
    LEFT JOIN event_log e ON e.seq = c.event
    LEFT JOIN names a ON a.ref = e.author;
CREATE TABLE IF NOT EXISTS conflicts (
    event_id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    author TEXT NOT NULL,
    at INTEGER NOT NULL,
    reason TEXT NOT NULL
) WITHOUT ROWID;
-- Store.write_projection: DELETE a handoff's rows before writing them again (the same for each *_by_handoff),
-- and sync/importer.py reads a batch's conflicts by handoff.
CREATE INDEX IF NOT EXISTS conflicts_by_handoff ON conflicts (handoff_id);
-- Each item that blocked a send attempt (the handoff's `index`-th blocked attempt, `at`): keyed by the handoff's
-- number first, so write_projection's DELETE of a handoff's rows needs no index of its own.
CREATE TABLE IF NOT EXISTS block_rows (
    handoff INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (handoff, attempt, item_id)
) WITHOUT ROWID;
-- The blocked sends as readers ask them: an attempt is named `<handoff id>:<index>`.
CREATE VIEW IF NOT EXISTS send_blocks AS
    SELECT h.name || ':' || b.attempt AS event_id, h.name AS handoff_id, b.item_id AS item_id, b.at AS at
    FROM block_rows b JOIN names h ON h.ref = b.handoff;
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
"""
    + ROUNDS_SCHEMA
    + """
-- metrics: the report's waivers (items WHERE waived = 1), without reading every item row.
CREATE INDEX IF NOT EXISTS items_waived ON item_rows (handoff) WHERE waived = 1;
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
)

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

PACK_OWED = "pack_owed"
"""The meta key a store moved to a new layout keeps until its one VACUUM has run (store_moves.py)."""

PROJECTION_LAYOUT = "16"
"""Bumped when the projection tables change shape or meaning: a store of an older layout drops
and rebuilds them from its events on open (the events are never touched).
2: items, conflicts, send_blocks and sends keyed by their primary key alone
(WITHOUT ROWID): one B-tree each to write instead of two.
4: handoffs.answer_by, the deadline the current send recorded (deadlines.py).
5: items is a view of `item_rows` (what differs per handoff) and `checklist_items` (each checklist's
item text, kind and required flag, once per checklist version).
6: comments is a view of `comment_rows`, each naming its `commented` event (comment_rows.py).
7: sends and send_blocks keyed by handoff first, so the index each kept by handoff goes.
8: no `events_by_replica` (store_layout.RETIRED): the export reads the log in row order (sync/ledger.py).
9: sends is a view of `rounds`, which holds each send round once with what the report counts of it (the
report's own `report_rounds` held the same rounds again).
10: no `report_handoffs` (a second row per handoff): its figures are expressions over `handoffs`, kept by two
of its indexes (report_tables.py).
11: `handoffs_by_updated` by time alone (without the handoff's id).
12: send_blocks is a view of `block_rows`, keyed by the handoff's number and the attempt's.
13: a returned round keeps its handoff id's first bytes (`rounds.handoff_key`, round_rows.HANDOFF_KEY).
14: a recalled send is no round, and leaves the handoff's send times as they were before it (rounds.py).
15: a send's deadline is never earlier than its rules give, whatever it recorded (deadlines.counted_answer_by).
16: a send counts from its clock stamp where that is later than its wall time (deadlines.send_moment)."""

STORED_AS = {"items": "item_rows", "comments": "comment_rows", "sends": "rounds", "send_blocks": "block_rows"}
"""The tables behind the projection views, keyed by the handoff's number (`handoff`): what
PROJECTION_TABLES' name means for a write, a delete or a drop."""

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
