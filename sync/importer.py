"""Import: every segment not taken in yet, from every replica folder, into the store.

A segment is read whole and counts only when its trailer matches; each line is
checked exactly (see wire.py) and against its folder (the replica id on the event,
the user replica.json names). Usable events of every batch of segments land in one
transaction together with their projection, the ledger rows and the clock (see
landing.py), so a kill leaves all of them applied and counted, or none. Unusable
lines are reported (file:line, reason) and skipped; a segment with lines a newer
baton or a later time may make usable stays `retry` and is read again next time.

Before its events go in, a segment meets the trust rules (verify.py, applied by
admission.py): its signature, its chain and its device. One that fails is kept
aside, not recorded, and judged again on every sync.

A large import reads and checks its segments' lines in a second process, a few
segments ahead of the one being stored (reading.py): the same checks, the same
problems, in the same order.
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

from baton.core.errors import BatonError
from baton.core.replica import Replica
from baton.core.team import founding

from . import damaged, segment, snapshot_gaps, verify
from .admission import Admission, Parsed
from .batch import Batch, look
from .clashes import report_clashes
from .enrolment import report_outsiders, roster_view
from .folder import ReplicaInfo, SegmentFile, Source, SyncFolder, read_replica_info
from .handover import HandOverLost
from .landing import Landing
from .lapses import premature
from .ledger import Ledger
from .reading import Lines, ReadAhead, check_lines, read_ahead, sizes_of
from .report import SyncReport, TrustIssue, duration, printable
from .snapshots import Snapshots

FLUSH_EVENTS = 100_000
"""Events per batch: the lines, rows and checks of one batch are held at a time. Batches go
into one transaction and each handoff is folded once, when the last is in (landing.py)."""
AHEAD_FLUSH_EVENTS = 10_000
"""Events per batch while a second process reads ahead (reading.py): a segment's are taken in a part at a time
as soon as it is read (handover.py), so that storing them overlaps reading the next and a large one is never
held whole."""


def import_all(
    replica: Replica,
    folder: SyncFolder,
    ledger: Ledger,
    report: SyncReport,
    now: Callable[[], int],
    dry_run: bool = False,
) -> None:
    """Import everything new; `dry_run` reads every teammate's segment again, writes nothing
    and reports what would not be applied (what `baton doctor` lists as kept aside)."""
    own_id = replica.config.replica_id
    if not dry_run:
        ledger.fill_origins()
        lapse_expired(replica, report)
        mark_retirements(replica, report)
    known = ledger.done()
    bases = ledger.bases()
    taken = ledger.hashes()
    admission = Admission(*roster_view(replica.store), taken)
    pending = Batch()
    skew: dict[str, int] = {}
    users: set[str] = set()
    outsiders: dict[str, str] = {}  # folder -> user, for folders the team did not vouch for when the sync began
    sources = folder.sources()
    said = {p.file for p in report.problems}  # your own folder refused by the export is said once, by it
    for path, reason in folder.skipped:  # looked at again on every sync
        if printable(str(path)) not in said:
            report.problem(path, reason, retry=True)
    own_names = ledger.own_names(own_id)  # after listing: see Ledger.own_names
    if dry_run:
        known, bases = {(own_id, name): "done" for name in own_names}, {}
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
        info = infos[source.replica]
        basis = info.sha256 if isinstance(info, ReplicaInfo) else None
        if isinstance(info, ReplicaInfo):
            clashes = report_clashes(
                source, info, own_id, own_names, taken.get(source.replica, {}), report, admission.team
            )
            admission.weigh(source, clashes, own_names if source.replica == own_id else None)
        todo = [
            f
            for f in source.segments
            if known.get((source.replica, f.path.name)) != "done"
            or bases.get((source.replica, f.path.name), basis) != basis
            or admission.named(source.replica, f.name.seq, f.name.sha8)
        ]
        if not isinstance(info, ReplicaInfo):  # a teammate's is said while it lasts (our own, by the export)
            if todo or source.replica != own_id:
                wait = "its segments wait" if todo else "its next segments will wait"
                report.problem(source.path / "replica.json", f"{info}; {wait}", retry=True)
            continue
        profile = profiles.get(info.user, info)
        if source.replica != own_id:
            if admission.vouches(source.replica):
                users.add(info.user)
                _remember_teammate(replica, profile, pending)
            else:  # a folder the team does not vouch for is no teammate's (unless it joins in this sync)
                outsiders[source.replica] = info.user
        queue += [((i + 0.5) / len(todo), order, file, source, info, profile) for i, file in enumerate(todo)]
    # Replicas' segments are read interleaved, each at its share of the way through: a segment
    # that needs a teammate's roster events (an enrolment) mostly finds them read already.
    queue.sort(key=itemgetter(0, 1))
    snapshots = Snapshots()
    paths = [file.path for _, _, file, _, _, _ in queue]
    jobs = [(file.path, source.replica, info.user) for _, _, file, source, info, _ in queue]
    reader = None if dry_run else read_ahead(jobs, list(sizes_of(paths)), now())
    # With a second process reading ahead, each segment is taken in as soon as it is read (storing it
    # overlaps reading the next); otherwise batches of FLUSH_EVENTS.
    flush = FLUSH_EVENTS if reader is None else AHEAD_FLUSH_EVENTS
    with _collector_paused(), _closing(reader), Landing(replica, ledger, report, known, bases) as landing:
        take = (lambda batch: look(replica, batch, report)) if dry_run else landing.take
        for index, (_, _, file, source, info, profile) in enumerate(queue):
            admitted = None
            try:
                parsed = _read_segment(
                    file, source, info, pending, report, skew, now(), snapshots, admission, reader, index
                )
                if parsed is not None and admission.admit(parsed):
                    admitted = parsed
                elif parsed is not None:
                    parsed.gather()  # it waits: its parts are read now, before the second process reads on
            except HandOverLost:
                raise
            except Exception as exc:
                report.problem(file.path, f"could not be read ({type(exc).__name__}: {exc}); kept aside", retry=True)
            if admitted is not None:
                pending = _take(admitted, profile, pending, take, flush)
            if len(pending.rows) >= flush or dry_run:
                take(pending)
                pending = Batch()
        # Segments whose device the roster did not know yet: enrolments taken in since may admit them.
        for parsed in admission.released():
            found = infos[parsed.replica]
            found_profile = profiles.get(parsed.user, found if isinstance(found, ReplicaInfo) else None)
            pending = _take(parsed, found_profile, pending, take, FLUSH_EVENTS)
            if len(pending.rows) >= FLUSH_EVENTS or dry_run:
                take(pending)
                pending = Batch()
        take(pending)
        landing.finish()
    admission.report(report)
    snapshot_gaps.tell(replica, report)
    if not dry_run:  # a rival founder's segments are kept aside: remember its founding (core founding.py)
        founding.remember(replica.store, (e for parsed in admission.waiting for e in parsed.events))
    users |= {user for folder, user in outsiders.items() if admission.joined(folder)}
    report.teammates, report.outsiders = sorted(users), sorted(set(outsiders.values()) - users)
    report_outsiders(replica, sources, infos, report)
    if not dry_run:
        follow_zone(replica, report)
    for user, ahead in sorted(skew.items()):
        report.warn(
            f"{user}'s clock is about {duration(ahead)} ahead of yours: their changes are ordered "
            "as if made then (nothing is lost; ask them to fix the clock)"
        )


def follow_zone(replica: Replica, report: SyncReport) -> None:
    """A lead's change of this person's zone, taken in now, moves this device's zone too (core own_zone.py)."""
    from baton.core.team.own_zone import follow_roster_zone

    try:
        moved = follow_roster_zone(replica)
    except (BatonError, OSError, sqlite3.Error) as exc:
        report.problem(replica.home.config, f"could not take the roster's time zone: {exc}", retry=True)
        return
    if moved is not None:
        report.zone, report.zone_by = moved.tz, moved.by


def lapse_expired(replica: Replica, report: SyncReport) -> None:
    """A lead's copy says which invitations it saw expire unused, before it takes in a join that may use one
    (core membership.lapse_expired); a sync does it before it exports, so the team hears of it at once."""
    from baton.core.team import membership

    try:
        for invite in membership.lapse_expired(replica):
            report.warn(f"the invitation for {invite.user} ({invite.id}) expired unused: a join with it will not count")
    except BatonError as exc:
        report.problem(replica.home.root, f"could not mark expired invitations: {exc}", retry=True)


def mark_retirements(replica: Replica, report: SyncReport) -> None:
    """A lead's copy names a watermark for retirements from an older baton that ended a device by stamp only
    (core retire_marks.py), before it takes anything in that such a key may have signed."""
    from baton.core.team import retire_marks

    try:
        for what, device, seq in retire_marks.mark_retirements(replica):
            counts = "counts as a lead's" if what == "demoted" else "counts"
            report.warn(
                f"{device.user}'s device (key {device.fingerprint}) was {what} by an older baton, which named no "
                f"last segment: it now names {seq:06d}, the last one this copy took from it, so nothing that key "
                f"signs past it {counts}, whatever time it claims"
            )
    except BatonError as exc:
        report.problem(replica.home.root, f"could not mark retired devices: {exc}", retry=True)


def _remember_teammate(replica: Replica, info: ReplicaInfo, pending: Batch) -> None:
    """A teammate seen for the first time (or with a new name or zone) is recorded even with no news."""
    row = replica.store.teammates().get(info.user)
    if row is None or (row["display_name"], row["tz"], row["role"]) != (info.display_name, info.tz, info.role):
        pending.seen.setdefault(info.user, (info, 0))


def _hold_early_lapses(lines: Lines, now: int, expiries: dict[str, int], path: Path, report: SyncReport) -> None:
    """Lapses stamped far ahead that this clock does not agree with yet wait (lapses.py): the segment is read
    again on the next sync. Only asked when some stamp is ahead, so an ordinary import never looks."""
    keep = []
    for i, event in enumerate(lines.events):
        waits = premature(event, now, expiries)
        if waits is None:
            keep.append(i)
        else:
            report.problem(f"{path}:{lines.numbers[i]}", waits, retry=True)
    if len(keep) == len(lines.events):
        return
    lines.retry = True
    lines.rows = [lines.rows[i] for i in keep]
    lines.events = [lines.events[i] for i in keep]
    lines.numbers = [lines.numbers[i] for i in keep]


def _read_segment(
    file: SegmentFile,
    source: Source,
    info: ReplicaInfo,
    pending: Batch,
    report: SyncReport,
    skew: dict[str, int],
    now: int,
    snapshots: Snapshots,
    admission: Admission,
    ahead: ReadAhead | None = None,
    index: int = 0,
) -> Parsed | None:
    """The segment's usable events, once its signature and chain hold; None when it cannot be used now.
    `ahead`, when set, may have read and checked it already (the `index`-th of the queue)."""
    lines = None
    try:
        done = ahead.get(index) if ahead is not None else None
        handed = None
        if done is None:
            content = segment.read(file.path)
            count = len(content.lines)
        else:
            content, count, lines, handed = done
    except segment.SegmentIncomplete as exc:
        taken = admission.taken.get(source.replica, {}).get(file.name.seq, set())
        admission.unwhole(source.replica, file, damaged.tell(file, source, info.user, taken, exc, now, report))
        return None
    except segment.NotAFile as exc:
        report.problem(file.path, str(exc), retry=True)
        return None
    except segment.BadSeal as exc:
        report.problem(file.path, f"kept aside: {exc}", retry=True)
        report.distrust(TrustIssue(verify.SIGNATURE, str(file.path), source.replica, str(exc)))
        return None
    except OSError as exc:
        report.problem(file.path, f"cannot read: {exc.strerror or exc}", retry=True)
        return None
    if not admission.chain_holds(source.replica, info.user, file.path, file.name.seq, content, count):
        if handed is not None:
            handed.discard()
        return None
    preferred = admission.named(source.replica, file.name.seq, content.sha256[:8])
    if not file.name.copy and (
        content.sha256[:8] != file.name.sha8 or file.name.snapshot != (content.fold is not None)
    ):
        # The name commits to the content: this is not the file that name stands for (damaged,
        # or not the real one). Kept aside and looked at again, so the real one is taken when it comes.
        if handed is not None:
            handed.discard()
        report.problem(
            file.path,
            f"its content does not match the hash in its name (sha256 {content.sha256[:8]}…): kept aside",
            retry=True,
        )
        return None
    if lines is None:
        lines = check_lines(content.lines, source.replica, info.user, now, snapshots)
    for number, reason, retry in lines.problems:
        report.problem(f"{file.path}:{number}", reason, retry=retry)
    if lines.ahead:
        if handed is not None:  # every stamp is looked at here (rare: a clock ahead), so every row is in hand
            lines.rows, lines.events, lines.numbers = handed.whole()
            handed = None
        skew[info.user] = max(skew.get(info.user, 0), lines.ahead)
        _hold_early_lapses(lines, now, admission.expiries(), file.path, report)
    status = "retry" if lines.retry else "done"
    basis = info.sha256 if lines.foreign else None  # read again if replica.json changes
    rows, events, numbers, newest = lines.rows, lines.events, lines.numbers, lines.newest
    # A snapshot is recorded as what it stands for (see ledger.py): its last segment's hash.
    recorded = content.fold.tip if content.fold is not None else content.sha256
    usable = len(rows) if handed is None else handed.rows
    record = (source.replica, file.path.name, file.name.seq, recorded, status, usable, False, basis)
    return Parsed(
        source.replica,
        source.path,
        file.path,
        file.name.seq,
        info.user,
        content.seal,
        rows if handed is None else [],
        events if handed is None else handed.roster,
        record,
        newest,
        numbers,
        preferred,
        content.fold.first if content.fold is not None else file.name.seq,
        handed,
    )


def _take(
    parsed: Parsed, profile: ReplicaInfo | None, pending: Batch, take: Callable[[Batch], None], flush: int
) -> Batch:
    """An admitted segment joins the batch; one read ahead comes a part at a time, and the batch is taken in
    whenever it is full, so a large segment's rows are never all held (the batch the caller goes on with)."""
    pending.segments.append(parsed.record)
    prev = parsed.seal.prev if parsed.seal is not None else ""
    ids = parsed.handed.ids if parsed.handed is not None else [row["id"] for row in parsed.rows]
    pending.origins.append((parsed.replica, parsed.first, parsed.seq, parsed.record[3], prev, ids))
    if profile is not None:
        _, before = pending.seen.get(parsed.user, (profile, 0))
        pending.seen[parsed.user] = (profile, max(before, parsed.newest))
    streamed = parsed.handed is not None
    for rows, events, numbers in parsed.pieces():
        pending.rows.extend(rows)
        pending.events.extend(events)
        pending.where.extend((parsed.path, number) for number in numbers)
        if parsed.preferred:
            pending.preferred.update(map(id, rows))
        if streamed and len(pending.rows) >= flush:
            take(pending)
            pending = Batch()
    return pending


@contextlib.contextmanager
def _closing(ahead: ReadAhead | None) -> Iterator[None]:
    """The second process stops when the import ends, however it ends."""
    try:
        yield
    finally:
        if ahead is not None:
            ahead.close()


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
