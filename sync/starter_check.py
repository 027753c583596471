"""A starter checked against the team's segments, on the sync after it was taken: trust one teammate for minutes,
not for good.

The shared folder is imported into a scratch home beside this one, every event checked as a newcomer without a
starter would (the replica's lock is not held meanwhile: the app keeps working). Then, under the lock, this
home's own events are added there, and this home is made to hold what the segments make:

- events, compared whole by id: one the starter held that no segment holds (or holds otherwise) is taken out
  (or replaced), and one the segments hold that this home lacks is taken in: newer than the starter, or left
  out of it;
- the bookkeeping of teammates' segments (which files were taken in, which events came from where) is always
  the scratch home's, so nothing the starter claimed to have read is believed;
- the projection and the report's figures are compared exactly (core/checkup.py `first_difference`), and
  folded again from the events when they differ; the clock is set from the events that stay.

An event the starter held that no segment holds, or a projection that is not its events' fold, is a problem the
sync says, naming the teammate whose starter it was. This home's own events are never touched.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from baton.core.checkup import first_difference
from baton.core.event_log import EVENT_FIELDS
from baton.core.hlc import Clock
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.starter_rows import attached
from baton.core.store import Store
from baton.core.team.roster import TEAM_STREAM

from .folder import SyncFolder
from .importer import import_all
from .ledger import Ledger
from .report import SyncReport
from .starter import STARTED, latest_stamp, started_from

SCRATCH = ".starter-check-"
"""Prefix of the scratch home made in this home's folder while a check runs (removed after)."""
STALE_SCRATCH_S = 24 * 3600
"""A scratch home this old was left by a check that was killed: removed by the next one."""
_EVENTS = f"SELECT {EVENT_FIELDS} FROM logged_events"
_FIELDS = EVENT_FIELDS.split(", ")


def check(replica: Replica, folder: SyncFolder, report: SyncReport, now: Callable[[], int]) -> None:
    """Check the starter this home was made from, if it is not checked yet; said in `report` either way."""
    with replica.lock:
        found = started_from(replica)
        pin = replica.store.meta("team")
    if found is None or found.get("checked") or folder.absent() is not None:
        return
    _tidy(replica.home.root)
    raw = tempfile.mkdtemp(prefix=SCRATCH, dir=replica.home.root)
    try:
        scratch = Replica.init(Home(Path(raw) / "home"), replica.config.user, tz=replica.config.tz)
        try:
            if pin:
                with scratch.store.lock, scratch.store.writing():
                    scratch.store.set_meta("team", pin)
            read = SyncReport()
            import_all(scratch, folder, Ledger(scratch.store), read, now)
            try:
                _settle(replica, scratch.store, found, report, bool([p for p in read.problems if p.retry]))
            except sqlite3.ProgrammingError:  # this home was closed meanwhile (the app quit): checked next time
                return
        finally:
            scratch.close()
    finally:
        shutil.rmtree(raw, ignore_errors=True)


def _tidy(root: Path) -> None:
    for entry in root.glob(SCRATCH + "*"):
        try:
            if time.time() - entry.stat().st_mtime > STALE_SCRATCH_S:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            pass


def _settle(replica: Replica, truth: Store, found: dict[str, Any], report: SyncReport, unread: bool) -> None:
    """Make this home hold what the segments make (see the module's docstring), and say how it went."""
    store, own_id = replica.store, replica.config.replica_id
    with replica.lock:
        _own_events_to(truth, store, own_id)
    view = Store(store.path)  # a reader of its own: the comparison, the long part, holds no lock the app waits on
    try:
        alike = not any(_event_differences(view, truth, own_id)) and first_difference(view, truth) is None
    finally:
        view.close()
    with replica.lock:
        if not alike:
            _own_events_to(truth, store, own_id)  # written meanwhile
        _made_alike(replica, truth, found, report, unread, alike)


def _own_events_to(truth: Store, store: Store, own_id: str) -> None:
    own = [store.whole_row(r) for r in store.conn.execute(_EVENTS + " WHERE replica = ?", (own_id,))]
    if own:
        truth.append(own)


def _made_alike(
    replica: Replica, truth: Store, found: dict[str, Any], report: SyncReport, unread: bool, alike: bool
) -> None:
    """Under the lock: the repair, where the comparison found a difference; the bookkeeping and clock always."""
    store, own_id, who = replica.store, replica.config.replica_id, found.get("user")
    out, into, forged = _event_differences(store, truth, own_id) if not alike else ({}, [], 0)
    forged += _left_out(store, truth, {row["id"] for row in into})
    with attached(store, truth.path), store.writing():
        if out:
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
        touched = {row["handoff_id"] for row in into} | set(out.values())
        if forged or TEAM_STREAM in touched:
            _fold_everything(store)
        else:
            store.project(touched)
    differs = None if alike else first_difference(store, truth)
    still = False
    if differs is not None:
        with store.writing():
            _fold_everything(store)
        still = first_difference(store, truth) is not None
    with store.writing():
        top = latest_stamp(store, own_id)
        if top is not None:
            replica.clock = Clock(own_id, top, wall=replica.wall)
            store.set_meta("clock", replica.clock.last)
        store.set_meta(STARTED, json.dumps({**found, "checked": True, "repaired": bool(forged or differs)}))
    if not (forged or differs):
        newer = f"; {len(into):,} newer event(s) taken in" if into else ""
        report.history = f"started from {who}'s copy, which matches the team's segments{newer}"
        return
    report.history = f"started from {who}'s copy, made again from the team's segments"
    wrong = [f"{forged:,} event(s) not as the segments hold them, or left out"] if forged else []
    if differs:
        said = "its report figures differ" if differs == "report" else f"its {differs} table differs"
        wrong.append(f"{said} from what its events make{' (still, after folding again)' if still else ''}")
    maybe = " (some files could not be read yet: see the problems above; they come in when they can)" if unread else ""
    report.problem(
        Path(str(store.path)),
        f"{who}'s starter did not match the team's segments: {', '.join(wrong)}; made again from the segments{maybe}",
    )


def _fold_everything(store: Store) -> None:
    """Every projection row folded again, checklist texts too (inside the caller's transaction)."""
    store.fold_all(store.handoff_ids())
    store.teammates_follow(store.roster())


def _event_differences(store: Store, truth: Store, own_id: str) -> tuple[dict[str, str], list[dict[str, Any]], int]:
    """(events to take out: id -> handoff, whole rows to take in, how many of those differences are the starter's
    doing: an event no segment holds, or holds otherwise). This home's own events are never taken out."""
    out: dict[str, str] = {}
    into: list[dict[str, Any]] = []
    forged = 0
    for mine, theirs in _merged(_by_id(store), _by_id(truth)):
        if mine == theirs or (mine is not None and theirs is not None and _whole(store, mine) == _whole(truth, theirs)):
            continue
        if mine is not None:
            if mine[6] == own_id:
                continue
            out[mine[0]] = mine[1]
            forged += 1
        if theirs is not None:
            into.append(_whole(truth, theirs))
    return out, into, forged


def _left_out(store: Store, truth: Store, missing: set[str]) -> int:
    """How many of the events this home lacks came in segments the starter said it had taken in (the same
    file, by name): events it left out, not events newer than it."""
    if not missing:
        return 0
    claimed = {(str(r[0]), str(r[1])) for r in store.conn.execute("SELECT source, sha256 FROM sync_segments")}
    left = 0
    for replica, sha, ids in truth.conn.execute("SELECT replica, sha256, ids FROM event_origins"):
        if (str(replica), str(sha)) in claimed:
            left += len(missing.intersection(json.loads(ids)))
    return left


def _whole(store: Store, row: tuple[Any, ...]) -> dict[str, Any]:
    return store.whole_row(dict(zip(_FIELDS, row, strict=True)))


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
