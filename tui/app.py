"""The baton app: queues, the checklist walk, answers, all over one replica.

The app holds no rules: every action is a Replica method run in a worker, and a
refusal from core comes back as a notification. Services arrive through the
constructor (the replica, an optional sync round, a clock) so tests can pass
temporary ones and freeze time.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from baton.core.errors import BatonError
from baton.core.hlc import now_ms
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.timezones import format_time
from baton.tui.messages import Synced

SyncRound = Callable[[Replica], Any]
"""One sync round over the shared folder: export ours, import theirs; returns a report."""
SYNC_EVERY_SECONDS = 10


class BatonApp(App[None]):
    TITLE = "baton"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+n", "new_handoff", "New", show=False),
        Binding("ctrl+d", "dashboard", "Dashboard", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, replica: Replica | None, home: Home, sync: SyncRound | None = None,
                 clock: Callable[[], int] | None = None) -> None:
        super().__init__()
        self.replica = replica
        self.home = home
        self.sync = sync
        self.clock = clock or now_ms
        self.sync_status = "sync: not set up" if sync is None else "sync: starting…"

    # ---- start ------------------------------------------------------------
    def on_mount(self) -> None:
        if self.replica is None:
            from baton.tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(self.home), self._started)
        else:
            self._open_home()

    def _started(self, replica: Replica | None) -> None:
        if replica is None:
            self.exit()
            return
        self.replica = replica
        self._open_home()

    def _open_home(self) -> None:
        from baton.tui.screens.queues import QueuesScreen

        assert self.replica is not None
        self.push_screen(QueuesScreen(self.replica.user))
        if self.sync is not None:
            self.run_sync()
            self.set_interval(SYNC_EVERY_SECONDS, self.run_sync)

    # ---- services the screens use ----------------------------------------
    def stages(self) -> list[str]:
        """Every stage a known template names, for the stage filter."""
        assert self.replica is not None
        try:
            templates = [entry.template for entry in self.replica.catalog()]
        except BatonError as exc:
            self.notify(str(exc), severity="error")
            return []
        return sorted({t.from_stage for t in templates} | {t.to_stage for t in templates})

    def when(self, ms: int | None) -> str:
        """A time in the viewer's zone."""
        return format_time(ms, self.replica.config.tz if self.replica else "UTC")

    def open_handoff(self, handoff_id: str) -> None:
        from baton.tui.screens.handoff import HandoffScreen

        self.push_screen(HandoffScreen(handoff_id))

    def refresh_screens(self) -> None:
        """Re-read what every open screen shows (after a sync brought news)."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    def refresh_screens_below(self, current: Screen) -> None:
        """After a change on `current`, re-read the screens under it (the queues)."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if screen is not current and callable(reload):
                reload()

    # ---- sync -------------------------------------------------------------
    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def run_sync(self) -> None:
        """One sync round in a thread (under the store's lock, like every write)."""
        if self.sync is None or self.replica is None:
            return
        if not self.replica.config.sync_dir:
            self.post_message(Synced(self.clock(), "sync: no shared folder set (baton sync --dir PATH)"))
            return
        try:
            with self.replica.store.lock:
                report = self.sync(self.replica)
        except BatonError as exc:
            self.post_message(Synced(self.clock(), "", problems=[str(exc)]))
            return
        except OSError as exc:
            self.post_message(Synced(self.clock(), "", problems=[f"{exc.strerror or exc}: {exc.filename or ''}"]))
            return
        self.post_message(synced_from(report, self.clock()))

    def on_synced(self, message: Synced) -> None:
        parts = [f"last sync {self.when(message.at)[11:]}"] if not message.summary.startswith("sync:") else []
        if message.summary:
            parts.append(message.summary)
        if message.problems:
            parts.append(f"{len(message.problems)} problem(s): {message.problems[0]}")
            self.notify(message.problems[0], title="sync", severity="warning")
        self.sync_status = " · ".join(parts)
        for screen in self.screen_stack:
            show = getattr(screen, "show_sync_status", None)
            if callable(show):
                show(self.sync_status)
        if message.imported:
            self.refresh_screens()

    # ---- actions ----------------------------------------------------------
    def action_new_handoff(self) -> None:
        from baton.tui.screens.new_handoff import NewHandoffScreen

        if self.replica is None:
            return

        def created(handoff_id: str | None) -> None:
            if handoff_id:
                self.refresh_screens()
                self.open_handoff(handoff_id)

        self.push_screen(NewHandoffScreen(), created)

    def action_help(self) -> None:
        from baton.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_dashboard(self) -> None:
        try:
            from baton.tui.screens.dashboard import DashboardScreen  # type: ignore[import-not-found]
        except ImportError:
            self.notify("The lead dashboard is not part of this version yet.")
            return
        self.push_screen(DashboardScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.replica is None:
            return
        yield SystemCommand("New handoff", "Start a handoff from a template", self.action_new_handoff)
        yield SystemCommand("Help", "Keys and what each screen does", self.action_help)
        if self.sync is not None:
            yield SystemCommand("Sync now", "Export my events and import teammates' from the shared folder",
                                self.run_sync)
        yield SystemCommand("Lead dashboard", "Queues and bounce-backs across the team", self.action_dashboard)
        for binding in screen.active_bindings.values():
            b = binding.binding
            if b.show and b.description and binding.enabled and not b.action.startswith("app."):
                yield SystemCommand(b.description, f"{b.description} (key: {b.key_display or b.key})",
                                    _runner(screen, b.action))


def synced_from(report: Any, at: int) -> Synced:
    """Read a sync report (baton.sync's SyncReport) into the status line's words."""
    teammates = list(getattr(report, "teammates", []) or [])
    imported = int(getattr(report, "imported_events", 0) or 0)
    exported = int(getattr(report, "exported_events", 0) or 0)
    problems = [f"{getattr(p, 'file', '')}: {getattr(p, 'reason', p)}" for p in getattr(report, "problems", []) or []]
    problems += [str(w) for w in getattr(report, "warnings", []) or []]
    summary = f"{len(teammates)} teammate(s) seen · {imported} event(s) in · {exported} out"
    return Synced(at, summary, imported, problems)


def _runner(screen: Screen, action: str) -> Callable[[], Any]:
    return lambda: screen.run_action(action)
