"""Bringing a store to today's layout on its first open after an upgrade, and saying where the move stands.

A store of an older layout (the previous event table, store_layout.py; an older PROJECTION_LAYOUT or
REPORT_LAYOUT) is moved the first time any command or the app opens it: its events copied into today's log
where they were kept otherwise, every handoff folded again, then the file packed with one VACUUM (the vacuum
policy: schema.py). At 100,000 handoffs that is about a minute, so the move tells a `Progress` callback where
it stands (`MoveStep`): core prints nothing, the interface shows it (tui/moving.py). The callback is given to
`Store` or, for every store a process opens, by `moves_shown_by`: a command opens its store in several places.

Stopping part way is safe wherever it happens. The copy and the fold are one transaction: a Ctrl+C rolls it
back and a kill never commits it, so the store is as it was and moves again on the next open. Once it has
committed only the packing is left, and the store says it owes it (`meta.pack_owed`) until a VACUUM has run:
the next open packs it. A Ctrl+C during the VACUUM stops it at once (SQLite's progress handler gives Python's
signal handlers a turn), not when the whole file has been rewritten.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from . import report_tables
from .events import TEAM_STREAM
from .record import record
from .schema import PACK_OWED, PROJECTION_LAYOUT, PROJECTION_TABLES, STORED_AS
from .store_layout import drop_retired, move_events, previous_layout

if TYPE_CHECKING:
    from .store import Store

START, COPY, FOLD, RECOUNT, PACK, DONE, STOPPED = "start", "copy", "fold", "recount", "pack", "done", "stopped"
"""A move's stages, in order; STOPPED instead of DONE when it did not finish (an interrupt, an error)."""

TICKS = 20_000
"""SQLite virtual-machine steps between two turns for Python's signal handlers during the VACUUM."""


@record(frozen=True)
class MoveStep:
    """Where a move to today's layout stands: what the interface shows while it runs."""

    stage: str
    """START, COPY (events copied), FOLD (handoffs folded), RECOUNT (the report's figures), PACK, DONE, STOPPED."""
    handoffs: int
    """The store's handoffs: its size, said at the start."""
    done: int = 0
    """Events copied (COPY) or handoffs folded (FOLD) so far."""
    total: int = 0
    """Events to copy (COPY) or handoffs to fold (FOLD)."""
    seconds: float = 0.0
    """Since the move started."""
    moved: bool = False
    """Whether the records are in today's layout: at STOPPED, True when only the packing was left."""
    layout: str = ""
    """The layout the store was in: `events table` (before the event log), else its PROJECTION_LAYOUT."""


Progress = Callable[[MoveStep], None]
"""What a move tells, one step at a time; may raise (a Ctrl+C) to stop it, as anywhere else."""

_shown_by: list[Progress] = []


@contextlib.contextmanager
def moves_shown_by(progress: Progress) -> Iterator[None]:
    """Every store this process opens meanwhile without a callback of its own reports a move to `progress`."""
    _shown_by.append(progress)
    try:
        yield
    finally:
        _shown_by.remove(progress)


def _silent(step: MoveStep) -> None:
    """No one is shown the move (a test's store, a library caller)."""


class Move:
    """One move of one store: the steps it tells `progress`, timed from its start (once it holds the write
    lock: a wait for another process's write is not the move's time)."""

    def __init__(self, store: Store, progress: Progress | None) -> None:
        self.store = store
        self.progress = progress or (_shown_by[-1] if _shown_by else _silent)
        self.started = time.monotonic()
        self.handoffs = 0
        self.layout = ""
        self.moved = False
        self.begun = False

    def tell(self, stage: str, done: int = 0, total: int = 0) -> None:
        seconds = time.monotonic() - self.started
        self.progress(MoveStep(stage, self.handoffs, done, total, seconds, self.moved, self.layout))

    def in_todays_layout(self) -> bool:
        """Read from the store itself once the move stopped (its transaction rolled back, or committed just
        before the stop): whether the records are moved, only the packing left."""
        conn = self.store.conn
        try:
            return (
                not conn.in_transaction
                and not previous_layout(conn)
                and self.store.meta("projection_layout") == PROJECTION_LAYOUT
                and report_tables.ready(conn)
            )
        except sqlite3.Error:
            return self.moved

    def start(self, handoffs: int, layout: str) -> None:
        self.handoffs, self.layout, self.begun = handoffs, layout, True
        self.started = time.monotonic()
        self.tell(START)

    @contextlib.contextmanager
    def told(self) -> Iterator[None]:
        """DONE when the body finishes, STOPPED (then the error, or the Ctrl+C, goes on) when it does not."""
        try:
            yield
        except BaseException:
            if self.begun:
                self.moved = self.in_todays_layout()
                self.tell(STOPPED)
            raise
        if self.begun:
            self.tell(DONE)


def bring_up_to_date(store: Store, progress: Progress | None = None, events_table: bool = False) -> None:
    """Whatever this store still needs to be in today's layout (Store's constructor: `events_table` when it
    found the previous layout's table of events)."""
    move = Move(store, progress)
    with move.told():
        if events_table:
            _move_events(move)
        if store.meta("projection_layout") != PROJECTION_LAYOUT:
            _relayout(move)
        if not report_tables.ready(store.conn):
            _recount(move)
        if store.meta(PACK_OWED) is not None:
            _pack(move)


def _move_events(move: Move) -> None:
    """A database of the previous layout: its events moved to today's log, its projections rebuilt, in one
    transaction (store_layout.py)."""
    store = move.store
    with store.lock, store.writing():
        if not previous_layout(store.conn):
            return  # another process did it while this one waited
        conn = store.conn
        move.start(_count(conn, "handoffs"), "events table")
        move_events(store, lambda done, total: move.tell(COPY, done, total))
        _rebuild_projections(move)
        move.moved = True


def _relayout(move: Move) -> None:
    """Bring the projection tables to PROJECTION_LAYOUT: recreate them, fold every handoff again."""
    store = move.store
    with store.lock, store.writing():
        layout = store.meta("projection_layout")
        if layout == PROJECTION_LAYOUT:
            return  # another process did it while this one waited
        move.start(_count(store.conn, "handoffs"), layout or "")
        _rebuild_projections(move)
        move.moved = True


def _rebuild_projections(move: Move) -> None:
    """Inside the move's transaction: the projection tables dropped and made again, every handoff folded."""
    store = move.store
    conn = store.conn
    ids = [handoff for handoff in store.handoff_ids() if handoff != TEAM_STREAM]
    drop_retired(conn)
    for table in PROJECTION_TABLES:
        kind = conn.execute("SELECT type FROM sqlite_schema WHERE name = ?", (table,)).fetchone()
        if kind is not None:
            conn.execute(f"DROP {kind[0].upper()} {table}")
    for table in STORED_AS.values():
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    store.create_schema()
    move.tell(FOLD, 0, len(ids))
    store.fold_all(ids, lambda done: move.tell(FOLD, done, len(ids)))
    store.set_meta("projection_layout", PROJECTION_LAYOUT)
    store.set_meta(PACK_OWED, PROJECTION_LAYOUT)


def _recount(move: Move) -> None:
    """The report's kept figures from the projection tables: a store from before them, or of an older
    REPORT_LAYOUT (report_tables.py); nothing is folded again; then packed, as after a relayout."""
    store = move.store
    with store.lock, store.writing():
        if report_tables.ready(store.conn):
            return  # another process did it meanwhile
        if not move.begun:
            move.start(_count(store.conn, "handoffs"), store.meta("projection_layout") or "")
        move.tell(RECOUNT)
        report_tables.refill(store.conn)
        store.set_meta(PACK_OWED, PROJECTION_LAYOUT)
        move.moved = True


def _pack(move: Move) -> None:
    """Give back the pages the move freed (the vacuum policy: schema.py), then forget that it was owed.

    Another process reading or writing meanwhile only postpones it to the next open: never an error, and
    never a wait (a store still owing its packing tries once per open, without blocking a command)."""
    store = move.store
    conn = store.conn
    if str(store.path) == ":memory:" or conn.in_transaction:
        return
    if not move.begun:  # an earlier move's packing, stopped or postponed: the records are moved already
        move.moved = True
        move.start(_count(conn, "handoffs"), PROJECTION_LAYOUT)
    move.tell(PACK)
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout = 0")
    conn.set_progress_handler(_turn, TICKS)
    try:
        conn.execute("VACUUM")
    except sqlite3.OperationalError as exc:
        if str(exc) == "interrupted":  # a signal handler raised in `_turn` (Ctrl+C): SQLite cannot pass it on
            raise KeyboardInterrupt from None
        return  # busy: packed by a later open
    finally:
        conn.set_progress_handler(None, 0)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    with store.lock, store.writing():
        conn.execute("DELETE FROM meta WHERE key = ?", (PACK_OWED,))


def _turn() -> int:
    """SQLite's progress handler during the VACUUM: running any Python gives a pending signal handler its turn
    (the one place it can raise), and 0 lets the VACUUM go on."""
    return 0


def _count(conn: sqlite3.Connection, table: str) -> int:
    """The rows of `table`, 0 when it is missing (a store that never had it)."""
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
