"""A replica's database checked against its own log: what `baton doctor` runs after a scare.

Every screen reads the projection tables, and they must be exactly what folding
the events gives (DESIGN: the projection is a function of the set of events).
`drift` folds everything again inside a transaction it then rolls back, so the
check uses the very code that writes the projection and changes nothing.
`damage` asks SQLite whether the file itself is whole (a disk error, a copy cut
short): a damaged page can leave most commands working while some rows are lost.
`unusable_events` lists stored events that an import would not take today (a bad time or payload, a
clock stamp naming another replica): an older baton took them in before every event was checked whole.
They are kept in the log; the fold shows one it cannot read as a conflict instead of failing.
"""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from . import bounded_json, report_tables
from .event_check import at_problem, payload_problem, stamp_problem
from .store import EVENT_FIELDS, PROJECTION_TABLES, Store

CONTENT = {"report": f"SELECT * FROM {report_tables.TALLY} WHERE n <> 0 OR m <> 0"}
"""Besides the projection tables: what two stores folded from the same events hold alike, whatever their row
numbers (the events themselves are compared whole, by id, where a checklist's text may be kept apart or not).
The report's running counts leave a row at zero where a count went up and back down (a draft, then its send),
which a store folded at once never had: the two say the same, so rows at zero are not compared."""

_KEYS = {
    "handoffs": "id",
    "items": "handoff_id",
    "comments": "handoff_id",
    "conflicts": "handoff_id",
    "send_blocks": "handoff_id",
    "sends": "handoff_id",
}


@dataclass(frozen=True)
class Unusable:
    """A stored event no import would take today, and why."""

    event_id: str
    handoff_id: str
    kind: str
    author: str
    reason: str


def _rows(store: Store) -> dict[str, dict[str, set[tuple[Any, ...]]]]:
    """Every projection row, by table and handoff."""
    found: dict[str, dict[str, set[tuple[Any, ...]]]] = {}
    for table in PROJECTION_TABLES:
        by_handoff: dict[str, set[tuple[Any, ...]]] = {}
        key = _KEYS.get(table, "handoff_id")
        select = report_tables.with_ids(table) if table in report_tables.REPORT_TABLES else f"SELECT * FROM {table}"
        for row in store.conn.execute(select):
            by_handoff.setdefault(row[key], set()).add(tuple(row))
        found[table] = by_handoff
    return found


def damage(store: Store, limit: int = 5) -> list[str]:
    """What SQLite finds wrong with the file itself (`PRAGMA quick_check`: every page and index entry read
    once, no row checked against its index); [] when it is whole."""
    import sqlite3

    try:
        found = [str(row[0]) for row in store.conn.execute(f"PRAGMA quick_check({int(limit)})")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    lines = [line.strip() for row in found for line in row.splitlines()]
    # Not the file's damage: "*** in database main ***" heads the list, and the row-level NOT NULL and CHECK
    # findings are SQLite's own to get wrong (3.40 reports NULL in a WITHOUT ROWID table's column that holds none).
    skipped = ("ok", "***", "NULL value in ", "CHECK constraint failed")
    return [line for line in lines if line and not line.startswith(skipped)][:limit]


def drift(store: Store) -> list[str]:
    """Ids of the handoffs whose stored projection differs from what their events fold to (sorted)."""
    with store.lock:
        stored = _rows(store)
        store.conn.execute("BEGIN IMMEDIATE")
        try:
            store.rebuild()
            folded = _rows(store)
        finally:
            store.conn.execute("ROLLBACK")
    differ: set[str] = set()
    for table in PROJECTION_TABLES:
        mine, theirs = stored[table], folded[table]
        differ.update(h for h in mine.keys() | theirs.keys() if mine.get(h) != theirs.get(h))
    return sorted(differ)


def rebuild(store: Store) -> tuple[int, int]:
    """Fold every handoff again from the events, in one transaction; (handoffs, events)."""
    with store.lock, store.writing():
        store.rebuild()
        handoffs = store.conn.execute("SELECT COUNT(*) FROM handoffs").fetchone()[0]
        events = store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    return int(handoffs), int(events)


def unusable_events(store: Store) -> list[Unusable]:
    """Stored events that are not whole by today's checks (core/event_check.py), in log order."""
    found = []
    with store.lock:
        for raw in store.conn.execute(f"SELECT {EVENT_FIELDS} FROM logged_events ORDER BY seq"):
            row = store.whole_row(raw)
            reason = _problem(row)
            if reason is not None:
                found.append(Unusable(row["id"], row["handoff_id"], row["kind"], row["author"], reason))
    return found


def _problem(row: dict[str, Any]) -> str | None:
    problem = at_problem(row["at"])
    if problem is not None:
        return problem
    if isinstance(row["hlc"], str) and isinstance(row["replica"], str):  # (the view gives every stamp back whole)
        problem = stamp_problem(row["hlc"], row["replica"])
        if problem is not None:
            return problem
    try:
        payload = bounded_json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]
    except (ValueError, TypeError):
        return "payload: not JSON"
    if type(payload) is not dict:
        return "payload: not an object"
    wrong = payload_problem(str(row["kind"]), payload)
    return None if wrong is None else wrong[0]


def as_json(unusable: list[Unusable]) -> list[dict[str, str]]:
    return [asdict(u) for u in unusable]


def first_difference(one: Store, other: Store) -> str | None:
    """The first of the projection tables and the report's figures whose rows differ between two stores (compared
    exactly, by ids and values, never by the row or name numbers each file gave out); None when they hold the same.
    How a newcomer's starter is checked against the store its segments make (sync/starter_check.py)."""
    for table, select in _content_queries(one.conn).items():
        if _content_queries(other.conn).get(table) != select:
            return table
        ordered = f"SELECT * FROM ({select}) ORDER BY {', '.join(str(n + 1) for n in range(_width(one.conn, select)))}"
        mine, theirs = one.conn.cursor(), other.conn.cursor()
        mine.row_factory = theirs.row_factory = None
        for a, b in itertools.zip_longest(mine.execute(ordered), theirs.execute(ordered)):
            if a != b:
                return table
    return None


def _content_queries(conn: sqlite3.Connection) -> dict[str, str]:
    queries = dict(CONTENT)
    for table in PROJECTION_TABLES:
        queries[table] = f"SELECT * FROM {table}"
        if table in report_tables.REPORT_TABLES:  # kept by the handoff's number: named by its id instead
            columns = [str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")]
            if "handoff" in columns:
                listed = ", ".join(f"t.{c}" for c in columns if c != "handoff")
                queries[table] = (
                    f"SELECT n.name AS handoff_id, {listed} FROM {table} t JOIN names n ON n.ref = t.handoff"
                )
    return queries


def _width(conn: sqlite3.Connection, select: str) -> int:
    return len(conn.execute(f"SELECT * FROM ({select}) LIMIT 0").description)
