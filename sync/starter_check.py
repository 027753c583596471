"""A starter checked against the team's segments, on the sync after it was taken: trust one teammate for minutes,
not for good.

The shared folder is imported into a scratch home beside this one, every event checked as a newcomer without a
starter would (the replica's lock is not held meanwhile: the app keeps working). Then, under the lock, this
home's own events are added there and the two stores are compared exactly, events and projection
(core/checkup.py `first_difference`). The same: the starter is marked checked, and the scratch home goes.
Different: this home is repaired to what the segments make (every event the starter held that no segment
does goes, every one it lacked comes in, the bookkeeping of teammates' segments is the scratch home's, the
projection is folded again), keeping its own events where they are, and the sync says so.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from baton.core.checkup import first_difference
from baton.core.event_log import EVENT_FIELDS
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.starter_rows import attached
from baton.core.store import Store

from .folder import SyncFolder
from .importer import import_all
from .ledger import Ledger
from .report import SyncReport
from .starter import STARTED, started_from

SCRATCH = ".starter-check-"
"""Prefix of the scratch home made in this home's folder while a check runs (removed after)."""


def check(replica: Replica, folder: SyncFolder, report: SyncReport, now: Callable[[], int]) -> None:
    """Check the starter this home was made from, if it is not checked yet; said in `report` either way."""
    with replica.lock:
        found = started_from(replica)
        pin = replica.store.meta("team")
    if found is None or found.get("checked") or folder.absent() is not None:
        return
    raw = tempfile.mkdtemp(prefix=SCRATCH, dir=replica.home.root)
    try:
        scratch = Replica.init(Home(Path(raw) / "home"), replica.config.user, tz=replica.config.tz)
        try:
            if pin:
                with scratch.store.lock, scratch.store.writing():
                    scratch.store.set_meta("team", pin)
            read = SyncReport()
            import_all(scratch, folder, Ledger(scratch.store), read, now)
            unread = [p for p in read.problems if p.retry]
            if unread:  # a folder not readable now: what it holds would look missing (checked when it is)
                report.warn(
                    f"the history started from {found.get('user')}'s copy is checked once {unread[0].file} can be read"
                )
                return
            with replica.lock:
                try:
                    _compare(replica, scratch, found, report)
                except sqlite3.ProgrammingError:  # this home was closed meanwhile (the app quit): checked next time
                    return
        finally:
            scratch.close()
    finally:
        shutil.rmtree(raw, ignore_errors=True)


def _compare(replica: Replica, scratch: Replica, found: dict[str, Any], report: SyncReport) -> None:
    store, own_id = replica.store, replica.config.replica_id
    with store.lock:
        own = [store.whole_row(r) for r in store.conn.execute(_EVENTS + " WHERE replica = ?", (own_id,))]
    if own:
        scratch.store.append(own)
    with store.lock:
        differs = first_difference(store, scratch.store)
        if differs is None:
            with store.writing():
                store.set_meta(STARTED, json.dumps({**found, "checked": True}))
            report.history = f"started from {found.get('user')}'s copy, which matches the team's segments"
            return
        removed, added = _repair(store, scratch.store, own_id)
        with store.writing():
            store.set_meta(STARTED, json.dumps({**found, "checked": True, "repaired": differs}))
    report.history = f"started from {found.get('user')}'s copy, made again from the team's segments"
    report.problem(
        Path(str(store.path)),
        f"the history started from {found.get('user')}'s copy did not match the team's segments ({differs}): "
        f"made again from the segments ({removed:,} event(s) no segment holds taken out, {added:,} taken in)",
    )


_EVENTS = f"SELECT {EVENT_FIELDS} FROM logged_events"


def _repair(store: Store, truth: Store, own_id: str) -> tuple[int, int]:
    """Make `store` hold the events `truth` holds (its own events kept where they are), the teammates' segment
    bookkeeping of `truth`, and a projection folded again from that; (events taken out, events taken in)."""
    out: list[str] = []
    into: list[dict[str, Any]] = []
    for mine, theirs in _merged(_by_id(store), _by_id(truth)):
        if mine == theirs:
            continue
        if mine is not None and mine[6] != own_id:
            out.append(mine[0])
        if theirs is not None and (mine is None or mine[6] != own_id):
            into.append(truth.whole_row(dict(zip(EVENT_FIELDS.split(", "), theirs, strict=True))))
    with store.writing(), attached(store, truth.path):
        store.conn.executemany(
            "DELETE FROM event_log WHERE substr(id, 1, 4) = substr(baton_id(?), 1, 4) AND id = baton_id(?)",
            [(event_id, event_id) for event_id in out],
        )
        store.insert_events(into)
        for table, column in (("sync_segments", "source"), ("event_origins", "replica")):
            listed = ", ".join(str(r[1]) for r in store.conn.execute(f"PRAGMA main.table_info({table})"))
            store.conn.execute(f"DELETE FROM main.{table} WHERE {column} <> ?", (own_id,))
            store.conn.execute(
                f"INSERT INTO main.{table} ({listed}) SELECT {listed} FROM starter.{table} WHERE {column} <> ?",
                (own_id,),
            )
        store.forget_what_was_read()
        store.fold_all(store.handoff_ids())
        store.teammates_follow(store.roster())
    return len(out), len(into)


def _by_id(store: Store) -> Iterator[tuple[Any, ...]]:
    cursor = store.conn.cursor()
    cursor.row_factory = None
    return iter(cursor.execute(_EVENTS + " ORDER BY id"))


def _merged(
    mine: Iterator[tuple[Any, ...]], theirs: Iterator[tuple[Any, ...]]
) -> Iterator[tuple[tuple[Any, ...] | None, tuple[Any, ...] | None]]:
    """Pairs of rows of one id from two id-ordered streams (None where a side has no such id)."""
    a, b = next(mine, None), next(theirs, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            yield a, None
            a = next(mine, None)
        elif a is None or b[0] < a[0]:
            yield None, b
            b = next(theirs, None)
        else:
            yield a, b
            a, b = next(mine, None), next(theirs, None)
