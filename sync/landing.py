"""Where an import's batches land: one transaction for the whole import, every handoff folded once at its end.

An import reads teammates' segments in batches (bounded memory for their lines and
rows), but the events of one handoff are spread over several teammates' segments:
folding after every batch folds most handoffs of a first import several times, and
reads back from the store what was just parsed. So every batch's events, ledger rows,
clock and teammates go into one transaction, and when the last batch is in, every
handoff they touched is folded once: from the events parsed on the way in when the
handoff had no events stored before this import, from the store otherwise (and
whenever the store holds other events for it than those parsed, such as a write
this process made meanwhile). Events are held for the fold only up to HELD_EVENTS: past
that (a first import of a long-lived team), every handoff is folded from the store at
the end, where this transaction has put its events already, so that an import's memory
does not grow with the team's history (the price: reading them back, about 5 µs an
event). Then the transaction commits. A kill anywhere leaves
the replica as it was before the import (nothing counted, nothing applied): the
next sync simply imports again. The price: the write lock is held for the whole
import (this process's other threads wait on the replica's lock, as for any sync;
another process's write waits for the busy timeout), where it was held batch by batch.

The projection is the same as folding after every batch, or after every event: a
fold is a function of a handoff's set of events, and the roster's verdicts are
taken at the end, from the whole roster (tests/test_sync_bulk.py holds it to that, and
tests/test_sync_import_parts.py with segments in parts and events read back).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from types import TracebackType
from typing import Any

from baton.core.projection import fold
from baton.core.replica import Replica
from baton.core.store import Store
from baton.core.team import origins
from baton.core.team.roster import TEAM_STREAM
from baton.core.timezones import known_zone

from . import duplicates, snapshot_gaps
from .batch import Batch
from .ledger import Ledger
from .report import ConflictSeen, SyncReport
from .withdrawals import report_withdrawn

HELD_EVENTS = 50_000
"""Parsed events held for the fold at most: past this many, they are let go and every handoff the import
touched is folded from the store (about 60 MB held, where a team of a million events would hold 1.2 GB)."""
FOLD_CHUNK = 2_000
"""Handoffs folded and written at a time at the end: their states are dropped before the next ones are made."""
CONFLICTS_SHOWN = 2_000
"""Past this many handoffs touched (a first import of a large team), new conflicts are not listed one by one:
`baton show` still lists every conflict."""


class Landing:
    """The open transaction of one import, and the handoffs it will fold when the import ends."""

    def __init__(
        self,
        replica: Replica,
        ledger: Ledger,
        report: SyncReport,
        known: dict[tuple[str, str], str],
        bases: dict[tuple[str, str], str],
    ) -> None:
        """`known` and `bases` are the ledger as it was when the import began: a segment's row is written
        only when its status or basis changed, so a quiet sync writes nothing."""
        self.replica, self.ledger, self.report, self.known, self.bases = replica, ledger, report, known, bases
        self._stack = contextlib.ExitStack()
        self._open = False
        self.parsed: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        """Handoff -> event id -> event, for handoffs this import stored first (folded from these)."""
        self.held = 0
        """Events in `parsed` (at most HELD_EVENTS, else none)."""
        self.holding = True
        """False once the import passed HELD_EVENTS: every handoff is folded from the store."""
        self.fresh: set[str] = set()
        """Handoffs that had no events stored when this import first took some of theirs in."""
        self.prior: set[str] = set()
        """Handoffs that had events stored before this import: folded from the store."""
        self.touched: set[str] = set()
        self.again: set[str] = set()
        """Handoffs the roster's moves may have changed (folded again from the store)."""
        self.replaced: set[str] = set()
        """Handoffs where a stored copy of an event lost to another (folded from the store)."""
        self.conflicts_before: list[ConflictSeen] | None = []

    def __enter__(self) -> Landing:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> bool | None:
        """Commits when the import ended well (after `finish`), rolls everything back otherwise."""
        return self._stack.__exit__(kind, exc, trace)

    def _begin(self, events: int) -> None:
        if self._open:
            return
        store = self.replica.store
        self._stack.enter_context(store.lock)
        self._stack.enter_context(_roomy_cache(store, events))
        self._stack.enter_context(store.writing())
        self._open = True

    def take(self, pending: Batch) -> None:
        """One batch: its events (copies of one id settled), ledger rows, clock and teammates; its handoffs noted."""
        if not (pending.segments or pending.seen or pending.rows):
            return
        self._begin(len(pending.rows))
        store, report = self.replica.store, self.report
        existing = _handoffs_with_events(store, {row["handoff_id"] for row in pending.rows})
        self.prior |= existing - self.fresh
        # Before the roster is read: a retirement's watermark reads them.
        snapshot_gaps.remember(store, origins.record(store.conn, pending.origins))
        team = [row for row in pending.rows if row["handoff_id"] == TEAM_STREAM]
        roster_before = store.roster() if team else None
        done = duplicates.insert(store, pending.rows, pending.events, pending.where, existing, pending.preferred)
        new, replaced, copies, rows, events = done
        touched = ({row["handoff_id"] for row in rows if row["id"] in new} | replaced) - {TEAM_STREAM}
        if roster_before is not None and any(row["id"] in new for row in team):
            # The roster moved: handoffs whose verdicts it may change are folded again at the end.
            self.again |= store.roster_moved(roster_before, [row for row in team if row["id"] in new])
            report_withdrawn(store, roster_before, store.roster(), report)
        measure = (touched & self.prior) - self.touched
        self.fresh |= touched - existing
        self.touched |= touched
        self._conflicts_before(measure)
        self.replaced |= replaced
        self._hold(events)
        for record in pending.segments:
            key = (record[0], record[1])
            if self.known.get(key) != record[4] or self.bases.get(key) != record[7]:
                self.ledger.record(*record)
        if new:
            # Another process may have moved the stored clock on; never move it back.
            clock = self.replica.clock
            stored = store.meta("clock")
            if stored:
                clock.observe(stored)
            clock.observe(max(row["hlc"] for row in rows if row["id"] in new))
            store.set_meta("clock", clock.last)
        mates, roster = store.teammates(), store.roster()
        for info, newest in pending.seen.values():
            row = mates.get(info.user)
            member = roster.member(info.user) if roster.founded else None  # the roster's name and zone win
            zone = member.tz if member and known_zone(member.tz) else None  # one this machine knows (timezones.py)
            name, tz = (member.name, zone or info.tz) if member else (info.display_name, info.tz)
            if (
                row is None
                or (row["display_name"], row["tz"], row["role"]) != (name, tz, info.role)
                or newest > (row["last_seen"] or 0)
            ):
                store.upsert_teammate(info.user, name, tz, info.role, newest or None)
        for where, reason in copies:
            report.problem(where, reason)
        report.imported_segments += sum(1 for r in pending.segments if self.known.get((r[0], r[1])) is None)
        report.imported_events += len(new)

    def _hold(self, events: list[dict[str, Any]]) -> None:
        """Keep the events of handoffs this import stored first, for the fold, until there are too many."""
        if not self.holding:
            return
        parsed, fresh, held = self.parsed, self.fresh, self.held
        for event in events:
            if event["handoff"] in fresh:
                bucket = parsed[event["handoff"]]
                if event["id"] not in bucket:
                    bucket[event["id"]] = event
                    held += 1
        self.held = held
        if held > HELD_EVENTS:
            # The store has every one of them already (this transaction): they are read back for the fold.
            self.parsed.clear()
            self.held, self.holding = 0, False

    def finish(self) -> None:
        """Fold every handoff the import touched, once, and write its projection (the commit follows on exit)."""
        if not self._open:
            return
        store, touched = self.replica.store, self.touched
        store.project(sorted(self.again - touched))
        stored = (touched & self.prior) | self.replaced
        ours = sorted(touched - stored)
        rules = store.rules
        if self.holding:
            counts = _event_counts(store, ours)
            # The log only grows: the same count means the same events. Anything else (this process wrote
            # meanwhile) is read back from the store.
            stored |= {h for h in ours if counts.get(h) != len(self.parsed[h])}
            ours = [h for h in ours if h not in stored]
        else:
            # Too many to hold: every one is read back from the store, in chunks, and written without deletes
            # unless it has a projection already (one this process wrote meanwhile).
            for start in range(0, len(ours), FOLD_CHUNK):
                chunk = ours[start : start + FOLD_CHUNK]
                lists = store.events_of(chunk)
                states = [fold(h, lists.pop(h, []), False, rules) for h in chunk]
                del lists
                projected = _projected(store, chunk)
                again = [s for s in states if s.id in projected]
                if again:
                    store.write_projection(again)
                store.write_projection([s for s in states if s.id not in projected], replace=False)
            ours = []
        old = sorted(stored)
        for start in range(0, len(old), FOLD_CHUNK):
            chunk = old[start : start + FOLD_CHUNK]
            lists = store.events_of(chunk)
            store.write_projection([fold(h, lists.get(h, []), False, rules) for h in chunk])
        for start in range(0, len(ours), FOLD_CHUNK):
            chunk = ours[start : start + FOLD_CHUNK]
            states = [fold(h, self.parsed.pop(h).values(), False, rules) for h in chunk]
            store.write_projection(states, replace=False)
        self.parsed.clear()
        before = self.conflicts_before
        after = _conflicts_of(store, touched)
        conflicts = [c for c in after if c not in before] if before is not None and after is not None else []
        # A writer the team does not know is never a conflict: the fold holds its events (WriterProblem.held), and
        # the report names its folder once (admission.py).
        self.report.conflicts.extend(conflicts)
        self.report.changed |= touched | self.again

    def _conflicts_before(self, handoffs: set[str]) -> None:
        """Conflicts these handoffs had before the import (their projection is not written until `finish`)."""
        if self.conflicts_before is None or not handoffs:
            return
        if len(self.touched) > CONFLICTS_SHOWN:
            self.conflicts_before = None
            return
        found = _conflicts_of(self.replica.store, handoffs)
        self.conflicts_before = None if found is None else self.conflicts_before + found


@contextlib.contextmanager
def _roomy_cache(store: Store, events: int) -> Iterator[None]:
    """A bigger SQLite page cache while a large import goes in (index pages are hit at random), then back.

    64 MB: at a million events the store outgrows 128 MB as much as 64 MB (no CPU measured between them there),
    and 64 MB of a newcomer's memory is a sixth of the whole import's; at 300,000 events 128 MB saved 0.3 s of 11."""
    if events < 5_000:
        yield
        return
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {int(before)}")


def _handoffs_with_events(store: Store, handoff_ids: set[str]) -> set[str]:
    found: set[str] = set()
    ids = sorted(handoff_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0]
            for r in store.conn.execute(f"SELECT DISTINCT handoff_id FROM events WHERE handoff_id IN ({marks})", chunk)
        )
    return found


def _projected(store: Store, handoff_ids: list[str]) -> set[str]:
    """Those of these handoffs that have a projection row."""
    found: set[str] = set()
    for start in range(0, len(handoff_ids), 500):
        chunk = handoff_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in store.conn.execute(f"SELECT id FROM handoffs WHERE id IN ({marks})", chunk))
    return found


def _event_counts(store: Store, handoff_ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for start in range(0, len(handoff_ids), 500):
        chunk = handoff_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        counts.update(
            store.conn.execute(
                f"SELECT handoff_id, COUNT(*) FROM events WHERE handoff_id IN ({marks}) GROUP BY handoff_id", chunk
            )
        )
    return counts


def _conflicts_of(store: Store, handoff_ids: set[str]) -> list[ConflictSeen] | None:
    """Conflicts recorded on these handoffs: new ones after import are reported (imported or local events).

    None when there are too many handoffs to be worth it (a first import of a large team).
    """
    if len(handoff_ids) > CONFLICTS_SHOWN:
        return None
    found = []
    ids = sorted(handoff_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(
            f"SELECT handoff_id, event_id, kind, author, reason FROM conflicts WHERE handoff_id IN ({marks})", chunk
        ):
            found.append(ConflictSeen(*row))
    return sorted(found, key=lambda c: (c.handoff, c.event))
