"""Watching: sync again whenever the shared folder or the local database changes.

`watchfiles` reports a segment renamed into place (sometimes as delete + create)
within a fraction of a second; a change to the database file means a local edit to
send out. Our own writes wake the watcher once more, and that pass finds nothing
to do and writes nothing, so it settles. Every `poll_seconds` it syncs anyway, and
it picks the folder up when a missing drive is mounted again.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import watchfiles

from baton.core.replica import Replica

from .folder import is_ignored
from .report import SyncReport
from .run import sync_folder_of, sync_once


def watch(replica: Replica, on_report: Callable[[SyncReport], None], stop_event: threading.Event,
          sync_dir: str | Path | None = None, poll_seconds: float = 30.0, debounce_ms: int = 120) -> None:
    """Sync now, then after every change, until `stop_event` is set. Reports go to `on_report`.

    Ctrl-C in the main thread raises KeyboardInterrupt out of here; a worker thread
    (the app) stops it with `stop_event`.
    """
    folder = sync_folder_of(replica, sync_dir)
    database = replica.home.database.name

    def wanted(_change: watchfiles.Change, path: str) -> bool:
        name = Path(path).name
        if Path(path).parent == replica.home.root:
            return name.startswith(database)
        return not is_ignored(name)

    while not stop_event.is_set():
        on_report(sync_once(replica, folder.root))
        paths = [replica.home.root]
        if folder.root.is_dir():
            try:
                folder.replicas.mkdir(parents=True, exist_ok=True)
                paths.append(folder.replicas)
            except OSError:
                pass
        watching_folder = len(paths) == 2
        for _changes in watchfiles.watch(
                *paths, watch_filter=wanted, stop_event=stop_event, debounce=debounce_ms, step=20,
                rust_timeout=int(poll_seconds * 1000), yield_on_timeout=True, raise_interrupt=True):
            if stop_event.is_set():
                return
            on_report(sync_once(replica, folder.root))
            if not watching_folder and folder.replicas.is_dir():
                break  # the folder came back: watch it too
