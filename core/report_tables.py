"""The report's figures kept up to date on write: per-round rows that carry their transition, and running counts.

`baton report` on 100,000 handoffs spent most of its time joining every send to
its handoff and grouping the result, on every run. These tables are projections
like the others (rebuilt with them, dropped on a change of layout), written in the
same transaction as a handoff's projection (Store.write_projection calls `record`
for the handoffs it wrote, after deleting their old rows): each is a function of
the projection tables, so `record` reads them back with SQL rather than building
rows of its own.

- `report_handoffs`: one row per handoff: its transition, who waits on it since
  when (open ones only), and its time from creation to first send.
- `report_rounds`: one row per send round (the `sends` table) with its transition,
  its time to answer, its vague answers and the order of the breaches list.
- `report_blocks`: per handoff and item, how many of its sends that item blocked.
- `report_tally`: running counts by kind and key, kept by triggers on the three
  tables above (an insert adds, a delete takes away), so the counts always equal a
  recount of the rows, whichever way they were written or removed.

REPORT_LAYOUT is this module's own layout number: a store whose projection is
current but whose kept figures are older (or missing) refills them from the
projection tables on open (`refill`), without folding any handoff again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .statuses import OPEN, sql_in

REPORT_LAYOUT = "2"
"""Bumped when these tables change shape or meaning: `refill` runs on the next open."""
REPORT_TABLES = ("report_handoffs", "report_rounds", "report_blocks")
"""Per-handoff rows: deleted with the handoff's other projection rows (column `handoff_id`)."""
TALLY = "report_tally"

_TABLES = f"""
CREATE TABLE IF NOT EXISTS report_handoffs (
    handoff_id TEXT PRIMARY KEY,
    template_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    sender TEXT NOT NULL,
    next_actor TEXT NOT NULL,
    status TEXT NOT NULL,
    waiting_since INTEGER,
    to_send INTEGER
) WITHOUT ROWID;
-- kept_figures: open handoffs that became someone's step in the last three days (aging), newest.
CREATE INDEX IF NOT EXISTS report_handoffs_waiting ON report_handoffs (waiting_since)
    WHERE waiting_since IS NOT NULL;
-- kept_figures: medians and 90th percentiles of creation to first send, for everyone, per transition, per sender.
CREATE INDEX IF NOT EXISTS report_handoffs_to_send ON report_handoffs (to_send) WHERE to_send IS NOT NULL;
CREATE INDEX IF NOT EXISTS report_handoffs_to_send_by_transition ON report_handoffs (from_stage, to_stage, to_send)
    WHERE to_send IS NOT NULL;
CREATE INDEX IF NOT EXISTS report_handoffs_to_send_by_sender ON report_handoffs (sender, to_send)
    WHERE to_send IS NOT NULL;
CREATE TABLE IF NOT EXISTS report_rounds (
    event_id TEXT PRIMARY KEY,
    handoff_id TEXT NOT NULL,
    template_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    round INTEGER NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    answer TEXT,
    answered INTEGER NOT NULL,
    answered_at INTEGER,
    reason TEXT,
    reason_key TEXT,
    to_answer INTEGER,
    vague_items INTEGER NOT NULL,
    breach_rank INTEGER NOT NULL
) WITHOUT ROWID;
-- Store.write_projection's DELETE.
CREATE INDEX IF NOT EXISTS report_rounds_by_handoff ON report_rounds (handoff_id);
-- kept_figures: medians and 90th percentiles of send to answer, for everyone, per transition, per receiver.
CREATE INDEX IF NOT EXISTS report_rounds_to_answer ON report_rounds (to_answer) WHERE to_answer IS NOT NULL;
CREATE INDEX IF NOT EXISTS report_rounds_to_answer_by_transition ON report_rounds (from_stage, to_stage, to_answer)
    WHERE to_answer IS NOT NULL;
CREATE INDEX IF NOT EXISTS report_rounds_to_answer_by_receiver ON report_rounds (receiver, to_answer)
    WHERE to_answer IS NOT NULL;
-- kept_figures: answers per week (the last twelve weeks of answers, counted from the index alone).
CREATE INDEX IF NOT EXISTS report_rounds_answered ON report_rounds (answered_at, answer, to_answer)
    WHERE to_answer IS NOT NULL;
-- kept_figures: unanswered sends still inside their window (not breaches yet).
CREATE INDEX IF NOT EXISTS report_rounds_unanswered ON report_rounds (deadline) WHERE answered = 0;
-- kept_figures: the breaches list in the order it shows (receiver, waiting first, latest first): read to LIMIT.
CREATE INDEX IF NOT EXISTS report_rounds_breaches ON report_rounds (receiver, answered, breach_rank, event_id)
    WHERE answered = 0 OR answered_at > deadline;
-- kept_figures: return reasons, grouped as they read (every column in the index: no row looked up).
CREATE INDEX IF NOT EXISTS report_rounds_reasons ON report_rounds (reason_key, reason, answered_at, handoff_id, answer)
    WHERE answer = 'returned';
CREATE TABLE IF NOT EXISTS report_blocks (
    handoff_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    template_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    blocks INTEGER NOT NULL,
    PRIMARY KEY (handoff_id, item_id)
) WITHOUT ROWID;
-- kept_figures: one handoff an item blocked (MAX), for the item's text.
CREATE INDEX IF NOT EXISTS report_blocks_by_item ON report_blocks (template_id, item_id, handoff_id);
CREATE TABLE IF NOT EXISTS {TALLY} (
    kind TEXT NOT NULL,
    template_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    person TEXT NOT NULL,
    other TEXT NOT NULL,
    detail TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, template_id, from_stage, to_stage, person, other, detail)
) WITHOUT ROWID
"""

_COUNTED: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    # table: (kind, when, person, other, detail, amount), NEW/OLD spelled `R.`
    "report_handoffs": [
        ("open", f"R.status IN {sql_in(OPEN)}", "R.next_actor", "R.status", "''", "1"),
        ("to_send", "R.to_send IS NOT NULL", "R.sender", "''", "''", "1"),
    ],
    "report_rounds": [
        ("answer", "R.to_answer IS NOT NULL", "R.sender", "R.receiver", "R.answer", "1"),
        ("late", "R.answered = 1 AND R.answered_at > R.deadline", "R.receiver", "''", "''", "1"),
        ("unanswered", "R.answered = 0", "R.receiver", "''", "''", "1"),
        (
            "send",
            "1",
            "''",
            "CASE WHEN R.vague_items > 0 THEN 'vague' ELSE 'clear' END",
            "COALESCE(R.answer, '')",
            "1",
        ),
        ("vague_answers", "R.vague_items > 0", "''", "''", "''", "R.vague_items"),
    ],
    "report_blocks": [
        ("block", "1", "R.item_id", "''", "''", "R.blocks"),
        ("block_handoffs", "1", "R.item_id", "''", "''", "1"),
    ],
}
"""What each row adds to the running counts, and when."""


def _triggers() -> list[str]:
    """One trigger per table, event and kind: an insert adds `amount` to its count, a delete takes it away."""
    found = []
    for table, kinds in _COUNTED.items():
        for kind, when, person, other, detail, amount in kinds:
            for event, row, sign in (("INSERT", "NEW", ""), ("DELETE", "OLD", "-")):
                values = ", ".join(
                    f"{x}".replace("R.", f"{row}.")
                    for x in (f"'{kind}'", "R.template_id", "R.from_stage", "R.to_stage", person, other, detail)
                )
                found.append(
                    f"""CREATE TRIGGER IF NOT EXISTS {table}_{kind}_{event.lower()} AFTER {event} ON {table}
                    WHEN {when.replace("R.", f"{row}.")} BEGIN
                    INSERT INTO {TALLY} VALUES ({values}, {sign}{amount.replace("R.", f"{row}.")})
                    ON CONFLICT (kind, template_id, from_stage, to_stage, person, other, detail)
                    DO UPDATE SET n = n + excluded.n; END"""
                )
    return found


REPORT_STATEMENTS = [s.strip() for s in _TABLES.split(";") if s.strip()] + _triggers()
"""The kept tables, their indexes and the triggers that keep the counts (run one by one: triggers hold `;`)."""

_WAITING_SINCE = "CASE h.status WHEN 'sent' THEN h.sent_at WHEN 'returned' THEN h.answered_at ELSE h.created_at END"
_FILL = {
    "report_handoffs": f"""
        INSERT INTO report_handoffs
        SELECT h.id, h.template_id, h.from_stage, h.to_stage, h.sender, h.next_actor, h.status,
               CASE WHEN h.status IN {sql_in(OPEN)} THEN {_WAITING_SINCE} END,
               CASE WHEN h.first_sent_at IS NOT NULL THEN MAX(0, h.first_sent_at - h.created_at) END
        FROM handoffs h""",
    "report_rounds": """
        INSERT INTO report_rounds
        SELECT s.event_id, s.handoff_id, h.template_id, h.from_stage, h.to_stage, s.round, s.sender, s.receiver,
               s.sent_at, s.deadline, s.answer, s.answer IS NOT NULL, s.answered_at, s.reason,
               CASE WHEN s.answer = 'returned' THEN lower(trim(rtrim(trim(s.reason), '.!'))) END,
               CASE WHEN s.answer IN ('accepted', 'returned') AND s.answered_at IS NOT NULL
                    THEN MAX(0, s.answered_at - s.sent_at) END,
               (SELECT COUNT(DISTINCT v.item_id) FROM vague_sends v WHERE v.send_event_id = s.event_id),
               CASE WHEN s.answer IS NULL THEN s.deadline ELSE s.deadline - s.answered_at END
        FROM sends s JOIN handoffs h ON h.id = s.handoff_id""",
    "report_blocks": """
        INSERT INTO report_blocks
        SELECT b.handoff_id, b.item_id, h.template_id, h.from_stage, h.to_stage, COUNT(*)
        FROM send_blocks b JOIN handoffs h ON h.id = b.handoff_id""",
}
"""Each kept table's rows, from the projection tables (a WHERE names the handoffs, or none for all)."""
_ONE = {
    "report_handoffs": " WHERE h.id = ?",
    "report_rounds": " WHERE s.handoff_id = ?",
    "report_blocks": " WHERE b.handoff_id = ? GROUP BY b.item_id",
}
_ALL = {"report_blocks": " GROUP BY b.handoff_id, b.item_id"}


def create(conn: sqlite3.Connection) -> None:
    """The kept tables, indexes and triggers, where missing (inside the caller's transaction)."""
    for statement in REPORT_STATEMENTS:
        conn.execute(statement)


def reset(conn: sqlite3.Connection) -> None:
    """Empty kept tables and counts in today's layout (dropped and made again: no trigger runs for the rows
    thrown away), for a caller that fills them again in the same transaction (`refill`, Store.rebuild)."""
    for table in (*REPORT_TABLES, TALLY):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    create(conn)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('report_layout', ?)", (REPORT_LAYOUT,))


def record(conn: sqlite3.Connection, handoff_ids: Iterable[str]) -> None:
    """Write the kept rows of these handoffs from their projection rows (their old kept rows already deleted)."""
    ids = [(i,) for i in handoff_ids]
    if ids:
        for table in REPORT_TABLES:
            conn.executemany(_FILL[table] + _ONE[table], ids)


def refill(conn: sqlite3.Connection) -> None:
    """Every kept row and count again from the projection tables (a new or changed REPORT_LAYOUT)."""
    reset(conn)
    for table in REPORT_TABLES:
        conn.execute(_FILL[table] + _ALL.get(table, ""))


def ready(conn: sqlite3.Connection) -> bool:
    """Whether this store keeps the report's figures in today's layout (else the report counts them afresh)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'report_layout'").fetchone()
    except sqlite3.OperationalError:
        return False
    return row is not None and row[0] == REPORT_LAYOUT
