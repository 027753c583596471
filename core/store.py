"""The store: one SQLite file per replica, holding the event log and its projections.

Events are the only thing written by intent; the `handoffs`, `items`, `comments`, `conflicts`, `send_blocks`,
`sends` (each send and its answer: rounds.py, round_rows.py) and `vague_sends` (the vague answers each send
carried) projections are rebuilt from them, one handoff at a time. Every write is one transaction: events and
their projection land together or not at all.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from _thread import RLock, get_ident  # what threading's are, without loading threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import busy, report_tables
from .blank_database import refuse_empty
from .comment_rows import comment_rows
from .errors import BatonError, DamagedDatabase, NotFound
from .event_log import COLUMNS, EVENT_FIELDS, SECOND_COPY, EventLookups, Names, chunks, encode, stored_id
from .events import TEAM_STREAM, event_from_row, event_from_values
from .ids import ambiguous
from .item_rows import ItemRows
from .permissions import RuleContext
from .projection import HandoffState, fold
from .projection_rows import _value_json, projection_rows
from .provenance import confirm_carried
from .round_rows import HANDOFF_REF, ROUND_INSERT
from .schema import HANDOFF_FIELDS, PROJECTION_LAYOUT, PROJECTION_TABLES, SCHEMA, STORED_AS
from .snapshot_texts import SnapshotTexts
from .store_layout import previous_layout
from .store_moves import Progress, bring_up_to_date
from .store_team import TeamRecords

if TYPE_CHECKING:
    from .team.roster import Roster

_EVENT_COLUMNS = itemgetter("id", "handoff_id", "kind", "hlc", "at", "author", "replica")
_ANY_TABLE = "SELECT 1 FROM sqlite_schema LIMIT 1"
BUSY_AT_OPEN = (
    "another baton is writing to this store (after an upgrade, most likely moving your records to this "
    "version's layout); nothing was changed: try again when it says it is done"
)
"""Why an open found the store locked past the busy timeout: what holds it that long is a move (the app
and a command opened it at once after an upgrade) or a newcomer's first import."""
_EVENTS_KEYS = ("id", "handoff_id", "kind", "hlc", "at", "author", "replica", "payload", "snapshot", "snapshot_at")
_EVENTS_COLUMNS = ", ".join(_EVENTS_KEYS)
FRESH_KEPT = 100_000
"""Item events a transaction remembers for the item rows it writes (Store._fresh): past this many (a newcomer's
import of a long-lived team) the others are looked up when their rows are written, so that what a transaction
holds does not grow with its size (about 25 MB here, 250 MB at a million events)."""
FOLD_CHUNK = 1000
"""Handoffs folded at a time when every one is folded again (a rebuild, a move: each chunk is a step it tells)."""


class Store(TeamRecords, EventLookups):
    """One replica's SQLite file."""

    def __init__(self, path: Path | str, progress: Progress | None = None, *, empty_ok: bool = True) -> None:
        """Open (or make) the store; a store of an older layout is moved to today's first, telling `progress`
        where the move stands, else the callback `moves_shown_by` gave (store_moves.py). Without `empty_ok`
        (a home's database that was there before it was opened) a file holding no tables is DamagedDatabase:
        see `refuse_empty`."""
        self.path = Path(path)
        self.lock = RLock()
        self._roster: tuple[tuple[int, str | None, int], Roster | None, RuleContext] | None = None
        self._rules: RuleContext | None = None
        self.own_replica: str | None = None
        """This replica's id (set by Replica): which team to trust when none is pinned (see `_trusted_founding`)."""
        try:
            # Workers in the app read and write from their own threads; `lock` serialises them.
            self.conn: sqlite3.Connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.conn.execute(busy.busy_timeout_pragma())
            if not empty_ok:
                refuse_empty(self.conn, self.path)
            if str(path) != ":memory:" and self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.conn.execute("PRAGMA journal_mode = wal")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.row_factory = sqlite3.Row
            self.conn.create_function("baton_id", 1, stored_id, deterministic=True)
            self.snapshots = SnapshotTexts(self.conn)
            self.names = Names(self.conn)
            self._fresh: dict[str, tuple[int, Any, int, Any]] = {}
            """The item events this transaction inserted: (seq, value, author's number, at) by id, so the item
            rows of the handoffs it writes need not look them up (item_rows.py). Forgotten when a transaction
            starts or ends, when a savepoint is rolled back and when an insert fails."""
            events_table = previous_layout(self.conn)
            if not events_table:  # a new database is made in today's layouts: nothing to relay out or refill
                with self.atomic() if self.conn.execute(_ANY_TABLE).fetchone() else self.writing():
                    new = self.conn.execute(_ANY_TABLE).fetchone() is None  # (asked again under the write lock)
                    self.create_schema()
                    if new:
                        report_tables.reset(self.conn)
                        self.set_meta("projection_layout", PROJECTION_LAYOUT)
            bring_up_to_date(self, progress, events_table)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise BatonError(BUSY_AT_OPEN) from None
            raise DamagedDatabase(self.path, exc) from None

    def close(self) -> None:
        """Close once whoever holds the lock is done: closing a connection another thread is using
        (the app's folder watcher mid-round, at quit) crashes the interpreter, not just the thread."""
        with self.lock:
            self.conn.close()

    def forget_what_was_read(self) -> None:
        """After rows were written around this object's own methods (core/starter_rows.py): nothing it
        remembered of the content (the roster, the snapshot texts, this transaction's item events) still holds."""
        self._roster, self._rules, self._signatures, self._fresh = None, None, None, {}
        self.snapshots = SnapshotTexts(self.conn)

    @property
    def db(self) -> Any:
        """The connection through sqlite-utils, for tools that want its table API (loaded on first use:
        the commands that only read or append never import it)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """A transaction, or a savepoint inside the caller's: all of it lands or none of it."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self._fresh = {}
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            self._fresh = {}
            return
        name = f"baton_{id(self)}_{get_ident()}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self._fresh = {}
            self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")

    def create_schema(self) -> None:
        """Today's tables, indexes and views, those missing (inside the caller's transaction)."""
        for statement in _statements(SCHEMA):
            self.conn.execute(statement)

    # ---- writing ----------------------------------------------------------
    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """One write transaction that takes the write lock at its start (BEGIN IMMEDIATE).

        Several processes of one replica may write at once (the app, a CLI
        command, `baton sync --watch`). A deferred transaction that reads first
        fails with "database is locked" when another commits before it writes;
        an immediate one waits its turn (busy_timeout) instead. Nested: a savepoint.
        """
        if self.conn.in_transaction:
            with self.atomic():
                yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._fresh = {}
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self._fresh = {}

    def append(self, rows: list[dict[str, Any]], clock: str | None = None) -> list[str]:
        """Insert event rows (duplicates ignored) and re-project what they touch, in one transaction.

        Returns the ids of the events that were new.
        """
        with self.lock, self.writing():
            team = [row for row in rows if row["handoff_id"] == TEAM_STREAM]
            before = self.roster() if team else None
            new = self.insert_events(rows)
            if clock is not None:
                self.set_meta("clock", clock)
            touched = {row["handoff_id"] for row in rows if row["id"] in new}
            if before is not None:
                touched |= self.roster_moved(before, [row for row in team if row["id"] in new] or team)
            self.project(touched)
        return sorted(new)

    def insert_events(
        self, rows: list[dict[str, Any]], stored_handoffs: set[str] | None = None, known: set[str] | None = None
    ) -> set[str]:
        """Insert event rows inside the caller's transaction; the set of ids that were new.

        `stored_handoffs`, when the caller knows it, names the handoffs that have any
        events stored: only their rows need looking up (an import of a large team
        saves a random index probe per event). `known`, when the caller has looked
        them up already, is the set of those rows' ids that are stored.
        """
        if not rows:
            return set()
        if known is None:
            if stored_handoffs is None:
                ids = [row["id"] for row in rows]
            else:
                ids = [row["id"] for row in rows if row["handoff_id"] in stored_handoffs]
            known = self.stored_ids(ids)
        seen: set[str] = set()
        values = []
        shas = []
        cut = self.snapshots.cut
        for row in rows:  # one pass: an import inserts a million rows
            event_id = row["id"]
            if event_id in known or event_id in seen:
                continue
            seen.add(event_id)
            if row["kind"] == "created":
                stored = cut(row["payload"])
                if stored[1] is not None:
                    shas.append(stored[1])
            else:
                stored = (row["payload"], None, None)
            values.append(_EVENT_COLUMNS(row) + stored)  # tuples bind faster than names
        self.snapshots.store(shas)
        encoded = encode(values, self.names)
        last = self.conn.execute("SELECT max(seq) FROM event_log").fetchone()[0] or 0
        try:
            self.conn.executemany(f"INSERT INTO event_log ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", encoded)
            if self.conn.execute(SECOND_COPY, (last,)).fetchone() is not None:
                raise sqlite3.IntegrityError("UNIQUE constraint failed: event_log.id")
        except BaseException:
            self._fresh = {}  # the caller's savepoint goes back to before this insert
            raise
        if len(self._fresh) < FRESH_KEPT and self.conn.execute("SELECT max(seq) FROM event_log").fetchone()[0] == (
            last + len(encoded)
        ):
            # SQLite numbered the rows one after another from the largest before (its rule without AUTOINCREMENT).
            self._fresh.update(
                (row[0], (last + 1 + n, stored[8], stored[5], stored[4]))
                for n, (row, stored) in enumerate(zip(values, encoded, strict=True))
                if stored[7] is not None
            )
        return seen

    def event_rows(self) -> list[dict[str, Any]]:
        """Every stored event as the row `append` takes: payload whole, snapshot text put back."""
        return [
            self.whole_row(row) for row in self.conn.execute(f"SELECT {EVENT_FIELDS} FROM logged_events ORDER BY seq")
        ]

    def events_of(self, handoff_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Each handoff's stored events as the fold takes them (read as plain tuples: an import folds a million)."""
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        cursor = self.conn.cursor()
        cursor.row_factory = None
        for chunk in chunks(list(handoff_ids), 500):
            marks = ",".join("?" * len(chunk))
            for values in cursor.execute(f"SELECT {_EVENTS_COLUMNS} FROM events WHERE handoff_id IN ({marks})", chunk):
                if values[8] is None:
                    grouped[values[1]].append(event_from_values(values))
                else:
                    grouped[values[1]].append(self._folded(dict(zip(_EVENTS_KEYS, values, strict=True))))
        return grouped

    def _folded(self, row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
        """A stored event as the fold takes it; a created event's checklist is the snapshot's one
        shared, already checked dict (snapshot_texts.SnapshotTexts.parsed): never parsed or validated again."""
        sha = row["snapshot"]
        if sha is None:
            return event_from_row(dict(row))
        text, at = row["payload"], row["snapshot_at"]
        try:
            payload = json.loads(text[:at] + "null" + text[at:])
        except (ValueError, TypeError, RecursionError):
            payload = None
        if type(payload) is not dict or "template" not in payload or payload["template"] is not None:
            return event_from_row(self.whole_row(row))  # the cut was elsewhere: put the text back as written
        payload["template"] = self.snapshots.parsed(sha)
        return event_from_row({**dict(row), "payload": payload})

    def project(self, handoff_ids: Iterable[str]) -> None:
        """Rebuild the projection rows of these handoffs from their events (inside the caller's transaction)."""
        ids = [i for i in handoff_ids if i != TEAM_STREAM]
        if not ids:
            return
        grouped = self.events_of(ids)
        rules = self.rules
        states = [fold(handoff_id, grouped.get(handoff_id, []), False, rules) for handoff_id in ids]
        self.write_projection(states)

    def write_projection(self, states: list[HandoffState], replace: bool = True) -> None:
        """Write these folded handoffs' rows; `replace=False` when none has rows yet (no deletes to make)."""
        rows = projection_rows(states)
        item_rows = ItemRows(self.conn, self.names).rows(states, rows.items, self._fresh)
        comments = comment_rows(self.conn, self.names, rows.comments)
        if replace:
            ids = [(s.id,) for s in states]
            report_tables.forget(self.conn, [s.id for s in states])
            refs = [(r,) for r in self.names.known(s.id for s in states).values()]
            for table in PROJECTION_TABLES:
                if table in STORED_AS or table in report_tables.REPORT_TABLES:
                    self.conn.executemany(f"DELETE FROM {STORED_AS.get(table, table)} WHERE handoff = ?", refs)
                    continue
                column = "id" if table == "handoffs" else "handoff_id"
                self.conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", ids)
        self.conn.executemany(f"INSERT INTO handoffs VALUES ({','.join('?' * len(HANDOFF_FIELDS))})", rows.handoffs)
        self.conn.executemany(f"INSERT INTO item_rows VALUES ({','.join('?' * 12)})", item_rows)
        self.conn.executemany("INSERT INTO comment_rows VALUES (?,?,?,?,?,?)", comments)
        self.conn.executemany("INSERT OR REPLACE INTO conflicts VALUES (?,?,?,?,?,?)", rows.conflicts)
        self.conn.executemany(f"INSERT OR REPLACE INTO block_rows VALUES ({HANDOFF_REF}, ?, ?, ?)", rows.blocks)
        self.conn.executemany(ROUND_INSERT, rows.sends)
        self.conn.executemany("INSERT OR REPLACE INTO vague_sends VALUES (?,?,?,?)", rows.vague)
        written = [s for s in states if s.exists and s.template is not None]
        report_tables.record(
            self.conn,
            [s.id for s in written],
            [s.id for s in written if s.blocked_sends],
            [s.id for s in written if s.waivers],
        )

    def rebuild(self) -> None:
        """Throw the projections away and fold every handoff again (one immediate transaction)."""
        with self.lock, self.writing():
            self.fold_all(self.handoff_ids())

    def handoff_ids(self) -> list[str]:
        """Every handoff with an event stored (the team's stream among them)."""
        return [r[0] for r in self.conn.execute("SELECT name FROM names WHERE ref IN (SELECT handoff FROM event_log)")]

    def fold_all(self, ids: list[str], folded: Callable[[int], None] | None = None) -> None:
        """Inside the caller's transaction: the projections emptied (the checklists' item texts too, written again
        from their snapshots as handoffs are folded), then these handoffs folded again a FOLD_CHUNK at a time,
        telling `folded` how many are done after each chunk (a move's progress)."""
        report_tables.reset(self.conn)
        for table in (*PROJECTION_TABLES, "checklist_items"):
            self.conn.execute(f"DELETE FROM {STORED_AS.get(table, table)}")
        done = 0
        for chunk in chunks(ids, FOLD_CHUNK):
            self.project(chunk)
            done += len(chunk)
            if folded is not None:
                folded(done)

    # ---- reading ----------------------------------------------------------
    def state(self, handoff_id: str) -> HandoffState:
        with self.lock:
            events = self.events_of([handoff_id]).get(handoff_id, [])
        state = fold(handoff_id, events, ctx=self.rules)
        if not state.exists:
            raise NotFound(f"no handoff {handoff_id}")
        return confirm_carried(self, state) if state.carried else state  # only what this copy can confirm

    def resolve(self, prefix: str) -> str:
        """The full handoff id for a unique prefix; NotFound or an ambiguity error otherwise."""
        text = prefix.strip().lower()
        if not text or any(c not in "0123456789abcdef" for c in text):
            raise NotFound(f"no handoff {prefix!r} (ids are hexadecimal, like 3f9a2c)")
        upper = text + "g"
        sql = "SELECT id, title FROM handoffs WHERE id >= ? AND id < ? LIMIT 4"
        rows = [(str(r[0]), str(r[1])) for r in self.conn.execute(sql, (text, upper))]
        if not rows:
            raise NotFound(f"no handoff {prefix!r}")
        if len(rows) > 1:
            raise NotFound(ambiguous(prefix, rows[:3], more=len(rows) > 3))  # no one handoff: exit 4, as none
        return rows[0][0]

    def handoff_row(self, handoff_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM handoffs WHERE id = ?", (handoff_id,)).fetchone()
        if row is None:
            raise NotFound(f"no handoff {handoff_id}")
        return dict(row)

    def query(self, sql: str, params: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        return iter(self.conn.execute(sql, tuple(params)))


def _statements(script: str) -> list[str]:
    """The statements of a script (a trigger's body holds semicolons of its own)."""
    statements, pending = [], ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip())
            pending = ""
    return statements


__all__ = ["EVENT_FIELDS", "PROJECTION_LAYOUT", "PROJECTION_TABLES", "SCHEMA", "Store", "_value_json"]
