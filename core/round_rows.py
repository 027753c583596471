"""The `rounds` table: each send round of a handoff once, with what the report counts of it.

A round was kept twice: as the `sends` projection (what metrics, remind and the
vague-answer lists read) and as the report's kept `report_rounds` (the same rows
with their transition and the figures the report reads from indexes). One table
now serves both, keyed by the handoff's number and the round's (event_log.Names),
its events named by row number; `sends` is a view that gives the ids back, so its
readers ask what they always asked (schema.py). Written with the handoff's other
projection rows (Store.write_projection), counted by report_tables.py.
"""

from __future__ import annotations

ROUNDS_SCHEMA = """
-- Each send round of a handoff (rounds.py) with what the report counts of it (report_tables.py): keyed by the
-- handoff's number and the round's, so write_projection's DELETE and every join from `handoffs` (metrics, remind,
-- vague_report, through `sends`) read the key's prefix. Its events are named by row number (`event_log.seq`).
CREATE TABLE IF NOT EXISTS rounds (
    handoff INTEGER NOT NULL,
    round INTEGER NOT NULL,
    event INTEGER NOT NULL,
    template_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    answer TEXT,
    answered INTEGER NOT NULL,
    answered_at INTEGER,
    answer_event INTEGER,
    answered_by TEXT,
    reason TEXT,
    reason_key TEXT,
    to_answer INTEGER,
    vague_items INTEGER NOT NULL,
    breach_rank INTEGER NOT NULL,
    handoff_key BLOB,
    PRIMARY KEY (handoff, round)
) WITHOUT ROWID;
-- kept_figures: medians and 90th percentiles of send to answer (every value, a run per transition and receiver).
CREATE INDEX IF NOT EXISTS rounds_to_answer ON rounds (from_stage, to_stage, receiver, to_answer)
    WHERE to_answer IS NOT NULL;
-- kept_figures: answers per week (the last twelve weeks of answers, counted from the index alone).
CREATE INDEX IF NOT EXISTS rounds_answered ON rounds (answered_at, answer, to_answer)
    WHERE to_answer IS NOT NULL;
-- kept_figures: the breaches list in the order it shows (receiver, waiting first, latest first): read to LIMIT;
-- and per receiver, the unanswered sends still inside their window (not breaches yet: breach_rank is the deadline).
CREATE INDEX IF NOT EXISTS rounds_breaches ON rounds (receiver, answered, breach_rank)
    WHERE answered = 0 OR answered_at > deadline;
-- kept_figures: return reasons, grouped as they read (every column in the index: no row looked up), each with
-- its greatest handoff id: `handoff_key` (HANDOFF_KEY) finds the few rows that can hold it.
CREATE INDEX IF NOT EXISTS rounds_reasons ON rounds (reason_key, reason, answered_at, answer, handoff_key)
    WHERE answer = 'returned';
-- The rounds as every reader asks them: ids for the numbers.
CREATE VIEW IF NOT EXISTS sends AS SELECT
    CASE WHEN typeof(e.id) = 'blob' THEN lower(hex(e.id)) ELSE e.id END AS event_id,
    h.name AS handoff_id,
    r.round AS round,
    r.sender AS sender,
    r.receiver AS receiver,
    r.sent_at AS sent_at,
    r.deadline AS deadline,
    r.answer AS answer,
    CASE WHEN typeof(a.id) = 'blob' THEN lower(hex(a.id)) ELSE a.id END AS answer_event_id,
    r.answered_at AS answered_at,
    r.answered_by AS answered_by,
    r.reason AS reason
    FROM rounds r
    JOIN names h ON h.ref = r.handoff
    JOIN event_log e ON e.seq = r.event
    LEFT JOIN event_log a ON a.seq = r.answer_event;
"""
"""The table, the indexes the report reads it by, and the `sends` view (part of schema.SCHEMA)."""

SEND_FIELDS = (
    "event_id",
    "handoff_id",
    "round",
    "sender",
    "receiver",
    "sent_at",
    "deadline",
    "answer",
    "answer_event_id",
    "answered_at",
    "answered_by",
    "reason",
)
"""What rounds.send_rounds gives for each round, in its order (the columns of the `sends` view)."""

_EVENT_SEQ = "(SELECT seq FROM event_log WHERE substr(id, 1, 4) = substr(baton_id(:{0}), 1, 4) AND id = baton_id(:{0}))"

HANDOFF_KEY = "substr(CAST({} AS BLOB), 1, 4)"
"""A handoff id's first 4 bytes, in the id's own order (a blob compares byte by byte, as the id's text does):
the greatest id of a group has the greatest key, so a group's MAX of the key narrows where the greatest id is
to the rows sharing it, without a look-up of every row's id through `names` (a row holds the handoff's number).
Kept only where the report shows the greatest id of a group: returned rounds, and report_tables' blocks."""

HANDOFF_REF = "(SELECT ref FROM names WHERE name = ?)"
"""A handoff's number (event_log.Names) from its id, in an insert's values."""

ROUND_INSERT = f"""INSERT OR REPLACE INTO rounds (handoff, round, event, template_id, from_stage, to_stage, sender,
    receiver, sent_at, deadline, answer, answered, answered_at, answer_event, answered_by, reason, reason_key,
    to_answer, vague_items, breach_rank, handoff_key)
    VALUES ((SELECT ref FROM names WHERE name = :handoff_id), :round, {_EVENT_SEQ.format("event_id")}, :template_id, :from_stage, :to_stage,
    :sender, :receiver, :sent_at, :deadline, :answer, :answer IS NOT NULL, :answered_at,
    {_EVENT_SEQ.format("answer_event_id")}, :answered_by, :reason,
    CASE WHEN :answer = 'returned' THEN lower(trim(rtrim(trim(:reason), '.!'))) END,
    CASE WHEN :answer IN ('accepted', 'returned') AND :answered_at IS NOT NULL THEN MAX(0, :answered_at - :sent_at) END,
    :vague_items,
    CASE WHEN :answer IS NULL THEN :deadline ELSE :deadline - :answered_at END,
    CASE WHEN :answer = 'returned' THEN {HANDOFF_KEY.format(":handoff_id")} END)"""
"""One `rounds` row from a send round (SEND_FIELDS, its transition, its vague items): its handoff's number and
its events found by id (event_log.id_in's rule, on the store's connection, which knows `baton_id`), and what the
report counts of it (report_tables.py: whether it was answered, the return reason as reasons are grouped, the
time to answer, the breaches list's order) worked out by SQLite, as the report's recount works them out."""
