"""The home screen: Inbox, Outbox and Team queues, filtered as you type."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static, Tab, Tabs

from baton.core.queues import STATUSES, QueueFilter
from baton.tui.messages import HandoffChosen
from baton.tui.widgets.queue_columns import QUEUE_COLUMNS
from baton.tui.widgets.queue_table import QueueTable

if TYPE_CHECKING:
    from textual import getters

    from baton.tui.app import BatonApp

SCOPES = (("inbox", "Inbox"), ("outbox", "Outbox"), ("team", "Team"))


class QueuesScreen(Screen[None]):
    """Which handoffs wait for me, which I sent, and the whole team's."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    CSS_PATH = "queues.tcss"
    BINDINGS = [
        Binding("n", "app.new_handoff", "New handoff"),
        Binding("/", "focus_filter", "Filter"),
        Binding("o", "sort", "Sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False),
        Binding("left", "scope(-1)", "Prev tab", show=False),
        Binding("right", "scope(1)", "Next tab", show=False),
        Binding("r", "refresh", "Refresh"),
    ]

    def __init__(self, user: str, scope: str = "inbox") -> None:
        super().__init__()
        self.queue = QueueFilter(user=user, scope=scope)

    def compose(self) -> ComposeResult:
        app = self.app
        yield Header()
        yield Tabs(*(Tab(label, id=scope) for scope, label in SCOPES), active=self.queue.scope, id="scopes")
        with Horizontal(id="filters"):
            yield Input(placeholder="Filter: title, person, template…  (/)", id="search")
            yield Select([(s, s) for s in app.stages()], prompt="Any stage", id="stage")
            yield Select([(s, s) for s in STATUSES], prompt="Any status", id="status")
        yield QueueTable(app.replica.home.database, self.queue, tz=app.replica.config.tz, clock=app.clock, id="queue")
        yield Static(app.sync_status, id="sync-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QueueTable).focus()
        self.sub_title = f"{self.app.replica.config.display_name} · {self.app.replica.config.tz}"

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    def _apply(self, **changes: Any) -> None:
        self.queue = replace(self.table.queue, **changes)
        self.table.reload(self.queue)

    @on(Tabs.TabActivated, "#scopes")
    def _scope_changed(self, event: Tabs.TabActivated) -> None:
        if event.tab.id and event.tab.id != self.table.queue.scope:
            self._apply(scope=event.tab.id)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._apply(search=event.value)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.table.focus()

    @on(Select.Changed, "#stage")
    def _stage_changed(self, event: Select.Changed) -> None:
        self._apply(stage=None if event.value is Select.NULL else str(event.value))

    @on(Select.Changed, "#status")
    def _status_changed(self, event: Select.Changed) -> None:
        self._apply(statuses=() if event.value is Select.NULL else (str(event.value),))

    def on_handoff_chosen(self, message: HandoffChosen) -> None:
        message.stop()
        self.app.open_handoff(message.handoff_id)

    def action_focus_filter(self) -> None:
        self.query_one("#search", Input).focus()

    def action_scope(self, delta: int) -> None:
        tabs = self.query_one(Tabs)
        tabs.action_next_tab() if delta > 0 else tabs.action_previous_tab()

    def action_sort(self) -> None:
        """Sort by the next column (the same column twice flips the direction)."""
        keys = [c.key for c in QUEUE_COLUMNS]
        current = self.table.queue.sort
        following = keys[(keys.index(current) + 1) % len(keys)] if current in keys else keys[0]
        self.table.sort_by(following)
        self.notify(f"sorted by {following}", timeout=2)

    def action_reverse_sort(self) -> None:
        """The same column, the other way."""
        self.table.sort_by(self.table.queue.sort)
        self.notify(
            f"sorted by {self.table.queue.sort}, {'descending' if self.table.queue.descending else 'ascending'}",
            timeout=2,
        )

    def action_refresh(self) -> None:
        self.table.reload()

    def show_sync(self, message: object, status: str) -> None:
        """The app's status line after a sync pass."""
        self.query_one("#sync-status", Static).update(status)

    def reload(self) -> None:
        """Read the queue again (the app calls this after changes and syncs)."""
        self.table.reload()
