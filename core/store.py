"""The store: one SQLite file per replica, holding the event log and its projections.

Events are the only thing written by intent; the `handoffs`, `items`, `comments`,
`conflicts`, `send_blocks`, `sends` (each send and its answer; see rounds.py) and
`vague_sends` (the vague answers each send carried, as its event records them) tables
are rebuilt from them, one handoff at a time.
Every write is one transaction: events and their projection land together or not
at all.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from .errors import BatonError, NotFound
from .events import event_from_row
from .permissions import RuleContext
from .projection import HandoffState, fold
from .projection_rows import _value_json, projection_rows
from .schema import HANDOFF_FIELDS, PROJECTION_LAYOUT, PROJECTION_TABLES, SCHEMA
from .snapshot_texts import SnapshotTexts
from .store_team import TeamRecords
from .team.roster import TEAM_STREAM, Roster

_EVENT_COLUMNS = itemgetter("id", "handoff_id", "kind", "hlc", "at", "author", "replica")


class Store(TeamRecords):
    """One replica's SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.lock = threading.RLock()
        self._roster: tuple[tuple[int, str | None], Roster, RuleContext] | None = None
        self._rules: RuleContext | None = None
        self.own_replica: str | None = None
        """This replica's id (set by Replica): which team to trust when none is pinned (see `_trusted_founding`)."""
        try:
            # Workers in the app read and write from their own threads; `lock` serialises them.
            self.conn: sqlite3.Connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.conn.execute("PRAGMA busy_timeout = 5000")
            if str(path) != ":memory:" and self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.conn.execute("PRAGMA journal_mode = wal")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.row_factory = sqlite3.Row
            with self.atomic():
                for statement in _statements(SCHEMA):
                    self.conn.execute(statement)
            self.snapshots = SnapshotTexts(self.conn)
            if "snapshot" not in self._columns("events"):
                self._add_snapshot_columns()
            if self.meta("projection_layout") != PROJECTION_LAYOUT:
                self._relayout()
        except sqlite3.DatabaseError as exc:
            raise BatonError(f"{self.path} is not a usable baton database: {exc}") from None

    def close(self) -> None:
        """Close once whoever holds the lock is done: closing a connection another thread is using
        (the app's folder watcher mid-round, at quit) crashes the interpreter, not just the thread."""
        with self.lock:
            self.conn.close()

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
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            return
        name = f"baton_{id(self)}_{threading.get_ident()}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")

    def _columns(self, table: str) -> set[str]:
        return {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}

    def _add_snapshot_columns(self) -> None:
        """A database from before snapshots were stored once: its events keep their whole payloads."""
        with self.lock, self.writing():
            if "snapshot" not in self._columns("events"):  # another process may have done it meanwhile
                self.conn.execute("ALTER TABLE events ADD COLUMN snapshot TEXT")
                self.conn.execute("ALTER TABLE events ADD COLUMN snapshot_at INTEGER")

    def _relayout(self) -> None:
        """Bring the projection tables to PROJECTION_LAYOUT: recreate them, fold every handoff again."""
        with self.lock, self.writing():
            if self.meta("projection_layout") == PROJECTION_LAYOUT:
                return  # another process did it while this one waited
            for table in PROJECTION_TABLES:
                self.conn.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _statements(SCHEMA):
                self.conn.execute(statement)
            self.rebuild()
            self.set_meta("projection_layout", PROJECTION_LAYOUT)
        self._vacuum()

    def _vacuum(self) -> None:
        """Give back the pages a relayout freed (the vacuum policy: schema.py). Another process
        reading or writing meanwhile only postpones it to the next relayout: never an error."""
        if str(self.path) == ":memory:" or self.conn.in_transaction:
            return
        with contextlib.suppress(sqlite3.OperationalError):
            self.conn.execute("VACUUM")

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
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

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
            known = set()
            for chunk in _chunks(ids, 500):
                marks = ",".join("?" * len(chunk))
                known.update(r[0] for r in self.conn.execute(f"SELECT id FROM events WHERE id IN ({marks})", chunk))
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
        self.conn.executemany(
            "INSERT INTO events (id, handoff_id, kind, hlc, at, author, replica, payload, snapshot, snapshot_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            values,
        )
        return seen

    def event_rows(self) -> list[dict[str, Any]]:
        """Every stored event as the row `append` takes: payload whole, snapshot text put back."""
        return [self.whole_row(row) for row in self.conn.execute("SELECT * FROM events ORDER BY rowid")]

    def events_of(self, handoff_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for chunk in _chunks(list(handoff_ids), 500):
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"SELECT * FROM events WHERE handoff_id IN ({marks})", chunk):
                grouped[row["handoff_id"]].append(self._folded(row))
        return grouped

    def _folded(self, row: sqlite3.Row) -> dict[str, Any]:
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
        if replace:
            ids = [(s.id,) for s in states]
            for table in PROJECTION_TABLES:
                column = "id" if table == "handoffs" else "handoff_id"
                self.conn.executemany(f"DELETE FROM {table} WHERE {column} = ?", ids)
        rows = projection_rows(states)
        self.conn.executemany(f"INSERT INTO handoffs VALUES ({','.join('?' * len(HANDOFF_FIELDS))})", rows.handoffs)
        self.conn.executemany(f"INSERT INTO items VALUES ({','.join('?' * 14)})", rows.items)
        self.conn.executemany("INSERT INTO comments VALUES (?,?,?,?,?)", rows.comments)
        self.conn.executemany("INSERT OR REPLACE INTO conflicts VALUES (?,?,?,?,?,?)", rows.conflicts)
        self.conn.executemany("INSERT OR REPLACE INTO send_blocks VALUES (?,?,?,?)", rows.blocks)
        self.conn.executemany(f"INSERT OR REPLACE INTO sends VALUES ({','.join('?' * 12)})", rows.sends)
        self.conn.executemany("INSERT OR REPLACE INTO vague_sends VALUES (?,?,?,?)", rows.vague)

    def rebuild(self) -> None:
        """Throw the projections away and fold every handoff again (one immediate transaction)."""
        with self.lock, self.writing():
            ids = [r[0] for r in self.conn.execute("SELECT DISTINCT handoff_id FROM events")]
            for table in PROJECTION_TABLES:
                self.conn.execute(f"DELETE FROM {table}")
            for chunk in _chunks(ids, 1000):
                self.project(chunk)

    # ---- reading ----------------------------------------------------------
    def state(self, handoff_id: str) -> HandoffState:
        with self.lock:
            events = self.events_of([handoff_id]).get(handoff_id, [])
        state = fold(handoff_id, events, ctx=self.rules)
        if not state.exists:
            raise NotFound(f"no handoff {handoff_id}")
        return state

    def resolve(self, prefix: str) -> str:
        """The full handoff id for a unique prefix; NotFound or an ambiguity error otherwise."""
        text = prefix.strip().lower()
        if not text or any(c not in "0123456789abcdef" for c in text):
            raise NotFound(f"no handoff {prefix!r} (ids are hexadecimal, like 3f9a2c)")
        upper = text + "g"
        rows = [
            r[0] for r in self.conn.execute("SELECT id FROM handoffs WHERE id >= ? AND id < ? LIMIT 6", (text, upper))
        ]
        if not rows:
            raise NotFound(f"no handoff {prefix!r}")
        if len(rows) > 1:
            raise BatonError(
                f"{prefix!r} is ambiguous: it starts {len(rows) if len(rows) < 6 else 'many'} handoffs; type more of the id"
            )
        return str(rows[0])

    def handoff_row(self, handoff_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM handoffs WHERE id = ?", (handoff_id,)).fetchone()
        if row is None:
            raise NotFound(f"no handoff {handoff_id}")
        return dict(row)

    def teammates(self) -> dict[str, dict[str, Any]]:
        return {r["user"]: dict(r) for r in self.conn.execute("SELECT * FROM teammates")}

    def upsert_teammate(
        self, user: str, display_name: str, tz: str, role: str = "member", last_seen: int | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO teammates (user, display_name, tz, role, last_seen) VALUES (?,?,?,?,?) "
            "ON CONFLICT(user) DO UPDATE SET display_name=excluded.display_name, tz=excluded.tz, "
            "role=excluded.role, last_seen=MAX(COALESCE(teammates.last_seen, 0), COALESCE(excluded.last_seen, 0))",
            (user, display_name, tz, role, last_seen),
        )

    def query(self, sql: str, params: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        return iter(self.conn.execute(sql, tuple(params)))


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


__all__ = ["PROJECTION_LAYOUT", "PROJECTION_TABLES", "SCHEMA", "Store", "_value_json"]
