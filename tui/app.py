"""The baton app: queues, the checklist walk, answers, all over one replica.

The app holds no rules: every action is a Replica method run in a worker, and a
refusal from core comes back as a notification. Services arrive through the
constructor (the replica, an optional sync round, a clock) so tests can pass
temporary ones and freeze time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from baton.core.errors import BatonError
from baton.core.hlc import now_ms
from baton.core.home import Home
from baton.core.timezones import format_time
from baton.tui.app_sync import AppSync
from baton.tui.first_frame import FirstFrame
from baton.tui.hangup import EndsWithTerminal
from baton.tui.keys_panel import KeysPanel
from baton.tui.messages import Synced
from baton.tui.shown import one_line, plain

if TYPE_CHECKING:  # the replica (and the rules, store and projection behind it) loads after the first frame
    from baton.core.config import Config
    from baton.core.hooks import HookOutcome
    from baton.core.replica import Replica
    from baton.sync.report import SyncReport
    from baton.sync.told import Told
    from baton.tui.first_read import FirstRead

SyncRound: TypeAlias = "Callable[[Replica], Any]"
"""One sync round over the shared folder: export ours, import theirs; returns a SyncReport."""
Watch: TypeAlias = "Callable[[Replica, Callable[[SyncReport], None], threading.Event], None]"
"""`baton.sync.watch.watch`: sync now and after every change, reporting each pass, until the event is set."""


class BatonApp(FirstFrame, AppSync, KeysPanel, EndsWithTerminal):
    TITLE = "baton"
    CSS_PATH = ["app.tcss", "screens/queues.tcss"]
    """The queue screen's styles load with the app's: the first screen's own CSS_PATH would have every style
    read and applied again when it is pushed."""
    ENABLE_COMMAND_PALETTE = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    """Below 110 columns screens fold their side panels (the handoff's gate becomes one line)."""
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("f5", "sync_screen", "Sync status"),  # opens the sync screen; its `s` syncs
        Binding("f6", "team_screen", "Team", show=False),
        Binding("ctrl+n", "new_handoff", "New", show=False),
        # In a text field these two edit the line instead (tui/field_keys.py): bound with priority to decide here.
        Binding("ctrl+d", "field_or_app('ctrl+d')", "Dashboard", show=False, priority=True),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+e", "field_or_app('ctrl+e')", "Export", show=False, priority=True),
    ]

    def __init__(
        self,
        replica: Replica | None,
        home: Home,
        sync: SyncRound | None = None,
        clock: Callable[[], int] | None = None,
        watch: Watch | None = None,
        config: Config | None = None,
    ) -> None:
        """`config`: the person whose replica is in `home`, when it is not open yet (`replica` None): the queue
        is drawn from the database file first, and the replica opens once it shows (`open_replica`)."""
        super().__init__()
        self._replica = replica
        self._config = replica.config if replica is not None else config
        self._opening = threading.Lock()
        self.open_error: BatonError | None = None
        """Why the replica could not open after the first frame (run_app says it once the app has closed)."""
        self.home = home
        self.sync = sync
        self.watcher = watch
        """Named so as not to shadow Textual's `DOMNode.watch`."""
        self.clock = clock or now_ms
        self.sync_status = "sync: not set up" if sync is None and watch is None else "sync: starting…"
        self.last_sync: Synced | None = None
        """The latest sync pass, for the status line and the sync screen."""
        self.stop_watching = threading.Event()
        """Set when the app closes: the watcher thread returns within a fraction of a second."""
        self._told: Told | None = None
        """Sync trouble already told in a toast (sync/told.py: once while it lasts); made with the first pass."""
        self._polling = False
        self.sync_totals = {"out": 0, "in": 0}
        """Events exported and imported since the app opened (one pass is often quiet)."""
        self.first_read: FirstRead | None = None
        """The home queue's count and first page, read before the app started (tui/first_read.py)."""

    @property
    def replica(self) -> Replica:
        """The replica the screens work on; every screen but first run exists only once there is one.

        Opened here when a screen needs it before `open_replica`'s worker has opened it."""
        if self._replica is None:
            if self._config is None:
                raise RuntimeError("no replica yet: first run has not finished")
            return self._open()
        return self._replica

    @property
    def has_replica(self) -> bool:
        """False until first run has made (or found) this person's replica."""
        return self._replica is not None or self._config is not None

    @property
    def config(self) -> Config:
        """Who this is and their settings (the replica's own once it is open: setting a folder changes it)."""
        if self._replica is not None:
            return self._replica.config
        if self._config is None:
            raise RuntimeError("no replica yet: first run has not finished")
        return self._config

    def _open(self) -> Replica:
        """Open the replica once, whichever thread asks first (the others wait for it)."""
        with self._opening:
            if self._replica is None:
                from baton.core.replica import Replica

                self._replica = Replica.open(self.home)
            return self._replica

    @work(thread=True, exclusive=True, group="open-replica", exit_on_error=False)
    def open_replica(self) -> None:
        """Open the replica in a thread once the queue shows, then watch the database and start syncing."""
        try:
            self._open()
        except BatonError as exc:
            self.call_from_thread(self._not_opened, exc)
            return
        news = self.no_folder_news()  # before the database watcher starts: this write is nothing to read again
        self.call_from_thread(self._opened, news)

    def _opened(self, no_folder_news: bool) -> None:
        self.watch_database()
        if self.config.sync_dir:
            self.start_sync()
        elif no_folder_news:  # the status line said so on the first frame; the toast, the first time only
            self.say_no_folder()

    def close_replica(self) -> None:
        """Close the replica if it was opened (the app has closed)."""
        with self._opening:
            if self._replica is not None:
                self._replica.close()

    def _not_opened(self, error: BatonError) -> None:
        self.open_error = error
        # In the app's turn: after the parts of the screen that came after the first frame are mounted, not
        # while they are (a widget half mounted as the app closes fails loudly).
        self.call_later(self.exit, return_code=error.exit_code)

    # ---- start ------------------------------------------------------------
    def on_mount(self) -> None:
        self.end_with_terminal()
        if not self.has_replica:
            from baton.tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(self.home), self._started)
            self.call_after_refresh(self.first_frame_drawn)
        else:
            self._open_home()

    def _started(self, replica: Replica | None) -> None:
        if replica is None:
            self.exit()
            return
        self._replica, self._config = replica, replica.config
        self._open_home()

    def on_queue_table_shown(self) -> None:
        self.first_frame_drawn()

    def _open_home(self) -> None:
        from baton.tui.screens.queues import QueuesScreen

        self.push_screen(QueuesScreen(self.config.user, classes=self.width_class()))
        if self._replica is None:
            if not self.config.sync_dir:
                self.start_sync()  # the status line says so on the first frame; it needs no replica
            self.after_first_frame(self.open_replica)
        else:
            self.watch_database()
            self.start_sync()

    def on_unmount(self) -> None:
        self.stop_watching.set()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification as plain text: they carry teammates' words (a title, a hook's output, a reason),
        whose `[brackets]` must read as typed and whose escape sequences must not reach the terminal."""
        super().notify(plain(message), title=one_line(title), severity=severity, timeout=timeout, markup=False)

    # ---- services the screens use ----------------------------------------
    def stages(self) -> list[str]:
        """Every stage a usable checklist names, for the stage filter (a broken file is skipped: core/catalog.py).

        Read from the home's checklists without the replica: the queue screen asks in a worker."""
        from baton.core.catalog import Catalog

        templates = [entry.template for entry in Catalog(self.home.templates, cache_folder=self.home.root)]
        return sorted({t.from_stage for t in templates} | {t.to_stage for t in templates})

    def when(self, ms: int | None) -> str:
        """A time in the viewer's zone."""
        return format_time(ms, self.config.tz if self.has_replica else "UTC")

    def open_handoff(self, handoff_id: str) -> None:
        from baton.tui.screens.handoff import HandoffScreen

        self.push_screen(HandoffScreen(handoff_id))
        self.screen_coming = False  # it is on top now, and says itself when it is ready for keys

    def refresh_screens(self, changed: set[str] | None = None) -> None:
        """Re-read what open screens show (after a sync brought news about the `changed` handoffs)."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            shown = getattr(screen, "handoff_id", None)
            if callable(reload) and (changed is None or shown is None or shown in changed):
                reload()

    def show_hook_outcomes(self, outcomes: list[HookOutcome]) -> None:
        """One notification per hook that failed (a warning) or had something to say, as the CLI prints."""
        for outcome in outcomes:
            if not outcome.ok:
                self.notify(outcome.line(), title="hook", severity="warning", timeout=10)
            elif outcome.feedback:
                self.notify(outcome.line(), title="hook", timeout=5)

    def refresh_screens_below(self, current: Screen[Any]) -> None:
        """After a change on `current`, re-read the screens under it (the queues)."""
        for screen in self.screen_stack:
            reload = getattr(screen, "reload", None)
            if screen is not current and callable(reload):
                reload()

    # ---- actions ----------------------------------------------------------
    OPENS_A_SCREEN = ("help", "sync_screen", "team_screen", "dashboard", "new_handoff", "set_folder", "export")
    """The app's keys that open a screen: none of them while a dialog is open (it is answered or closed first)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Before first run there is no replica: nothing but help and quit. Over a dialog (a question, a form)
        no app key opens another screen on top of it; Ctrl+D and Ctrl+E are then the dialog's fields' own."""
        if action == "hide_keys":
            return self.keys_shown()
        if self.screen.is_modal and action in (*self.OPENS_A_SCREEN, "field_or_app"):
            return False
        replica_keys = ("sync_screen", "dashboard", "new_handoff", "sync_now", "set_folder", "export", "field_or_app")
        return self.has_replica or action not in replica_keys

    def action_new_handoff(self) -> None:
        from baton.tui.screens.new_handoff import NewHandoffScreen

        if not self.has_replica:
            return

        def created(handoff_id: str | None) -> None:
            if handoff_id:
                self.refresh_screens()
                self.open_handoff(handoff_id)
            self.screen_coming = False  # (none comes: keys wait no longer)

        self.push_screen(NewHandoffScreen(), created)

    async def action_quit(self) -> None:
        """Quit; when a field holds text not saved yet, ask first (save, discard, stay).

        Text typed in a dialog (a return's reason, a waiver's, days away) is asked about first: it can only be
        dropped or kept.
        """
        from baton.tui.screens.confirm import Confirm

        lost = getattr(self.screen, "unsaved_words", lambda: "")()
        if lost:

            def drop(answer: str | None) -> None:
                if answer == "discard":
                    self._quit_unless_unsaved()

            answers = [("stay", "Keep editing", "primary"), ("discard", "Drop it and quit", "error")]
            self.push_screen(Confirm("Drop what you typed?", lost, answers), drop)
            return
        self._quit_unless_unsaved()

    def _quit_unless_unsaved(self) -> None:
        from baton.tui.screens.confirm import UNSAVED, Confirm

        holder = self.unsaved_holder()
        if holder is None:
            self.exit()
            return

        def chosen(answer: str | None) -> None:
            if answer == "save":
                holder.write("quit", None, None, holder.unsaved())
            elif answer == "discard":
                self.exit()

        answers = [("save", "Save and quit", "success"), *UNSAVED[1:]]
        said = f"{holder.not_saved_words(holder.unsaved())} Quit without saving what you typed?"
        self.push_screen(Confirm("Typed text is not saved", said, answers), chosen)

    def unsaved_holder(self) -> Any:
        """The topmost screen with typed text not saved yet (a handoff's fields), or None."""
        return next((s for s in reversed(self.screen_stack) if getattr(s, "unsaved", lambda: {})()), None)

    def action_field_or_app(self, key: str) -> None:
        """Ctrl+D / Ctrl+E: the focused text field's line editing, else the lead dashboard / the export."""
        from baton.tui.field_keys import ELSEWHERE, in_field, note_once

        used = in_field(self.focused, key)
        if used is False:
            note_once(self, ELSEWHERE[key])
        elif used is None:
            self.action_dashboard() if key == "ctrl+d" else self.action_export()

    def action_export(self) -> None:
        from baton.tui.screens.export import ExportScreen

        if self.has_replica:
            self.push_screen(ExportScreen(), self._exported)

    def _exported(self, summary: str | None) -> None:
        if summary:
            self.notify(summary, timeout=5)

    def action_help(self) -> None:
        from baton.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_dashboard(self) -> None:
        from baton.tui.screens.dashboard import DashboardScreen

        if self.has_replica and not isinstance(self.screen, DashboardScreen):
            self.push_screen(DashboardScreen())

    def action_sync_screen(self) -> None:
        from baton.tui.screens.sync import SyncScreen
        from baton.tui.screens.team import TeamScreen

        if self.has_replica and not isinstance(self.screen, SyncScreen):
            self._open_instead(TeamScreen, SyncScreen())

    def action_team_screen(self) -> None:
        from baton.tui.screens.sync import SyncScreen
        from baton.tui.screens.team import TeamScreen

        if self.has_replica and not isinstance(self.screen, TeamScreen):
            self._open_instead(SyncScreen, TeamScreen())

    def _open_instead(self, other: type[Screen[Any]], screen: Screen[Any]) -> None:
        """Sync (F5) and Team (F6) take each other's place, so one Esc goes back to where the first was opened
        from; over a team screen holding a typed invitation the new one opens on top (nothing typed is lost)."""
        here = self.screen
        if isinstance(here, other) and not getattr(here, "unsaved_words", lambda: "")():
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Each command once: Textual's own (minus its Help and Quit, which ours replace, and its Screenshot, which
        would write a picture into whatever folder baton was started in), then baton's."""
        from baton.tui.palette import keyed

        yield SystemCommand("Help", keyed("Keys and what each screen does", "?"), self.action_help)
        yield SystemCommand("Quit", "Quit baton (asks first when typed text is not saved)", self.action_quit)
        for command in super().get_system_commands(screen):
            if command.title not in ("Quit", "Help", "Screenshot"):
                yield command
        if not self.has_replica:
            return
        from baton.tui.palette import key_commands, screen_commands

        if not screen.is_modal:  # over a dialog, no command opens another screen
            yield from screen_commands(self)
        yield from key_commands(self, screen)
