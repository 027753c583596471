"""Import: every segment not taken in yet, from every replica folder, into the store.

A segment is read whole and counts only when its trailer matches; each line is
checked exactly (see wire.py) and against its folder (the replica id on the event,
the user replica.json names). Usable events of a batch of segments land in one
transaction together with their projection, the ledger rows and the clock, so a
kill leaves either all of a segment applied and counted, or none of it. Unusable
lines are reported (file:line, reason) and skipped; a segment with lines a newer
baton or a later time may make usable stays `retry` and is read again next time.

Before its events go in, a segment meets the trust rules (verify.py, applied by
admission.py): its signature, its chain and its device. One that fails is kept
aside, not recorded, and judged again on every sync.
"""

from __future__ import annotations

import contextlib
import gc
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from baton.core.errors import BatonError
from baton.core.hlc import ABSURD_MS, SKEW_WARNING_MS
from baton.core.projection import fold
from baton.core.replica import Replica
from baton.core.store import Store
from baton.core.team.roster import TEAM_STREAM, not_on_team

from . import segment, verify, wire
from .admission import Admission, Parsed, report_clashes
from .enrolment import report_outsiders, roster_view
from .folder import ReplicaInfo, SegmentFile, Source, SyncFolder, read_replica_info
from .ledger import Ledger
from .report import ConflictSeen, SyncReport, TrustIssue, duration
from .snapshots import Snapshots

NOT_ON_TEAM_PREFIX = not_on_team("\0").split("\0")[0]

FLUSH_EVENTS = 100_000
"""Events per transaction: bounds memory on a first import of a large team (about 700 MB
at a million events, the previous batch's events included). Teammates' segments hold up to
20,000 events each, so a batch this size spans one segment of each of five teammates: the
events of one handoff mostly land in one batch and it is folded once, not once per batch."""


@dataclass
class _Pending:
    rows: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    """The same events as the projection folds them (parsed once, on the way in)."""
    segments: list[tuple[str, str, int, str, str, int]] = field(default_factory=list)
    seen: dict[str, tuple[ReplicaInfo, int]] = field(default_factory=dict)
    """Per user: their profile, and the newest wall time of their events in this batch."""


def import_all(
    replica: Replica, folder: SyncFolder, ledger: Ledger, report: SyncReport, now: Callable[[], int]
) -> None:
    own_id = replica.config.replica_id
    known = ledger.done()
    taken = ledger.hashes()
    admission = Admission(*roster_view(replica.store), taken)
    pending = _Pending()
    skew: dict[str, int] = {}
    users: set[str] = set()
    sources = folder.sources()
    own_names = ledger.own_names(own_id)  # after listing: see Ledger.own_names
    infos: dict[str, ReplicaInfo | BatonError] = {}
    for source in sources:
        try:
            infos[source.replica] = read_replica_info(source.path)
        except BatonError as exc:
            infos[source.replica] = exc
    # One person on several devices: their name and zone come from one folder, the busiest,
    # so two devices that disagree do not rewrite the teammates table on every sync. Once
    # there is a team, only from a folder it vouches for: a stranger's replica.json names no one.
    profiles: dict[str, ReplicaInfo] = {}
    for source in sorted(sources, key=lambda s: (len(s.segments), s.replica)):
        found = infos[source.replica]
        if isinstance(found, ReplicaInfo) and admission.vouches(source.replica):
            profiles[found.user] = found
    queue: list[tuple[float, int, Any, Source, ReplicaInfo, ReplicaInfo]] = []
    for order, source in enumerate(sources):
        for path, reason in source.unreadable:
            report.problem(path, reason)
        todo = [f for f in source.segments if known.get((source.replica, f.path.name)) != "done"]
        info = infos[source.replica]
        if not isinstance(info, ReplicaInfo):
            if todo:
                report.problem(source.path / "replica.json", f"{info}; its segments wait", retry=True)
            continue
        profile = profiles.get(info.user, info)
        if source.replica != own_id:
            users.add(info.user)
            if admission.vouches(source.replica):
                _remember_teammate(replica, profile, pending)
        report_clashes(source, info, own_id, own_names, taken.get(source.replica, {}), report)
        queue += [((i + 0.5) / len(todo), order, file, source, info, profile) for i, file in enumerate(todo)]
    # Replicas' segments are read interleaved, each at its share of the way through: what
    # teammates wrote around the same time (one handoff's events) lands in one batch, so a
    # handoff is folded once, not once per batch that holds some of its events.
    queue.sort(key=itemgetter(0, 1))
    folded: dict[str, list[dict[str, Any]]] = {}
    snapshots = Snapshots()
    with _collector_paused():
        for _, _, file, source, info, profile in queue:
            parsed = _read_segment(file, source, info, pending, report, skew, now(), snapshots, admission)
            if parsed is not None and admission.admit(parsed):
                _take(parsed, profile, pending)
            if len(pending.rows) >= FLUSH_EVENTS:
                folded = _flush(replica, ledger, pending, report, known, folded)
                pending = _Pending()
        # Segments whose device the roster did not know yet: enrolments taken in since may admit them.
        for parsed in admission.released():
            found = infos[parsed.replica]
            _take(parsed, profiles.get(parsed.user, found if isinstance(found, ReplicaInfo) else None), pending)
            if len(pending.rows) >= FLUSH_EVENTS:
                folded = _flush(replica, ledger, pending, report, known, folded)
                pending = _Pending()
        _flush(replica, ledger, pending, report, known, folded)
    admission.report(report)
    report.teammates = sorted(users)
    report_outsiders(replica, sources, infos, report)
    for user, ahead in sorted(skew.items()):
        report.warn(
            f"{user}'s clock is about {duration(ahead)} ahead of yours: their changes are ordered "
            "as if made then (nothing is lost; ask them to fix the clock)"
        )


def _remember_teammate(replica: Replica, info: ReplicaInfo, pending: _Pending) -> None:
    """A teammate seen for the first time (or with a new name or zone) is recorded even with no news."""
    row = replica.store.teammates().get(info.user)
    if row is None or (row["display_name"], row["tz"], row["role"]) != (info.display_name, info.tz, info.role):
        pending.seen.setdefault(info.user, (info, 0))


def _read_segment(
    file: SegmentFile,
    source: Source,
    info: ReplicaInfo,
    pending: _Pending,
    report: SyncReport,
    skew: dict[str, int],
    now: int,
    snapshots: Snapshots,
    admission: Admission,
) -> Parsed | None:
    """The segment's usable events, once its signature and chain hold; None when it cannot be used now."""
    try:
        content = segment.read(file.path)
    except segment.SegmentIncomplete as exc:
        report.problem(file.path, str(exc), retry=True)
        return None
    except segment.BadSeal as exc:
        report.problem(file.path, f"kept aside: {exc}", retry=True)
        report.trust.append(TrustIssue(verify.SIGNATURE, str(file.path), source.replica, str(exc)))
        return None
    except OSError as exc:
        report.problem(file.path, f"cannot read: {exc.strerror or exc}", retry=True)
        return None
    if not admission.chain_holds(source.replica, info.user, file.path, file.name.seq, content):
        return None
    status = "done"
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    newest = 0
    # Stamps start with 16 digits of wall time, so a plain string comparison finds the ones far ahead.
    absurd, skewed = f"{now + ABSURD_MS:016d}", f"{now + SKEW_WARNING_MS:016d}"
    for number, line in enumerate(content.lines, 1):
        try:
            text = wire.text_of(line)
            data = wire.parse(text, snapshots.loads)
            row = wire.row_of(data, text)
        except wire.BadLine as bad:
            report.problem(f"{file.path}:{number}", bad.reason, retry=bad.retry)
            if bad.retry:
                status = "retry"
            continue
        if row["replica"] != source.replica:
            report.problem(
                f"{file.path}:{number}", f"event of replica {row['replica']} in the folder of replica {source.replica}"
            )
            continue
        if row["author"] != info.user:
            report.problem(
                f"{file.path}:{number}",
                f"event by {row['author']} in {info.user}'s folder (replica.json): not imported",
            )
            continue
        wall = row["hlc"][:16]
        if wall > skewed:
            ahead = int(wall) - now
            if wall > absurd:
                report.problem(
                    f"{file.path}:{number}",
                    f"clock stamp {duration(ahead)} in the future: quarantined, not applied",
                    retry=True,
                )
                status = "retry"
                continue
            skew[info.user] = max(skew.get(info.user, 0), ahead)
        if row["at"] > newest:
            newest = row["at"]
        rows.append(row)
        events.append(data)
    record = (source.replica, file.path.name, file.name.seq, content.sha256, status, len(rows))
    return Parsed(
        source.replica, source.path, file.path, file.name.seq, info.user, content.seal, rows, events, record, newest
    )


def _take(parsed: Parsed, profile: ReplicaInfo | None, pending: _Pending) -> None:
    """An admitted segment joins the batch."""
    pending.rows.extend(parsed.rows)
    pending.events.extend(parsed.events)
    pending.segments.append(parsed.record)
    if profile is not None:
        _, before = pending.seen.get(parsed.user, (profile, 0))
        pending.seen[parsed.user] = (profile, max(before, parsed.newest))


def _flush(
    replica: Replica,
    ledger: Ledger,
    pending: _Pending,
    report: SyncReport,
    known: dict[tuple[str, str], str],
    folded: dict[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    """Commit one batch; returns the events of every handoff it folded (see `_project`)."""
    if not (pending.segments or pending.seen):
        return {}
    store = replica.store
    with store.lock, _roomy_cache(store, len(pending.rows)), store.writing():
        existing = _handoffs_with_events(store, {row["handoff_id"] for row in pending.rows})
        # Rows inserted in the order of the largest index (handoff, stamp) touch each of its
        # pages once, not once per row.
        pending.rows.sort(key=itemgetter("handoff_id", "hlc"))
        team = [row for row in pending.rows if row["handoff_id"] == TEAM_STREAM]
        roster_before = store.roster() if team else None
        new = store.insert_events(pending.rows, existing)
        touched = {row["handoff_id"] for row in pending.rows if row["id"] in new} - {TEAM_STREAM}
        again: set[str] = set()
        if roster_before is not None and any(row["id"] in new for row in team):
            # The roster moved: handoffs whose verdicts it may change are folded again from the store.
            again = store.roster_moved(roster_before, [row for row in team if row["id"] in new]) - touched
            store.project(again)
        before = _conflicts_of(store, touched & existing)
        folded = _project(store, touched, existing, pending.events, folded)
        for record in pending.segments:
            if known.get((record[0], record[1])) != record[4]:
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
    report.imported_segments += sum(1 for r in pending.segments if known.get((r[0], r[1])) is None)
    report.imported_events += len(new)
    report.changed |= touched | again
    report.conflicts.extend(conflicts)
    return folded


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a batch is read and folded.

    A batch keeps tens of thousands of parsed events alive (a created event holds a
    whole checklist), and the collector would walk them again and again as they pile
    up: about 40% of a large import's time. What an import allocates is freed by
    reference counting; the collector runs again as soon as the import ends.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


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
