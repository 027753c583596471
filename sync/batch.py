"""One batch of an import committed: events, copies settled, projection, ledger, clock and teammates at once.

Usable events of a batch of segments land in one transaction together with their
projection, the ledger rows and the clock, so a kill leaves either all of a
segment applied and counted, or none of it.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baton.core.projection import fold
from baton.core.replica import Replica
from baton.core.store import Store
from baton.core.team.roster import TEAM_STREAM, not_on_team

from . import duplicates
from .folder import ReplicaInfo
from .ledger import Ledger
from .report import ConflictSeen, SyncReport

NOT_ON_TEAM_PREFIX = not_on_team("\0").split("\0")[0]


@dataclass
class Batch:
    """Segments read but not yet committed, and what they bring."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    """The same events as the projection folds them (parsed once, on the way in)."""
    where: list[tuple[Path, int]] = field(default_factory=list)
    """File and line of each row, to report a copy of an event that is not applied."""
    segments: list[tuple[Any, ...]] = field(default_factory=list)
    """Ledger rows of the segments read (see Ledger.record)."""
    seen: dict[str, tuple[ReplicaInfo, int]] = field(default_factory=dict)
    """Per user: their profile, and the newest wall time of their events in this batch."""
    preferred: set[int] = field(default_factory=set)
    """`id()` of rows from a copy the chain names over another content of its number (verify.decide)."""


def commit(
    replica: Replica,
    ledger: Ledger,
    pending: Batch,
    report: SyncReport,
    known: dict[tuple[str, str], str],
    folded: dict[str, list[dict[str, Any]]],
    bases: dict[tuple[str, str], str],
) -> dict[str, list[dict[str, Any]]]:
    """Commit one batch; returns the events of every handoff it folded (see `_project`).

    `known` and `bases` are the ledger as it was when the import began: a segment's
    row is written only when its status or basis changed, so a quiet sync writes nothing.
    """
    if not (pending.segments or pending.seen):
        return {}
    store = replica.store
    with store.lock, _roomy_cache(store, len(pending.rows)), store.writing():
        existing = _handoffs_with_events(store, {row["handoff_id"] for row in pending.rows})
        team = [row for row in pending.rows if row["handoff_id"] == TEAM_STREAM]
        roster_before = store.roster() if team else None
        done = duplicates.insert(store, pending.rows, pending.events, pending.where, existing, pending.preferred)
        new, replaced, copies, pending.rows, pending.events = done
        touched = ({row["handoff_id"] for row in pending.rows if row["id"] in new} | replaced) - {TEAM_STREAM}
        for handoff in replaced:
            folded.pop(handoff, None)  # folded from a copy that lost: read back from the store
        again: set[str] = set()
        if roster_before is not None and any(row["id"] in new for row in team):
            # The roster moved: handoffs whose verdicts it may change are folded again from the store.
            again = store.roster_moved(roster_before, [row for row in team if row["id"] in new]) - touched
            store.project(again)
        before = _conflicts_of(store, touched & existing)
        folded = _project(store, touched, existing, pending.events, folded)
        for record in pending.segments:
            if known.get((record[0], record[1])) != record[4] or bases.get((record[0], record[1])) != record[7]:
                ledger.record(*record)
        if new:
            # Another process may have moved the stored clock on; never move it back.
            stored = store.meta("clock")
            if stored:
                replica.clock.observe(stored)
            replica.clock.observe(max(row["hlc"] for row in pending.rows if row["id"] in new))
            store.set_meta("clock", replica.clock.last)
        mates = store.teammates()
        for info, newest in pending.seen.values():
            row = mates.get(info.user)
            if (
                row is None
                or (row["display_name"], row["tz"], row["role"]) != (info.display_name, info.tz, info.role)
                or newest > (row["last_seen"] or 0)
            ):
                store.upsert_teammate(info.user, info.display_name, info.tz, info.role, newest or None)
        after = _conflicts_of(store, touched)
        conflicts = [c for c in after if c not in before] if before is not None and after is not None else []
        conflicts = [c for c in conflicts if not c.reason.startswith(NOT_ON_TEAM_PREFIX)]  # said once per folder
    for where, reason in copies:
        report.problem(where, reason)
    report.imported_segments += sum(1 for r in pending.segments if known.get((r[0], r[1])) is None)
    report.imported_events += len(new)
    report.changed |= touched | again
    report.conflicts.extend(conflicts)
    return folded


def look(replica: Replica, pending: Batch, report: SyncReport) -> None:
    """What `commit` would refuse of a batch, reported without writing: copies of an id that lose."""
    with replica.store.lock:
        stored = duplicates.stored_rows(replica.store, [row["id"] for row in pending.rows])
    settled = duplicates.settle(pending.rows, stored)
    for index, reason in settled.problems:
        path, line = pending.where[index]
        report.problem(f"{path}:{line}", reason)


@contextlib.contextmanager
def _roomy_cache(store: Store, events: int) -> Iterator[None]:
    """A bigger SQLite page cache while a large batch goes in (index pages are hit at random), then back."""
    if events < 5_000:
        yield
        return
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute("PRAGMA cache_size = -131072")  # 128 MB
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


def _project(
    store: Store,
    touched: set[str],
    existing: set[str],
    events: list[dict[str, Any]],
    folded: dict[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    """`Store.project`, without reading back from SQLite what was just parsed.

    A handoff first seen in this batch has all its events in `events` (deduplicated
    by id here). One that had events before is folded from the events the previous
    batch folded it from (`folded`) plus this batch's, when the store holds exactly
    that many events for it (the log only grows, so equal counts mean the same
    events; anything another writer added meanwhile makes them differ), else from
    the store as usual. Returns every folded handoff's events, for the next batch:
    teammates' segments are read interleaved, so a handoff's events often span two.
    """
    batch: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for event in events:
        if event["handoff"] in touched:
            batch[event["handoff"]].setdefault(event["id"], event)
    old = sorted(touched & existing)
    merged: dict[str, dict[str, dict[str, Any]]] = {}
    for handoff in old:
        if handoff in folded:
            by_id = {event["id"]: event for event in folded[handoff]}
            for event_id, event in batch[handoff].items():
                by_id.setdefault(event_id, event)
            merged[handoff] = by_id
    stored = _event_counts(store, sorted(merged))
    lists = {h: list(by_id.values()) for h, by_id in merged.items() if stored.get(h) == len(by_id)}
    lists.update(store.events_of([h for h in old if h not in lists]))
    fresh = sorted(h for h in batch if h not in existing)
    lists.update((h, list(batch[h].values())) for h in fresh)
    rules = store.rules
    store.write_projection([fold(h, lists.get(h, []), False, rules) for h in old])
    store.write_projection([fold(h, lists[h], False, rules) for h in fresh], replace=False)
    return lists


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

    None when there are too many handoffs to be worth it (a first import of a
    large team): `baton show` still lists every conflict.
    """
    if len(handoff_ids) > 2000:
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
