"""One sync: export this replica's new events, then import everything new from teammates.

`sync_once` is what `baton sync` runs and what the app calls from a worker
thread. It never raises for a file or folder it cannot use: every such thing is a
problem in the report (which file, why) and is skipped or retried next time. It
raises `BatonError` only when there is no usable shared folder to talk about (none
set, or one that holds baton's own database).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from baton.core.errors import BatonError
from baton.core.hlc import now_ms
from baton.core.replica import Replica
from baton.core.team.keys import DeviceKeyError, fingerprint
from baton.core.team.membership import device_key

from . import starter, starter_check
from .acks import publish
from .backup import catch_up
from .compaction import FoldTooLarge, compact, due, restore_snapshot
from .enrolment import unenrolled_key
from .exporter import export
from .folder import FolderRefused, SyncFolder, check_sync_dir
from .importer import lapse_expired, mark_retirements
from .ledger import Ledger
from .newer_layout import newer_layouts, newer_words
from .report import SyncReport
from .restore import restore
from .taking_in import take_in
from .team_hint import other_team, other_team_words, write_team_hint


def sync_folder_of(replica: Replica, sync_dir: str | Path | None = None) -> SyncFolder:
    """The replica's shared folder (or `sync_dir`), checked; BatonError when none is usable."""
    chosen = sync_dir or replica.config.sync_dir
    if not chosen:
        raise BatonError("no shared folder set: run `baton sync --dir PATH` with the folder your sync engine shares")
    return SyncFolder(check_sync_dir(Path(chosen), replica.home))


def sync_once(
    replica: Replica,
    sync_dir: str | Path | None = None,
    now: Callable[[], int] = now_ms,
    fold: bool = False,
    check: bool = True,
) -> SyncReport:
    """Export, then import, under the replica's lock: the app's other threads wait for the round, not the reverse.

    Every sync publishes this replica's import cursors (acks.json), and folds this replica's segments
    every active teammate has into one snapshot once there are FOLD_AFTER of them since the last fold
    (see compaction.py); `fold` folds whatever every teammate has, however little, and writes a
    starter (starter.py). A home made from a starter has it checked by its next sync (outside
    the lock: starter_check.py), unless `check` is False (the join's own sync, which only sends)."""
    with replica.lock:
        taken = starter.started_from(replica)
        report = _sync(replica, sync_dir, now, fold)
    if check and taken is not None and not taken.get("checked") and report.sync_dir:  # not the sync that took it
        starter_check.check(replica, SyncFolder(Path(report.sync_dir)), report, now)
    return report


def _sync(replica: Replica, sync_dir: str | Path | None, now: Callable[[], int], fold: bool = False) -> SyncReport:
    folder = sync_folder_of(replica, sync_dir)
    report = SyncReport(sync_dir=str(folder.root))
    absent = folder.absent()
    if absent is not None:
        report.problem(folder.root, absent, retry=True)
        report.unreachable = True
        return report
    # A copy that has written segments for its team, in a folder it never wrote in that holds only another team:
    # set by hand in config.json, or a share mounted elsewhere. Its segments there would alarm that team for good.
    # (A copy that has written nothing yet, a founder or a newcomer, meets founding's and joining's own checks.)
    pin = replica.store.team_pin()
    moved = Ledger(replica.store).cursor()[1] > 0 and not os.path.lexists(folder.own(replica.config.replica_id))
    hint = other_team(folder.root, pin.id) if moved and pin is not None else None
    if hint is not None:
        report.problem(
            folder.root,
            f"{other_team_words(folder.root, hint)}, not yours: nothing written or read there; "
            "point baton at your team's folder with `baton sync --dir DIR`",
            retry=True,
        )
        report.unreachable = True
        return report
    for name in newer_layouts(folder.root):
        report.warn(newer_words(folder.root, name))
    ledger = Ledger(replica.store)
    ledger.fill_origins()
    lapse_expired(replica, report)
    mark_retirements(replica, report)  # before export: the team hears of it in this very sync
    key = None
    try:
        key = device_key(replica.home)
        wrong = unenrolled_key(replica, replica.store.roster(), key)
        if wrong is not None:  # not this user's enrolled key: nothing is written or sealed with it, not even again
            report.problem(replica.home.device_key, wrong, retry=True)
            take_in(replica, folder, ledger, report, now)
            return report
        fresh = not folder.own(replica.config.replica_id).exists()  # a folder new to this copy (sync --dir)
        own = folder.prepare(replica.config, key.public)
        if folder.info_restored:
            report.warn("your replica.json was damaged or replaced in the shared folder: written again")
        roster = replica.store.roster()
        if roster.founded and roster.team:
            write_team_hint(
                own, {"team": roster.team, "founder": roster.founder, "fingerprint": fingerprint(roster.founder_key)}
            )
        written, troubles = restore(replica, own, ledger, key)
        if fresh and written:  # nothing went missing: this folder never had them (one line, not one per file)
            report.warn(f"this shared folder had no folder of yours: your {len(written)} segment(s) written into it")
        for name in [] if fresh else written:
            report.warn(f"your segment {name} was missing or changed in the shared folder: written again")
        for trouble in troubles:
            report.problem(own, trouble)
        snapshot, unwritable = restore_snapshot(replica, own, ledger, key)
        if snapshot:
            report.warn("your snapshot was missing or changed in the shared folder: written again")
        if unwritable:
            report.problem(own, unwritable)
        caught = catch_up(own, ledger, replica.config.replica_id, lambda: take_in(replica, folder, ledger, report, now))
        report.exported_segments, report.exported_events = export(replica, own, ledger, key=key, ahead=caught)
    except DeviceKeyError as exc:
        report.problem(replica.home.device_key, f"cannot export: {exc}; your changes stay here", retry=True)
    except FolderRefused as exc:  # a link or a file where a folder belongs: said once, by the import too
        key = None
        report.problem(exc.filename, exc.strerror or "not usable", retry=True)
    except OSError as exc:
        key = None  # the folder is not writable now: no cursors and no fold either
        where = exc.filename or folder.own(replica.config.replica_id)
        report.problem(
            where, f"cannot export: {exc.strerror or exc}; your changes stay here and go out next time", retry=True
        )
    take_in(replica, folder, ledger, report, now)
    if key is None:  # reported above: no cursors and no fold without this device's key or a writable folder
        return report
    try:
        publish(folder.own(replica.config.replica_id), replica.config.replica_id, ledger, key)
        if fold or due(replica, ledger):  # a plain sync folds once enough is written; only --compact makes a starter
            try:
                report.compacted_through, report.compacted_files = compact(
                    replica, folder, ledger, key, however_few=fold
                )
            except FoldTooLarge as exc:
                if fold:  # asked for: said; a plain sync's own fold would say it again at every pass
                    report.warn(str(exc))
        if fold:
            try:
                starter.publish(replica, folder, ledger, key)
            except sqlite3.Error as exc:  # no room for the copy, or the folder refused it: the fold itself stands
                report.problem(folder.own(replica.config.replica_id), f"cannot write your starter: {exc}", retry=True)
    except OSError as exc:
        where = exc.filename or folder.own(replica.config.replica_id)
        report.problem(where, f"cannot publish what was imported or fold: {exc.strerror or exc}", retry=True)
    return report


def import_only(replica: Replica, sync_dir: str | Path | None = None, now: Callable[[], int] = now_ms) -> SyncReport:
    """Take in what the shared folder holds without writing anything there (joining and founding read first)."""
    folder = sync_folder_of(replica, sync_dir)
    report = SyncReport(sync_dir=str(folder.root))
    absent = folder.absent()
    if absent is None:
        take_in(replica, folder, Ledger(replica.store), report, now)
    else:
        report.problem(folder.root, absent, retry=True)
    return report
