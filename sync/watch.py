"""Watching: sync again whenever the shared folder or the local database changes.

`watchfiles` reports a segment renamed into place (sometimes as delete + create)
within a fraction of a second, and it is imported at once. A change to the
database file means local edits to send out: they go once they settle (no new
edit for `settle_seconds`, or `most_seconds` after the first), so ticking through
a checklist makes one segment in the shared folder, not one per item. Our own
writes wake the watcher once more, and that pass finds nothing to do and writes
nothing, so it settles. The first pass runs once the watcher is live, so nothing
that changes while it starts goes unseen. Every `poll_seconds` it syncs anyway,
and it picks the folder up when a missing drive is mounted again. A folder that
goes, or is replaced (deleted and made again, or by a link, which is never
watched through), is watched anew; one that stays unusable is synced at the poll,
not on every tick.

Each folder is watched one level deep: the replica folders' folder, for a teammate's
folder that appears, and each teammate's folder, where segments land. A watch that
went down every folder inside would follow any link a teammate's folder holds (to
`/`, to a tree of millions of files) and fail on the first folder there it may not
read, ending every teammate's watcher. Should the system refuse a watch all the same
(no file watches left), the folder is synced at the poll and the report says so.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import watchfiles

from baton.core.replica import Replica

from .folder import REPLICA_ID, SyncFolder, is_ignored
from .report import SyncReport
from .run import sync_folder_of, sync_once

TICK_MS = 250
"""How often the watcher looks at the clock when nothing changes (settled edits, the poll)."""
MAX_WATCHED = 1000
"""Teammates' folders watched at most (more than any team has devices); any beyond them are synced at the poll."""


class _Edits:
    """Local edits not yet sent: due once quiet for `settle` seconds, or `most` after the first."""

    def __init__(self, settle: float, most: float) -> None:
        self.settle, self.most = settle, most
        self.first: float | None = None
        self.last = 0.0

    def seen(self, now: float) -> None:
        if self.first is None:
            self.first = now
        self.last = now

    def due(self, now: float) -> bool:
        return self.first is not None and (now - self.last >= self.settle or now - self.first >= self.most)


def _usable(folder: SyncFolder) -> bool:
    """Whether the shared folder is there and baton's part of it may be read and written (or made)."""
    return folder.absent() is None and folder.layout_problem() is None


def _watchable(folder: SyncFolder) -> tuple[int, int] | None:
    """The replica folders' folder as a watch sees it (device, inode): None when it is not one baton may
    read (missing, a file, or behind a link: layout_problem)."""
    if folder.layout_problem() is not None:
        return None
    try:
        found = os.stat(folder.replicas)
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISDIR(found.st_mode) else None


def _teammates_folders(folder: SyncFolder, own: Path) -> list[tuple[Path, int]]:
    """The teammates' folders a watch looks into (and their inodes, to see one deleted and made again): real
    folders only, never a link, and never our own (only we write there)."""
    found: list[tuple[Path, int]] = []
    try:
        with os.scandir(folder.replicas) as entries:
            for entry in entries:
                try:
                    if (
                        REPLICA_ID.fullmatch(entry.name)
                        and entry.is_dir(follow_symlinks=False)
                        and entry.path != str(own)
                    ):
                        found.append((Path(entry.path), entry.inode()))
                except OSError:
                    continue
    except OSError:
        return []
    return sorted(found)[:MAX_WATCHED]


def watch(
    replica: Replica,
    on_report: Callable[[SyncReport], None],
    stop_event: threading.Event,
    sync_dir: str | Path | None = None,
    poll_seconds: float = 30.0,
    debounce_ms: int = 120,
    settle_seconds: float = 2.0,
    most_seconds: float = 10.0,
) -> None:
    """Sync now, then after every change, until `stop_event` is set. Reports go to `on_report`.

    Ctrl-C in the main thread raises KeyboardInterrupt out of here; a worker thread
    (the app) stops it with `stop_event`.
    """
    folder = sync_folder_of(replica, sync_dir)
    home = replica.home.root
    database = replica.home.database.name
    own = folder.own(replica.config.replica_id)

    def wanted(_change: watchfiles.Change, path: str) -> bool:
        changed = Path(path)
        if changed.parent == home:
            return changed.name.startswith(database)
        if changed == own or own in changed.parents:
            return False  # only we write our folder: a segment we exported is no news
        return not is_ignored(changed.name)

    while not stop_event.is_set():
        synced: float | None = None  # the first pass runs once the watcher is live (its first tick)
        edits = _Edits(settle_seconds, most_seconds)
        paths = [home]
        usable = _usable(folder)
        if usable:
            try:
                folder.make_inside(folder.replicas)
            except OSError:
                pass
        watched = _watchable(folder)
        folders = _teammates_folders(folder, own) if watched is not None else []
        if watched is not None:
            paths += [folder.replicas, *(path for path, _ in folders)]
        try:
            for changes in _changes(
                *paths,
                watch_filter=wanted,
                stop_event=stop_event,
                debounce=debounce_ms,
                step=20,
                rust_timeout=TICK_MS,
                yield_on_timeout=True,
                raise_interrupt=True,
                recursive=False,
                ignore_permission_denied=True,
            ):
                if stop_event.is_set():
                    return
                now = time.monotonic()
                local = sum(1 for _, path in changes if Path(path).parent == home)
                if local:
                    edits.seen(now)
                if synced is None or local < len(changes) or edits.due(now) or now - synced >= poll_seconds:
                    on_report(_sync_pass(replica, folder.root))
                    synced = time.monotonic()
                    edits = _Edits(settle_seconds, most_seconds)
                    if watched is not None and _teammates_folders(folder, own) != folders:
                        break  # a teammate's folder came, went or was made again: watch the folders there now
                if (_usable(folder), _watchable(folder)) != (usable, watched):
                    # The folder came (mounted, or made: watch it too, and sync at once), went, or was replaced
                    # (a watch on a folder deleted and made again, or on a link, sees nothing there): watch anew.
                    # Only on a change: a folder that stays unusable is not synced on every tick.
                    break
        except _Refused as refused:
            if isinstance(refused.why, FileNotFoundError):  # a folder went between listing it and watching it
                stop_event.wait(TICK_MS / 1000)
                continue
            report = _sync_pass(replica, folder.root)
            report.warn(
                f"cannot watch the shared folder for changes ({refused}): it is synced every {poll_seconds:g} s"
            )
            on_report(report)
            stop_event.wait(poll_seconds)


def _sync_pass(replica: Replica, root: Path) -> SyncReport:
    """One sync; a database that cannot be written now (the local disk full, another process holding it too
    long) is a problem of this pass, retried at the next, never the end of the watcher. The import's
    transaction was rolled back: nothing of it was taken in."""
    try:
        return sync_once(replica, root)
    except sqlite3.Error as exc:
        report = SyncReport(sync_dir=str(root))
        report.problem(replica.home.database, f"cannot write here now ({exc}): nothing taken in this time", retry=True)
        return report


class _Refused(Exception):
    """The system refused a watch, or a watch failed: `why` is the error, its text the OS's reason in a few words
    (without the list of paths watchfiles appends)."""

    def __init__(self, why: OSError | RuntimeError) -> None:
        text = why.strerror if isinstance(why, OSError) and why.strerror else str(why)
        super().__init__(text.split(" about [")[0])
        self.why = why


def _changes(*paths: Path, **options: Any) -> Iterator[set[tuple[watchfiles.Change, str]]]:
    """`watchfiles.watch`, its own errors raised as `_Refused` (never an error of what runs between its batches)."""
    try:
        yield from watchfiles.watch(*paths, **options)
    except (OSError, RuntimeError) as exc:
        raise _Refused(exc) from exc
