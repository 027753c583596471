"""The home screen: Inbox, Outbox and Team queues, filtered as you type.

The tabs carry counts ("Inbox 3 · Outbox 5 · Team 12"), the app opens on the tab
where something waits on me, and only open handoffs show unless asked (`a`).
The cursor stays on its handoff across reloads, and the queue reads itself again
when the database changes, whoever changed it (the app watches the file).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from baton.core import queues
from baton.core.errors import BatonError
from baton.core.queues import STATUSES, QueueFilter
from baton.tui.messages import HandoffChosen, SyncStatusChanged
from baton.tui.shown import one_line, option, plain
from baton.tui.widgets.held_place import HeldPlace
from baton.tui.widgets.queue_table import QueueTable
from baton.tui.widgets.undo_input import UndoInput

if TYPE_CHECKING:
    from textual import getters
    from textual.widgets import Tabs

    from baton.tui.app import BatonApp

SCOPES = (("inbox", "Inbox"), ("outbox", "Outbox"), ("team", "Team"))
EMPTY = {
    "inbox": "Nothing waits for you. Handoffs sent to you land here; your drafts are in Outbox (→).",
    "outbox": "No drafts or handoffs on their way. Press n to start one.",
    "team": "No handoffs in the team yet. Press n to start one.",
}
SORT_WORDS = {"updated": "last change", "age": "age", "window": "due / answer by", "progress": "required done"}


def home_queue(user: str, scope: str = "inbox") -> QueueFilter:
    """What a tab of the home screen shows at first: the open handoffs, last changed first."""
    return QueueFilter(user=user, scope=scope, open_only=True)


def view_words(q: QueueFilter) -> str:
    """One line: which dashboard row it stands behind (first: the tabs' counts are the whole team's), open or
    all, and the sort (the column header carries the arrow too)."""
    arrow = "▼" if q.descending else "▲"
    which = "open handoffs (a: all)" if q.open_only else "all handoffs, closed too (a: open only)"
    only = f"only {one_line(q.transition).replace('->', ' → ')} · " if q.transition else ""
    only += f"only waiting on {one_line(q.waiting_on)} · " if q.waiting_on else ""
    return f"{only}{which} · sorted by {SORT_WORDS.get(q.sort, q.sort)} {arrow} (o)"


def _header() -> Widget:
    from textual.widgets import Header  # loaded when the header comes, after the first frame

    return Header()


def _footer() -> Widget:
    from textual.widgets import Footer

    return Footer()


class QueuesScreen(Screen[None]):
    """Which handoffs wait for me, which I sent, and the whole team's."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    # Styles: screens/queues.tcss, loaded with the app's (BatonApp.CSS_PATH): this is the first screen.
    BINDINGS = [
        Binding("n", "app.new_handoff", "New handoff"),
        Binding("/", "focus_filter", "Filter"),
        # Sort and open/all are named on the line above the table, "(o)" and "(a: all)": the footer leaves
        # them out so that F5 and Quit fit at 80 columns.
        Binding("o", "sort", "Sort", show=False),
        Binding("O", "reverse_sort", "Reverse sort", show=False),
        Binding("a", "toggle_open", "Open / all", show=False),
        Binding("left", "scope(-1)", "Prev tab", show=False),
        Binding("right", "scope(1)", "Next tab", show=False),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    @dataclass
    class StagesListed(Message):
        """The stages the home's checklists name, for the stage filter."""

        stages: list[str]

    @dataclass
    class Counted(Message):
        """How many open handoffs each tab holds, and which wait on me."""

        counts: dict[str, int]

    def __init__(
        self, user: str, scope: str | None = None, behind: str = "", *, classes: str | None = None, **only: str | None
    ) -> None:
        super().__init__(classes=classes)
        self.queue = replace(home_queue(user, scope or "inbox"), **only)  # type: ignore[arg-type]
        self.choose_tab = scope is None
        """Open on the tab where something waits on me (once, when the counts first come in)."""
        self.behind = behind
        """What this list stands behind (a dashboard row), or "" for the home screen."""
        self.stages: list[str] | None = None
        """The stage filter's choices, once listed."""
        self.counts: dict[str, int] | None = None
        """The tabs' latest counts, once counted."""
        self.held = False
        """The header, tabs, filters and footer are not mounted yet (the first frame is being drawn)."""

    def compose(self) -> ComposeResult:
        app = self.app
        self.held = app.drawing_first_frame  # the queue first, the rest a moment later (widgets/held_place.py)

        def part(make: Callable[[], Widget], name: str) -> Widget:
            return HeldPlace(make, name) if self.held else make()

        yield part(_header, "header")
        yield part(self._tabs, "tabs")
        yield part(self._filters, "filters")
        yield Static(view_words(self.queue), id="view-line")
        first, app.first_read = app.first_read, None  # read as the app started, for the first queue screen
        yield QueueTable(app.home.database, self.queue, tz=app.config.tz, clock=app.clock, first_read=first, id="queue")
        yield Static(plain(app.sync_status), id="sync-status", markup=False)
        yield part(_footer, "footer")

    def _tabs(self) -> Widget:
        from textual.widgets import Tab, Tabs

        return Tabs(*(Tab(label, id=scope) for scope, label in SCOPES), active=self.queue.scope, id="scopes")

    def _filters(self) -> Horizontal:
        return Horizontal(
            UndoInput(self.queue.search, placeholder="Filter: title, person, template  (/)", compact=True, id="search"),
            Select([], prompt="Any stage", compact=True, id="stage"),  # its stages come from list_stages
            Select([(s, s) for s in STATUSES], prompt="Any status", compact=True, id="status"),
            id="filters",
        )

    def on_mount(self) -> None:
        self.table.empty_hint = EMPTY[self.queue.scope]
        self.query_one(QueueTable).focus()
        self.follow_zone(self.app.config.tz)
        self.app.after_first_frame(self.count_tabs)  # the tabs come after the first frame: no need sooner
        self.app.after_first_frame(self.list_stages)
        if self.held:
            self.app.after_first_frame(self._fill_held_places)

    async def _fill_held_places(self) -> None:
        """Mount the parts the first frame held places for, each in its place, in one update of the screen."""
        places = list(self.query_children(HeldPlace))
        if not places or not self.is_attached or self.app._exit:  # closing (the replica could not open): no use
            return
        with self.app.batch_update():
            mounting = [self.mount(place.make(), before=place) for place in places]
            for mounted in mounting:
                await mounted
            await self.remove_children(places)
        self.held = False
        self.refresh_bindings()  # the footer shows the keys once it hears of them
        self._show_stages()
        self._show_counts()

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    @property
    def ready_for_keys(self) -> bool:
        """Not while an Enter waits for its row to be read (what is typed after it is for the handoff it opens),
        nor while the focused queue reads another tab (↓ would count the old tab's rows)."""
        return not any(table.opening or (table.has_focus and table.reading) for table in self.query(QueueTable))

    def _apply(self, **changes: Any) -> None:
        self.queue = replace(self.table.queue, **changes)
        self.table.empty_hint = EMPTY.get(self.queue.scope, "Nothing here.")
        if self.queue.search or self.queue.stage or self.queue.statuses:
            self.table.empty_hint = "Nothing matches the filter."
        self.table.reload(self.queue)
        self._show_view()

    def _show_view(self) -> None:
        self.query_one("#view-line", Static).update(view_words(self.table.queue))

    # ---- stages and tab counts, read in threads -----------------------------
    @work(thread=True, exclusive=True, group="queue-stages", exit_on_error=False)
    def list_stages(self) -> None:
        """The stage filter's choices: every stage a known checklist names (the home's checklists are read
        while the queue draws; the list is the same before and after)."""
        try:
            stages = self.app.stages()
        except BatonError as exc:
            self.app.notify(str(exc), severity="error")  # thread-safe
            return
        self.post_message(self.StagesListed(stages))

    def on_queues_screen_stages_listed(self, message: StagesListed) -> None:
        self.stages = message.stages
        self._show_stages()

    def _show_stages(self) -> None:
        if self.stages is not None and not self.held:  # else the filter row, when it comes, is filled then
            self.query_one("#stage", Select).set_options([(option(s), s) for s in self.stages])

    @work(thread=True, exclusive=True, group="queue-tab-counts", exit_on_error=False)
    def count_tabs(self) -> None:
        try:
            conn = queues.connect(self.app.home.database)
            try:
                counts = queues.waiting_counts(conn, self.queue.user)
            finally:
                conn.close()
        except sqlite3.Error:
            return
        self.post_message(self.Counted(counts))

    def on_queues_screen_counted(self, message: Counted) -> None:
        self.counts = message.counts
        self._show_counts()

    def _show_counts(self) -> None:
        counts = self.counts
        if counts is None or self.held:  # the tabs, when they come, are counted then
            return
        from textual.widgets import Tab, Tabs

        tabs = self.query_one("#scopes", Tabs)
        for scope, label in SCOPES:
            tabs.query_one(f"#{scope}", Tab).label = f"{label} {counts[scope]}"
        if self.choose_tab:
            self.choose_tab = False
            if not counts["inbox_waiting"] and counts["outbox_waiting"]:
                tabs.active = "outbox"  # my drafts and returned handoffs wait on me

    # ---- what the person does -----------------------------------------------
    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tabs.id == "scopes" and event.tab.id and event.tab.id != self.table.queue.scope:
            self._apply(scope=event.tab.id)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.table.queue.search:
            self._apply(search=event.value)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.table.focus()

    @on(Select.Changed, "#stage")
    def _stage_changed(self, event: Select.Changed) -> None:
        self._apply(stage=None if event.value is Select.NULL else str(event.value))

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        statuses = () if event.value is Select.NULL else (str(event.value),)
        self._apply(statuses=statuses, open_only=False if statuses else self.table.queue.open_only)

    def on_handoff_chosen(self, message: HandoffChosen) -> None:
        message.stop()
        self.app.open_handoff(message.handoff_id)

    def action_focus_filter(self) -> None:
        self.query_one("#search", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.behind) if action == "back" else True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_open(self) -> None:
        self._apply(open_only=not self.table.queue.open_only)

    def action_scope(self, delta: int) -> None:
        from textual.widgets import Tabs

        tabs = self.query_one("#scopes", Tabs)
        tabs.action_next_tab() if delta > 0 else tabs.action_previous_tab()

    def action_sort(self) -> None:
        """Sort by the next column the tab shows, then by last change again (the screen's first sort, which has no
        column): a column the tab leaves out (the Inbox's Receiver) or a narrow queue drops would sort unseen."""
        keys = [c.key for c in self.table.shown_columns()] + ["updated"]
        current = self.table.queue.sort
        following = keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0]
        self.table.sort_by(following)
        self._show_view()

    def action_reverse_sort(self) -> None:
        """The same column, the other way."""
        self.table.sort_by(self.table.queue.sort)
        self._show_view()

    def on_queue_table_sorted(self) -> None:
        self._show_view()

    def action_refresh(self) -> None:
        self.reload()

    def on_sync_status_changed(self, message: SyncStatusChanged) -> None:
        """The app's status line after a sync pass (or a shared folder set)."""
        self.query_one("#sync-status", Static).update(plain(message.status))

    def follow_zone(self, tz: str) -> None:
        """Times in the queue, and the subtitle, in `tz`: the device's zone (a sync may move it, app_sync.py)."""
        self.sub_title = one_line(self.behind or f"{self.app.config.display_name} · {tz}")
        for table in self.query(QueueTable):
            if table.tz != tz:
                table.tz = tz
                table.refresh()

    def reload(self) -> None:
        """Read the queue and the tab counts again (after changes, syncs, or a change to the database file)."""
        self.table.reload()
        self.count_tabs()
