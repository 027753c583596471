"""The app's sync and watching: the shared-folder watcher, the poll, and the database watcher.

Mixed into BatonApp so app.py keeps the screens and actions. Every pass runs in
a worker thread and comes back as a `Synced` message; a change to the database
file (from the command line or another process) reads the open screens again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from baton.core.errors import BatonError
from baton.tui.messages import Synced, SyncStatusChanged

if TYPE_CHECKING:
    from baton.sync.report import SyncReport

RETRY_WATCH_SECONDS = 5


class AppSync(App[None]):
    """Needs `_replica`, `watcher`, `sync`, `clock`, `stop_watching`, `sync_totals`, `_told`, `when`."""

    _replica: Any
    watcher: Any
    sync: Any
    clock: Callable[[], int]
    stop_watching: threading.Event
    sync_totals: dict[str, int]
    sync_status: str
    last_sync: Synced | None
    _told: set[str]

    if TYPE_CHECKING:  # BatonApp's own services

        def refresh_screens(self, changed: set[str] | None = None) -> None: ...

        def when(self, ms: int | None) -> str: ...

    @work(thread=True, exclusive=True, group="sync-watch", exit_on_error=False)
    def watch_folder(self) -> None:
        """Sync now and on every change (a segment lands, or this replica's database changes).

        Runs until the app closes. A pass that fails unexpectedly is reported and the
        watcher starts again a little later, so one bad moment never ends syncing.
        """
        replica, stop, watch = self._replica, self.stop_watching, self.watcher
        if watch is None or replica is None:
            return
        while not stop.is_set():
            try:
                watch(replica, self._passed, stop)
                return
            except BatonError as exc:  # no usable shared folder: say so, nothing to watch
                self.post_message(Synced(self.clock(), error=str(exc)))
                return
            except Exception as exc:  # e.g. the system is out of file watches; try again soon
                self.post_message(
                    Synced(
                        self.clock(),
                        error=f"sync stopped ({type(exc).__name__}: {exc}); trying again in {RETRY_WATCH_SECONDS} s",
                    )
                )
                stop.wait(RETRY_WATCH_SECONDS)

    @work(thread=True, exclusive=True, group="db-watch", exit_on_error=False)
    def watch_database(self) -> None:
        """Read the screens again when the database file changes, whoever changed it.

        `baton set` in another terminal, or a sync run by another process, shows up
        without a key press. Only the database and its WAL file count, settled over 300 ms.
        """
        try:
            from watchfiles import watch
        except ImportError:
            return
        replica, stop = self._replica, self.stop_watching
        if replica is None:
            return
        database = replica.home.database
        files = [database, database.with_name(f"{database.name}-wal")]
        names = {f.name for f in files}

        def written() -> tuple[tuple[int, int], ...]:
            """Size and modification time: a reader closing the file is an event too, but changes neither."""
            return tuple((s.st_size, s.st_mtime_ns) if (s := _stat(f)) else (0, 0) for f in files)

        seen = written()
        try:
            for _ in watch(
                database.parent,
                stop_event=stop,
                debounce=300,
                recursive=False,
                watch_filter=lambda change, path: Path(path).name in names,
            ):
                now = written()
                if now != seen:
                    seen = now
                    self.call_from_thread(self.refresh_screens)
        except (OSError, RuntimeError):  # no file watches left: `r` still reads the queue again
            return

    def _passed(self, report: SyncReport) -> None:
        """The watcher's report of one pass (called in its thread)."""
        self.post_message(Synced(self.clock(), report))

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def run_sync(self) -> None:
        """One sync round in a thread (the round takes the replica's lock itself)."""
        replica = self._replica
        if self.sync is None or replica is None:
            return
        try:
            report = self.sync(replica)  # the round takes the replica's lock itself
        except BatonError as exc:
            self.post_message(Synced(self.clock(), error=str(exc)))
            return
        except OSError as exc:
            self.post_message(Synced(self.clock(), error=f"{exc.strerror or exc}: {exc.filename or ''}"))
            return
        self.post_message(Synced(self.clock(), report))

    def action_sync_now(self) -> None:
        if self.sync is not None and self._replica is not None:
            self.run_sync()

    def on_synced(self, message: Synced) -> None:
        from baton.tui.screens.sync import notes, status_line

        self.last_sync = message
        if message.report is not None:
            self.sync_totals["out"] += message.report.exported_events
            self.sync_totals["in"] += message.report.imported_events
        self.sync_status = status_line(message, self.when)
        current = notes(message)
        fresh = [note for note in current if note not in self._told]
        for note in fresh[:3]:
            self.notify(note, title="sync", severity="warning", timeout=8)
        if len(fresh) > 3:
            self.notify(f"and {len(fresh) - 3} more: press F5", title="sync", severity="warning", timeout=8)
        self._told = set(current)  # a problem that clears and comes back is told again
        self.show_sync_on_screens(message)
        if message.report is not None and message.report.imported_events:
            self.refresh_screens(message.report.changed or None)

    def show_sync_on_screens(self, message: Any) -> None:
        """Tell every open screen (those that show sync state handle it; one still being built handles it
        once mounted; one that has closed drops it)."""
        for screen in self.screen_stack:
            screen.post_message(SyncStatusChanged(message, self.sync_status))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None
