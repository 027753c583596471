"""The app's sync and watching: the shared-folder watcher, the poll, and the database watcher.

Mixed into BatonApp so app.py keeps the screens and actions. Every pass runs in
a worker thread and comes back as a `Synced` message; a change to the database
file (from the command line or another process) reads the open screens again.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App

from baton.core.errors import BatonError
from baton.tui.messages import SharedFolderSet, Synced, SyncStatusChanged

if TYPE_CHECKING:
    from baton.sync.report import SyncReport
    from baton.sync.told import Told

RETRY_WATCH_SECONDS = 5
SYNC_EVERY_SECONDS = 10
"""How often to sync when there is no watcher (or it could not start)."""
NO_FOLDER = "No shared folder yet: your handoffs stay on this device. F5, then f, sets one."
"""Said the first time a home opens without a shared folder (core/said_once.py), not at every start: the
status line keeps saying it quietly. Taken back as soon as a folder is set."""


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
    _told: Told | None
    _polling: bool

    if TYPE_CHECKING:  # BatonApp's own services
        from baton.core.config import Config

        @property
        def has_replica(self) -> bool: ...

        @property
        def config(self) -> Config: ...

        def refresh_screens(self, changed: set[str] | None = None) -> None: ...

        def when(self, ms: int | None) -> str: ...

    def start_sync(self) -> None:
        """Sync through the shared folder; with none set, say so in the status line, and in a toast the first
        time this home opens without one (once its replica is open: whether it was said is in its store)."""
        if not self.has_replica or (self.watcher is None and self.sync is None):
            return
        if not self.config.sync_dir:
            self.sync_status = "sync: no shared folder set yet (F5, then f, sets one)"
            if self._replica is not None:
                self.tell_no_folder()
            return
        if self.watcher is not None:
            self.watch_folder()
        elif self.sync is not None:
            self._poll()

    def no_folder_news(self) -> bool:
        """(In a worker's thread.) Whether to tell this home in a toast that it has no shared folder: the first
        time only, remembered in its store as told from now on (core/said_once.py)."""
        from baton.core.said_once import NO_FOLDER as SAID
        from baton.core.said_once import first_time

        replica = self._replica
        if replica is None or replica.config.sync_dir or (self.watcher is None and self.sync is None):
            return False
        try:
            return first_time(replica.store, SAID)
        except sqlite3.Error:  # busy or read-only: the status line says it all the same
            return False

    @work(thread=True, exclusive=True, group="no-folder", exit_on_error=False)
    def tell_no_folder(self) -> None:
        if self.no_folder_news():
            self.call_from_thread(self.say_no_folder)

    def say_no_folder(self) -> None:
        if not self.config.sync_dir:  # unless one was set meanwhile
            self.notify(NO_FOLDER, title="sync", timeout=8)

    def action_set_folder(self) -> None:
        """Set the shared folder, then sync through it (the watcher restarts on the new folder)."""
        from baton.tui.screens.set_folder import SetFolderScreen

        def done(summary: str | None) -> None:
            if summary:
                self.notify(summary, timeout=4)
                self.folder_changed()

        if self.has_replica:
            self.push_screen(SetFolderScreen(), done)

    def on_shared_folder_set(self, message: SharedFolderSet) -> None:
        """The shared folder was set outside the app (`baton sync --dir` in another terminal)."""
        replica = self._replica
        if replica is None or message.sync_dir == replica.config.sync_dir:
            return
        replica.config = replica.config.with_(sync_dir=message.sync_dir)
        if message.sync_dir:
            self.notify(f"shared folder set to {message.sync_dir}", timeout=4)
        self.folder_changed()

    def folder_changed(self) -> None:
        """Sync through the new folder at once: the note that there is none goes, every status line follows,
        and the watchers start again on the new folder."""
        for note in [n for n in self._notifications if n.message == NO_FOLDER]:
            self._unnotify(note)  # a toast still up would contradict the status line below it
        self.stop_watching.set()  # the old watchers end; new ones start on the new folder
        self.stop_watching = threading.Event()
        self.watch_database()
        self.sync_status = "sync: starting…"
        self.last_sync = None  # the old folder's pass: the new folder has not been synced yet
        self.start_sync()
        self.show_sync_on_screens(self.last_sync)

    def _poll(self) -> None:
        self.run_sync()
        if not self._polling:  # one timer for the app's life: each round reads the folder from the config
            self._polling = True
            self.set_interval(SYNC_EVERY_SECONDS, self.run_sync)

    @work(thread=True, exclusive=True, group="sync-watch", exit_on_error=False)
    def watch_folder(self) -> None:
        """Sync now and on every change (a segment lands, or this replica's database changes).

        Runs until the app closes. A pass that fails unexpectedly is reported and the
        watcher starts again a little later, so one bad moment never ends syncing.
        """
        replica, stop, watch = self._replica, self.stop_watching, self.watcher
        if watch is None or replica is None:
            return
        folder = replica.config.sync_dir

        def passed(report: SyncReport) -> None:
            self._passed(report, folder)

        while not stop.is_set():
            try:
                watch(replica, passed, stop)
                return
            except BatonError as exc:  # no usable shared folder: say so, nothing to watch
                self.post_message(Synced(self.clock(), error=str(exc), folder=folder))
                return
            except Exception as exc:  # e.g. the system is out of file watches; try again soon
                self.post_message(
                    Synced(
                        self.clock(),
                        error=f"sync stopped ({type(exc).__name__}: {exc}); trying again in {RETRY_WATCH_SECONDS} s",
                        folder=folder,
                    )
                )
                stop.wait(RETRY_WATCH_SECONDS)

    @work(thread=True, exclusive=True, group="db-watch", exit_on_error=False)
    def watch_database(self) -> None:
        """Read the screens again when the database file changes, whoever changed it.

        `baton set` in another terminal, or a sync run by another process, shows up
        without a key press. Only the database and its WAL file count, settled over 300 ms;
        and the config, so a shared folder set from the command line is synced through at once.
        """
        try:
            from watchfiles import watch
        except ImportError:
            return
        replica, stop = self._replica, self.stop_watching
        if replica is None:
            return
        database, config = replica.home.database, replica.home.config
        files = [database, database.with_name(f"{database.name}-wal")]
        names = {f.name for f in files} | {config.name}

        def written() -> tuple[tuple[int, int], ...]:
            """Size and modification time: a reader closing the file is an event too, but changes neither."""
            return tuple((s.st_size, s.st_mtime_ns) if (s := _stat(f)) else (0, 0) for f in files)

        seen, seen_config = written(), _stat(config)
        try:
            for _ in watch(
                database.parent,
                stop_event=stop,
                debounce=300,
                recursive=False,
                watch_filter=lambda change, path: Path(path).name in names,
            ):
                now, now_config = written(), _stat(config)
                if now != seen:
                    seen = now
                    self.call_from_thread(self.refresh_screens)
                if _changed(now_config, seen_config):
                    seen_config = now_config
                    self._read_folder(replica)
        except (OSError, RuntimeError):  # no file watches left: `r` still reads the queue again
            return

    def _read_folder(self, replica: Any) -> None:
        """The shared folder the config names now (in the watcher's thread); the app hears if it changed."""
        from baton.core.config import load_config

        try:
            folder = load_config(replica.home).sync_dir
        except BatonError:  # half written or damaged: the next change is read again
            return
        if folder != replica.config.sync_dir:
            self.post_message(SharedFolderSet(folder))

    def _passed(self, report: SyncReport, folder: str | None) -> None:
        """The watcher's report of one pass through `folder` (called in its thread)."""
        self.post_message(Synced(self.clock(), report, seen=self._seen(), folder=folder))

    def _seen(self) -> str:
        """(In a sync thread.) Who this copy has seen, as the Sync screen says it too (sync/people.py)."""
        from baton.sync.people import seen_words

        try:
            return seen_words(self._replica)
        except (BatonError, sqlite3.Error):
            return ""

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def run_sync(self) -> None:
        """One sync round in a thread (the round takes the replica's lock itself)."""
        replica = self._replica
        if self.sync is None or replica is None:
            return
        folder = replica.config.sync_dir
        try:
            report = self.sync(replica)  # the round takes the replica's lock itself
        except BatonError as exc:
            self.post_message(Synced(self.clock(), error=str(exc), folder=folder))
            return
        except OSError as exc:
            error = f"{exc.strerror or exc}: {exc.filename or ''}"
            self.post_message(Synced(self.clock(), error=error, folder=folder))
            return
        self.post_message(Synced(self.clock(), report, seen=self._seen(), folder=folder))

    def action_sync_now(self) -> None:
        if self.sync is not None and self._replica is not None:
            if not self.config.sync_dir:  # the round would refuse in the command line's words (`baton sync --dir`)
                self.notify("No shared folder yet: press f to set one.", title="sync", severity="warning")
                return
            self.run_sync()

    def on_synced(self, message: Synced) -> None:
        from baton.tui.screens.sync import notes, status_line

        if message.folder is not None and message.folder != self.config.sync_dir:
            return  # a pass through the folder this copy has just left: the new one is not synced yet
        self.last_sync = message
        if message.report is not None:
            self.sync_totals["out"] += message.report.exported_events
            self.sync_totals["in"] += message.report.imported_events
        self.sync_status = status_line(message, self.when)
        from baton.sync.told import Told

        current = notes(message)
        self._told = self._told or Told()
        if self._told.news(current):  # something new (sync/told.py): one toast, the rest is in F5
            self.notify(trouble_words(message, current), title="sync · F5 for details", severity="warning", timeout=6)
        if message.report is not None and message.report.zone:  # a lead moved your zone: times are shown there now
            by = f"{message.report.zone_by} changed it in the team's roster" if message.report.zone_by else "the roster"
            self.notify(f"Times are shown in {message.report.zone} from now on ({by}).", title="your time zone")
            self.show_zone_on_screens(message.report.zone)
        if message.report is not None and message.report.history:  # a starter taken or checked (sync/starter.py)
            self.notify(f"History {message.report.history}.", title="your copy of the team's history", timeout=8)
        self.show_sync_on_screens(message)
        if message.report is not None and message.report.imported_events:
            self.refresh_screens(message.report.changed or None)

    def show_zone_on_screens(self, tz: str) -> None:
        """The device's zone moved: every open screen that keeps it (a queue's times, its subtitle) shows `tz` now,
        without being opened again, as the toast says."""
        for screen in self.screen_stack:
            follow = getattr(screen, "follow_zone", None)
            if callable(follow):
                follow(tz)

    def show_sync_on_screens(self, message: Any) -> None:
        """Tell every open screen (those that show sync state handle it; one still being built handles it
        once mounted; one that has closed drops it)."""
        for screen in self.screen_stack:
            screen.post_message(SyncStatusChanged(message, self.sync_status))


def trouble_words(message: Synced, current: list[str]) -> str:
    """One toast for a sync pass's warnings and problems: the one itself, or how many (the list is in F5)."""
    if len(current) == 1 or message.report is None:
        return current[0]
    report = message.report
    counts = [(len(report.problems), "problem"), (len(report.warnings), "warning")]
    return ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n)


def _changed(now: os.stat_result | None, before: os.stat_result | None) -> bool:
    if now is None or before is None:
        return now is not before
    return (now.st_size, now.st_mtime_ns, now.st_ino) != (before.st_size, before.st_mtime_ns, before.st_ino)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None
