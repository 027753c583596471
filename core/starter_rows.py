"""A teammate's store taken into a new, empty one in a single transaction: how a newcomer starts in seconds.

A team of a million events takes a newcomer most of a minute to import event by event (sync/starter.py
says when a starter is taken instead, and how it is checked against the team's segments afterwards). Here
only rows move: every table the new store has, column by column, from the same table of the starter,
where SQLite writes each row and every index again. Nothing of the starter's file is trusted as a file:
its tables are read row by row (NOT INDEXED), its indexes, triggers and views are never used (a damaged index or a planted trigger changes nothing
here), and a table it lacks or whose columns differ from this layout's refuses the whole starter.

What is this home's own stays its own: `meta` (its cursors, its team pin, its clock) and `teammates`
(made again from the roster). Signatures this home has checked are never taken from anyone
(`verified_signatures`): the roster in the starter is folded and every signature checked here.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from .errors import BatonError
from .store import Store

OWN_TABLES = frozenset({"meta", "teammates", "verified_signatures", "profiles", "stage_rules", "breach_alerts"})
"""Tables whose rows are this home's own, never a teammate's (`profiles` and `stage_rules` are a home's own
routing settings from before a team: core/members.py; `breach_alerts`, the breaches its hooks announced)."""

COPY_CACHE = -262144
"""SQLite's page cache while a starter's rows go in, in KiB (256 MB): a million events' indexes are built in
memory, not read back from the file page by page."""

FIRST = ("names", "snapshots", "event_log")
"""Copied before the rest (the rest name their rows)."""


class StarterRefused(BatonError):
    """A starter that cannot be taken: said, and the newcomer imports every event instead."""


def is_empty(store: Store) -> bool:
    """True for a store that holds no event yet: the only kind a starter may fill."""
    return store.conn.execute("SELECT 1 FROM event_log LIMIT 1").fetchone() is None


def copy_rows(store: Store, starter: Path) -> int:
    """Copy every shared table's rows from the SQLite file `starter` into `store`, inside the caller's write
    transaction (the caller holds the lock and opened it, so a refusal leaves the store as it was); the number
    of events copied. StarterRefused when the starter is not a database of this layout."""
    conn = store.conn
    if not is_empty(store):
        raise StarterRefused("this home already holds events: a starter only fills an empty one")
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if r[0] not in OWN_TABLES
    ]
    tables.sort(key=lambda name: (name not in FIRST, FIRST.index(name) if name in FIRST else 0, name))
    marks = ",".join("?" * len(tables))
    indexes = conn.execute(  # built again once the rows are in: sorted once, not written row by row
        f"SELECT name, sql FROM main.sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        tables,
    ).fetchall()
    cache = conn.execute("PRAGMA main.cache_size").fetchone()[0]
    conn.execute(f"PRAGMA main.cache_size = {COPY_CACHE}")
    try:
        for name, _ in indexes:
            conn.execute(f'DROP INDEX main."{name}"')
        theirs = {
            r[0]
            for r in conn.execute("SELECT name FROM starter.sqlite_schema WHERE type = 'table'")
            if isinstance(r[0], str)
        }
        copied = 0
        for name in tables:
            if name not in theirs:
                raise StarterRefused(f"it has no table {name}: another layout of baton made it")
            columns = [r[1] for r in conn.execute(f'PRAGMA main.table_info("{name}")')]
            their_columns = [r[1] for r in conn.execute(f'PRAGMA starter.table_info("{name}")')]
            if columns != their_columns:
                raise StarterRefused(f"its table {name} has other columns: another layout of baton made it")
            listed = ", ".join(f'"{c}"' for c in columns)
            done = conn.execute(
                f'INSERT INTO main."{name}" ({listed}) SELECT {listed} FROM starter."{name}" NOT INDEXED'
            )
            if name == "event_log":
                copied = done.rowcount
        for _, sql in indexes:
            conn.execute(sql)
        problem = _rows_problem(conn, tables)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.IntegrityError):
            raise StarterRefused(f"its rows break this store's rules ({exc})") from None
        raise StarterRefused(f"not a readable database ({exc})") from None
    finally:
        conn.execute(f"PRAGMA main.cache_size = {int(cache)}")
    if problem is not None:
        raise StarterRefused(problem)
    store.forget_what_was_read()
    return copied


_TYPES = {"INTEGER": ("integer",), "TEXT": ("text",), "REAL": ("real", "integer"), "BLOB": ("blob", "text")}
"""What each declared type may hold (an event id is 16 bytes, or text as given when it is not hex: event_log.py)."""
_EVENT_PROBLEM = """SELECT 1 FROM event_log e
    LEFT JOIN names h ON h.ref = e.handoff LEFT JOIN names k ON k.ref = e.kind
    LEFT JOIN names a ON a.ref = e.author LEFT JOIN names r ON r.ref = e.replica
    LEFT JOIN names i ON i.ref = abs(e.item) LEFT JOIN names s ON s.ref = e.snapshot
    WHERE h.ref IS NULL OR k.ref IS NULL OR a.ref IS NULL OR r.ref IS NULL
        OR (e.item IS NOT NULL AND i.ref IS NULL)
        OR (e.snapshot IS NOT NULL AND (s.ref IS NULL OR NOT EXISTS (SELECT 1 FROM snapshots WHERE sha256 = s.name)))
        OR typeof(e.id) NOT IN ('blob', 'text') OR (typeof(e.id) = 'blob' AND length(e.id) <> 16)
        OR (typeof(e.id) = 'text' AND length(e.id) = 32 AND e.id NOT GLOB '*[^0-9a-f]*')
        OR typeof(e.at) <> 'integer' OR typeof(e.payload) <> 'text' OR typeof(e.hlc) NOT IN ('text', 'null')
        OR typeof(e.item) NOT IN ('integer', 'null') OR typeof(e.snapshot_at) NOT IN ('integer', 'null')
    LIMIT 1"""
"""An event no baton writes: naming what is not there, of another type, or with an id of another form."""


def _rows_problem(conn: sqlite3.Connection, tables: list[str]) -> str | None:
    """What is wrong with the copied rows that baton's own writes never leave (a value of another type than its
    column's, an event naming what is not there, one id twice, a checklist text not under its own hash): one
    line, or None. Anything subtler is the check's to find (sync/starter_check.py)."""
    if conn.execute(_EVENT_PROBLEM).fetchone() is not None:
        return "an event is not one baton writes (it names what is not there, or holds another type)"
    if conn.execute("SELECT 1 FROM names WHERE typeof(name) <> 'text' LIMIT 1").fetchone() is not None:
        return "a name is not text"
    try:  # sorted once: quicker than grouping a million ids
        conn.execute("CREATE UNIQUE INDEX main.starter_one_id ON event_log (id)")
    except sqlite3.IntegrityError:
        return "an event is there twice"
    conn.execute("DROP INDEX main.starter_one_id")
    for name in tables:
        if name == "event_log":
            continue  # checked above, with what its values name
        tests = []
        for _, column, declared, notnull, _, _ in conn.execute(f'PRAGMA main.table_info("{name}")'):
            allowed = _TYPES.get(str(declared).upper())
            if allowed:
                kinds = ", ".join(f"'{kind}'" for kind in (*allowed, *(() if notnull else ("null",))))
                tests.append(f'typeof("{column}") NOT IN ({kinds})')
        if tests and conn.execute(f'SELECT 1 FROM main."{name}" WHERE {" OR ".join(tests)} LIMIT 1').fetchone():
            return f"its table {name} holds a value of another type than its column's"
    for sha, body in conn.execute("SELECT sha256, body FROM main.snapshots"):
        if hashlib.sha256(body.encode()).hexdigest() != sha:
            return "a checklist's text is not the one its hash names"
    return None


def empty(store: Store) -> None:
    """Every shared table emptied again, inside the caller's write transaction: a starter taken and then
    judged untrustworthy leaves nothing behind, and the home imports every event as if it never came."""
    for (name,) in store.conn.execute(
        "SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        if name not in OWN_TABLES:
            store.conn.execute(f'DELETE FROM main."{name}"')
    store.forget_what_was_read()


def attached(store: Store, starter: Path) -> _Attached:
    """`with attached(store, path):` the starter readable as `starter.` (read-only) for the block."""
    return _Attached(store, starter)


class _Attached:
    def __init__(self, store: Store, starter: Path) -> None:
        self.store, self.path = store, starter

    def __enter__(self) -> None:
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            self.store.conn.execute("ATTACH DATABASE ? AS starter", (uri,))
            self.store.conn.execute("SELECT count(*) FROM starter.sqlite_schema").fetchone()
        except sqlite3.DatabaseError as exc:
            self._detach()
            raise StarterRefused(f"not a readable database ({exc})") from None

    def __exit__(self, *exc: object) -> None:
        self._detach()

    def _detach(self) -> None:
        try:
            self.store.conn.execute("DETACH DATABASE starter")
        except sqlite3.DatabaseError:
            pass
