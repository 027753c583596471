"""The report's figures kept up to date on write: per-round rows that carry their transition, and running counts.

`baton report` on 100,000 handoffs spent most of its time joining every send to
its handoff and grouping the result, on every run. These tables are projections
like the others (rebuilt with them, dropped on a change of layout), written in the
same transaction as a handoff's projection: Store.write_projection calls `forget`
for the handoffs it is about to write (their old rows leave the counts) and
`record` once it has written them (their new rows, read back from the projection
tables with SQL, join the counts). Each batch is a few grouped statements, not a
statement or a trigger per row: an import of a thousand handoffs costs the same
dozen statements as one `send`.

- `handoffs` (schema.py) itself, through two indexes: who waits on an open handoff
  since when (`handoffs_waiting`, of the WAITING_SINCE expression), and its time
  from creation to first send (`handoffs_to_send`, holding the two times TO_SEND
  works from); its open handoffs are counted here.
- `rounds` (round_rows.py): one row per send round with its transition, its time to
  answer, its vague answers and the order of the breaches list. It is the sends'
  projection itself (`sends` is a view of it), written with the handoff's other
  rows; this module only counts it.
- `report_blocks`: per handoff and item, how many of its sends that item blocked.
- `report_waivers`: the waived items, with their transition.
- `report_tally`: running counts by kind, transition and person (`_COUNTED` says
  what each row of the tables above adds), always equal to a count of those rows
  (tests/test_kept_report.py holds it, and the report built on them equal to a
  recount from the projection tables).

REPORT_LAYOUT is this module's own layout number: a store whose projection is
current but whose kept figures are older (or missing) refills them from the
projection tables on open (`refill`), without folding any handoff again.
"""

from __future__ import annotations

import json
import sqlite3

from .round_rows import HANDOFF_KEY
from .statuses import OPEN, sql_in

REPORT_LAYOUT = "10"
"""Bumped when these tables change shape or meaning: `refill` runs on the next open.
8: keyed by the handoff's number (event_log.Names) and a round by its number in the handoff, not by
32-character ids: every index carries its table's key, so each was as long again as its own columns.
9: no `report_handoffs`: its figures are expressions over `handoffs`, kept by two of its indexes.
10: report_blocks keeps each handoff id's first bytes (round_rows.HANDOFF_KEY) for the greatest id by item."""
REPORT_TABLES = ("report_blocks", "report_waivers")
"""Per-handoff rows: deleted with the handoff's other projection rows (column `handoff`, its number)."""
TALLY = "report_tally"

WAITING_SINCE = "CASE status WHEN 'sent' THEN sent_at WHEN 'returned' THEN answered_at ELSE created_at END"
"""Since when an open handoff has waited on its next person (an expression `handoffs_waiting` keeps)."""
TO_SEND = "MAX(0, first_sent_at - created_at)"
"""A sent handoff's time from creation to its first send (from the two times `handoffs_to_send` keeps)."""

_TABLES = f"""
-- kept_figures: what waits on one person, longest first (unclear owners), and since the last three days (aging).
CREATE INDEX IF NOT EXISTS handoffs_waiting ON handoffs (next_actor, {WAITING_SINCE}) WHERE status IN {sql_in(OPEN)};
-- kept_figures: medians and 90th percentiles of creation to first send (every value, a run per transition and
-- sender, worked out from the two times the index holds: no row looked up).
CREATE INDEX IF NOT EXISTS handoffs_to_send ON handoffs (from_stage, to_stage, sender, first_sent_at, created_at)
    WHERE first_sent_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS report_blocks (
    handoff INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    template_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    blocks INTEGER NOT NULL,
    handoff_key BLOB NOT NULL,
    PRIMARY KEY (handoff, item_id)
) WITHOUT ROWID;
-- kept_figures: the handoffs an item blocked, for the item's text (from the greatest of their ids: the greatest
-- key, then the ids of the rows that share it: round_rows.HANDOFF_KEY).
CREATE INDEX IF NOT EXISTS report_blocks_by_item ON report_blocks (template_id, item_id, handoff_key);
CREATE TABLE IF NOT EXISTS report_waivers (
    handoff INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    template_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (handoff, item_id)
) WITHOUT ROWID;
-- kept_figures: the text shown for a waived item (MAX, as the recount shows it).
CREATE INDEX IF NOT EXISTS report_waivers_by_item ON report_waivers (template_id, item_id, text);
CREATE TABLE IF NOT EXISTS {TALLY} (
    kind TEXT NOT NULL,
    template_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    person TEXT NOT NULL,
    other TEXT NOT NULL,
    detail TEXT NOT NULL,
    n INTEGER NOT NULL,
    m INTEGER NOT NULL,
    PRIMARY KEY (kind, template_id, from_stage, to_stage, person, other, detail)
) WITHOUT ROWID
"""

_COUNTED: dict[str, tuple[str, str, str, str, str, str, str]] = {
    # table: (kind, when, person, other, detail, n, m): one group per distinct key, in one pass over the rows.
    "handoffs": ("'open'", f"status IN {sql_in(OPEN)}", "next_actor", "status", "''", "COUNT(*)", "0"),
    # A round's kind says whether it carried a vague answer and whether it was answered after its deadline
    # ('round:10': vague, not late); `detail` is its answer ('' while it waits); `m` its vague answers.
    "rounds": (
        "'round:' || (vague_items > 0) || (answered = 1 AND answered_at > deadline)",
        "1",
        "sender",
        "receiver",
        "COALESCE(answer, '')",
        "COUNT(*)",
        "SUM(vague_items)",
    ),
    # `n` handoffs an item blocked, `m` the sends it blocked.
    "report_blocks": ("'block'", "1", "item_id", "''", "''", "COUNT(*)", "SUM(blocks)"),
    "report_waivers": ("'waived'", "1", "item_id", "''", "''", "COUNT(*)", "0"),
}
"""What the rows of each kept table add to the running counts (the read side: kept_figures.counted)."""
_IDS = "handoff IN (SELECT ref FROM names WHERE name IN (SELECT value FROM json_each(:ids)))"
"""The handoffs named in :ids (a JSON list of their ids), by their numbers (event_log.Names); in `handoffs`
itself, by id (`_HANDOFF_IDS`)."""
_HANDOFF_IDS = "id IN (SELECT value FROM json_each(:ids))"


def _counting(table: str, some: bool) -> str:
    """Add up `table`'s rows (of the handoffs in :ids, or all) into the running counts, times :sign."""
    kind, when, person, other, detail, n, m = _COUNTED[table]
    if some and table == "handoffs":  # `+status`: found by id, not through handoffs_by_status, which read every
        when = f"+{when}"  # open handoff to find the few named (70 ms of a send at 100,000 handoffs)
    return f"""INSERT INTO {TALLY}
        SELECT {kind}, template_id, from_stage, to_stage, {person}, {other}, {detail}, :sign * {n}, :sign * {m}
        FROM {table} WHERE {when}{f" AND {_HANDOFF_IDS if table == 'handoffs' else _IDS}" if some else ""}
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (kind, template_id, from_stage, to_stage, person, other, detail)
        DO UPDATE SET n = n + excluded.n, m = m + excluded.m"""


_COUNT_SOME = {table: _counting(table, True) for table in _COUNTED}
_COUNT_ALL = {table: _counting(table, False) for table in _COUNTED}
REPORT_STATEMENTS = [s.strip() for s in _TABLES.split(";") if s.strip()]
"""The kept tables and their indexes."""

_FILL = {
    "report_blocks": f"""
        INSERT INTO report_blocks
        SELECT n.ref, b.item_id, h.template_id, h.from_stage, h.to_stage, COUNT(*), {HANDOFF_KEY.format("b.handoff_id")}
        FROM send_blocks b JOIN handoffs h ON h.id = b.handoff_id JOIN names n ON n.name = b.handoff_id""",
    "report_waivers": """
        INSERT INTO report_waivers
        SELECT n.ref, i.item_id, h.template_id, h.from_stage, h.to_stage, i.text
        FROM items i JOIN handoffs h ON h.id = i.handoff_id JOIN names n ON n.name = i.handoff_id
        WHERE i.waived = 1""",
}
"""Each kept table's rows, from the projection tables (a WHERE names the handoffs, or none for all)."""
_SOME = {
    "report_blocks": " WHERE b.handoff_id IN (SELECT value FROM json_each(:ids)) GROUP BY n.ref, b.item_id",
    "report_waivers": " AND i.handoff_id IN (SELECT value FROM json_each(:ids))",
}
_ALL = {"report_blocks": " GROUP BY n.ref, b.item_id"}


def with_ids(table: str) -> str:
    """SQL for a kept table's rows with the handoff's id before them (`handoff_id`): for a reader that groups
    them by handoff (checkup.drift)."""
    return f"SELECT n.name AS handoff_id, t.* FROM {table} t JOIN names n ON n.ref = t.handoff"


def create(conn: sqlite3.Connection) -> None:
    """The kept tables, indexes and triggers, where missing (inside the caller's transaction)."""
    for statement in REPORT_STATEMENTS:
        conn.execute(statement)


def reset(conn: sqlite3.Connection) -> None:
    """Empty kept tables and counts in today's layout, for a caller that fills them again in the same
    transaction (`refill`, Store.rebuild)."""
    for table in (*REPORT_TABLES, TALLY):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    create(conn)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('report_layout', ?)", (REPORT_LAYOUT,))


def forget(conn: sqlite3.Connection, handoff_ids: list[str]) -> None:
    """Take these handoffs' kept rows out of the running counts (before their rows are deleted)."""
    if handoff_ids:
        ids = json.dumps(handoff_ids)
        for sql in _COUNT_SOME.values():
            conn.execute(sql, {"ids": ids, "sign": -1})


def record(conn: sqlite3.Connection, handoff_ids: list[str], blocked: list[str], waiving: list[str]) -> None:
    """Write the kept rows of these handoffs from their projection rows (their old kept rows already
    deleted, after `forget`), and add them to the running counts. `blocked` and `waiving`: those of them
    with a blocked send, with a waiver (the others have no such rows to look for)."""
    for table in _COUNTED:
        some = {"report_blocks": blocked, "report_waivers": waiving}.get(table, handoff_ids)
        if some:
            ids = json.dumps(some)
            if table in _FILL:  # `rounds` is written by the projection itself
                conn.execute(_FILL[table] + _SOME[table], {"ids": ids})
            conn.execute(_COUNT_SOME[table], {"ids": ids, "sign": 1})


def refill(conn: sqlite3.Connection) -> None:
    """Every kept row and count again from the projection tables (a new or changed REPORT_LAYOUT)."""
    reset(conn)
    for table in _COUNTED:
        if table in _FILL:
            conn.execute(_FILL[table] + _ALL.get(table, ""))
        conn.execute(_COUNT_ALL[table], {"sign": 1})


def ready(conn: sqlite3.Connection) -> bool:
    """Whether this store keeps the report's figures in today's layout (else the report counts them afresh)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'report_layout'").fetchone()
    except sqlite3.OperationalError:
        return False
    return row is not None and row[0] == REPORT_LAYOUT
