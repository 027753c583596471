"""A queue of handoffs drawn with Textual's line API, one page of SQLite rows at a time.

Only the rows on screen are drawn and only their pages read (in a worker thread, each with its own
read connection): 100,000 handoffs cost no more than the forty on screen. A cache keeps the pages near the cursor.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from baton.core import queues
from baton.core.hlc import now_ms
from baton.tui.first_read import FirstRead, Read, read_first_page
from baton.tui.messages import HandoffChosen, QueueCounted, QueueLoadFailed, QueueLocated, QueuePageLoaded
from baton.tui.shown import fit_cells, one_line

from .queue_columns import QUEUE_COLUMNS, SAME_IN_EVERY_ROW, Column, cell_needs, column_widths

PAGE = 100
CACHED_PAGES = 8
TITLE_ROOM = 30
"""Title keeps at least this many cells; narrower terminals drop other columns first."""
DROP_FIRST = ("transition", "age", "owner", "progress", "receiver", "sender")
"""The columns a narrow queue gives up, in this order."""


class QueueTable(ScrollView, can_focus=True):
    """Handoffs matching a QueueFilter; Enter opens the one under the cursor."""

    DEFAULT_CSS = """
    QueueTable { height: 1fr; }
    QueueTable > .queue-table--header { text-style: bold; background: $panel; }
    QueueTable > .queue-table--cursor { background: $accent 40%; }
    QueueTable:focus > .queue-table--cursor { background: $accent; color: $text; }
    QueueTable > .queue-table--close { color: $warning; }
    QueueTable > .queue-table--breached { color: $error; text-style: bold; }
    QueueTable > .queue-table--returned { color: $warning; }
    QueueTable > .queue-table--done { color: $success; }
    QueueTable > .queue-table--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "queue-table--header",
        "queue-table--cursor",
        "queue-table--close",
        "queue-table--breached",
        "queue-table--returned",
        "queue-table--done",
        "queue-table--muted",
    }
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "open", "Open", show=True),
    ]

    class Sorted(Message):
        """The sort changed (a header was clicked): the screen says so in words."""

    class Shown(Message):
        """The queue drew its first rows, or said it is empty or could not be read (once): the app's first
        frame is up, and what waited for it may start (tui/first_frame.py)."""

    cursor = reactive(0)
    total: reactive[int | None] = reactive(None)

    def __init__(
        self,
        database: Path,
        queue: queues.QueueFilter,
        *,
        tz: str = "UTC",
        clock: Callable[[], int] = now_ms,
        columns: tuple[Column, ...] = QUEUE_COLUMNS,
        first_read: FirstRead | None = None,
        id: str | None = None,
    ) -> None:
        """`first_read`: this queue's count and first page, read as the app started (tui/first_read.py)."""
        super().__init__(id=id)
        self.first_read = first_read
        self.database = database
        self.queue = queue
        self.tz = tz
        self.clock = clock
        self.columns = columns
        self.generation = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._asked: set[int] = set()
        self.needs: dict[str, int] = {}
        """The widest cell read so far in each column that can grow to it (queue_columns.cell_needs)."""
        self.first_rows_drawn: float | None = None
        """perf_counter time when rows were first drawn (the bench reads it, and the CPU time then)."""
        self.first_rows_cpu: float | None = None
        self._shown = False
        self.following: str | None = None
        """The handoff under the cursor: a reload puts the cursor back on it, wherever it moved."""
        self.empty_hint = "Nothing here."
        """What the queue says when it is empty (the screen says where to look instead)."""
        self._base_style: Style | None = None
        self.opening = False
        """Enter was pressed while the row under the cursor was being read: it opens once read (keys wait meanwhile)."""
        self.reading = False
        """Another tab, filter or sort is being read: until its count is in, a move would count the old rows."""

    # ---- data -------------------------------------------------------------
    def on_mount(self) -> None:
        self.reload()

    def reload(self, queue: queues.QueueFilter | None = None) -> None:
        """Read the queue again (after a change, or with a new filter or sort)."""
        if queue is not None and queue != self.queue:
            self.queue, self.reading, self.needs = queue, True, {}
            self.cursor = 0
            self.following = None
            self.scroll_to(y=0, animate=False)
        else:
            self.following = self.current_id or self.following
        self.generation += 1
        self._pages.clear()
        self._asked = {0}  # the first page comes with the count
        first, self.first_read = self.first_read, None
        if first is None or first.queue != self.queue:
            self._load(self.generation, self.queue)
        elif isinstance(first.read, str):
            self._post_read(self.generation, first.read)
        else:  # read as the app started: taken now, so the first drawing has the rows
            total, rows = first.read
            self.on_queue_page_loaded(QueuePageLoaded(self.generation, 0, rows))
            self.on_queue_counted(QueueCounted(self.generation, total))
        if self.following:
            self._locate(self.generation, self.queue, self.following)

    def sort_by(self, key: str) -> None:
        """Sort by a column; the same column again flips the direction."""
        descending = not self.queue.descending if self.queue.sort == key else key in ("age", "updated")
        self.reload(replace(self.queue, sort=key, descending=descending))
        self.post_message(self.Sorted())

    @work(thread=True, group="queue-load", exit_on_error=False)
    def _load(self, generation: int, queue: queues.QueueFilter) -> None:
        """How many rows, and the first page of them, over one connection (one fewer to open at start)."""
        read: Read
        try:
            read = read_first_page(self.database, queue, PAGE)
        except sqlite3.Error as exc:
            read = str(exc)
        self._post_read(generation, read)

    def _post_read(self, generation: int, read: Read) -> None:
        """The count and first page as messages (from any thread): the page first, so the rows are there when the
        count is."""
        if isinstance(read, str):
            self.post_message(QueueLoadFailed(generation, read))
            return
        total, rows = read
        self.post_message(QueuePageLoaded(generation, 0, rows))
        self.post_message(QueueCounted(generation, total))

    @work(thread=True, group="queue-pages", exit_on_error=False)
    def _fetch(self, generation: int, queue: queues.QueueFilter, page: int) -> None:
        try:
            with _reader(self.database) as conn:
                rows = [dict(r) for r in queues.page(conn, queue, page * PAGE, PAGE)]
        except sqlite3.Error as exc:
            self.post_message(QueueLoadFailed(generation, str(exc)))
            return
        self.post_message(QueuePageLoaded(generation, page * PAGE, rows))

    @work(thread=True, group="queue-locate", exit_on_error=False)
    def _locate(self, generation: int, queue: queues.QueueFilter, handoff_id: str) -> None:
        try:
            with _reader(self.database) as conn:
                index = queues.position(conn, queue, handoff_id)
        except sqlite3.Error:
            return
        if index is not None:
            self.post_message(QueueLocated(generation, index))

    def on_queue_located(self, message: QueueLocated) -> None:
        if message.generation == self.generation:
            self.cursor = message.index

    def on_queue_counted(self, message: QueueCounted) -> None:
        if message.generation == self.generation:
            self.total, self.reading = message.total, False
            self.cursor = min(self.cursor, max(0, message.total - 1))
            self.virtual_size = Size(self.size.width, message.total + 1)
            self.refresh()
            if self.opening:
                self.action_open()

    def on_queue_page_loaded(self, message: QueuePageLoaded) -> None:
        if message.generation != self.generation:
            return
        self._pages[message.offset // PAGE] = message.rows
        cell_needs(self.columns, message.rows, self.clock(), self.tz, self.needs)
        while len(self._pages) > CACHED_PAGES:
            evicted, _ = self._pages.popitem(last=False)
            self._asked.discard(evicted)
        self.refresh()
        if self.opening and self.total:  # else when the count comes (an empty queue's count was 0)
            self.action_open()

    def on_queue_load_failed(self, message: QueueLoadFailed) -> None:
        if message.generation == self.generation:
            self.reading = False
            self.notify(f"could not read the queue: {message.error}", severity="error")
            self._say_shown()

    def _say_shown(self) -> None:
        if not self._shown:
            self._shown = True
            # Drawn while the screen refreshes: a message made now would name the screen as its sender and stop
            # there; this table sends it, so it bubbles on to the app.
            self.post_message(self.Shown().set_sender(self))

    def row(self, index: int) -> dict[str, Any] | None:
        """The row at `index` if its page is loaded; asks for the page otherwise."""
        page = index // PAGE
        rows = self._pages.get(page)
        if rows is None:
            if page not in self._asked:
                self._asked.add(page)
                self._fetch(self.generation, self.queue, page)
            return None
        self._pages.move_to_end(page)
        offset = index - page * PAGE
        return rows[offset] if offset < len(rows) else None

    @property
    def current_id(self) -> str | None:
        row = self.row(self.cursor) if self.total else None
        return row["id"] if row else None

    # ---- drawing ----------------------------------------------------------
    def shown_columns(self, width: int | None = None) -> tuple[Column, ...]:
        """The columns that fit: on a narrow terminal the least needed go first, so Title keeps its room."""
        width = self.size.width if width is None else width
        same = SAME_IN_EVERY_ROW.get(self.queue.scope, ()) if self.columns is QUEUE_COLUMNS else ()
        shown = [c for c in self.columns if c.key not in same]
        for key in DROP_FIRST:
            fixed = sum(c.width + 1 for c in shown if c.width)
            if width - fixed - 1 >= TITLE_ROOM:
                break
            shown = [c for c in shown if c.key != key]
        return tuple(shown)

    def _widths(self, width: int) -> list[int]:
        return column_widths(self.shown_columns(width), width, self.needs)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"queue-table--{name}")

    def _strip(self, cells: list[tuple[str, str]], base: Style, width: int) -> Strip:
        segments = [Segment(" ", base)]
        for (cell, style_name), column_width in zip(cells, self._widths(width)):
            text = one_line(cell)  # a teammate's title or name: its escape sequences shown, not obeyed
            style = base + self._style(style_name) if style_name else base
            segments.append(Segment(fit_cells(text, column_width), style))
            segments.append(Segment(" ", base))
        return Strip(segments).crop_extend(0, width, base)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style  # once a pass, not once a line: it walks every ancestor's styles
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._base_style or self.rich_style
        if y == 0:
            cells = []
            for column in self.shown_columns(width):
                arrow = ("▼" if self.queue.descending else "▲") if column.key == self.queue.sort else ""
                cells.append((column.label + arrow, ""))
            return self._strip(cells, base + self._style("header"), width)
        index = int(self.scroll_offset.y) + y - 1
        if self.total is None:
            return self._message_line("Loading…" if y == 1 else "", base, width)
        if self.total == 0:
            self._say_shown()
            from textwrap import wrap  # said whole, on as many lines as it takes (loaded only for an empty queue)

            hint = wrap(self.empty_hint, max(10, width - 2))
            return self._message_line(hint[y - 1] if y <= len(hint) else "", base, width)
        if index >= self.total:
            return Strip.blank(width, base)
        row = self.row(index)
        style = base + self._style("cursor") if index == self.cursor else base
        if row is None:
            return self._message_line("…", style, width)
        if self.first_rows_drawn is None:
            import time

            self.first_rows_drawn, self.first_rows_cpu = time.perf_counter(), time.process_time()
            self._say_shown()
        now = self.clock()
        cells = [
            column.cell(row, now, self.tz, room) for column, room in zip(self.shown_columns(width), self._widths(width))
        ]
        if row["status"] in ("accepted", "cancelled") and index != self.cursor:
            style = style + self._style("muted")
        return self._strip(cells, style, width)

    def _message_line(self, text: str, style: Style, width: int) -> Strip:
        return Strip([Segment(" " + text, style + self._style("muted"))]).crop_extend(0, width, style)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, (self.total or 0) + 1)

    # ---- moving -----------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        row = self.row(new) if self.total else None
        if row is not None:
            self.following = row["id"]
        top = int(self.scroll_offset.y)
        visible = max(1, self.size.height - 1)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.size.height - 2))

    def action_jump(self, where: int) -> None:
        if self.total:
            self.cursor = 0 if where == 0 else self.total - 1

    def action_open(self) -> None:
        handoff_id = self.current_id
        page = self.cursor // PAGE
        self.opening = handoff_id is None and page in self._asked and page not in self._pages  # on its way
        if handoff_id:
            self.post_message(HandoffChosen(handoff_id))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x - 1
            for column, width in zip(self.shown_columns(), self._widths(self.size.width)):
                if x < width + 1:
                    self.sort_by(column.key)
                    return
                x -= width + 1
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if self.total and 0 <= index < self.total:
            self.cursor = index
            if event.chain >= 2:
                self.action_open()


class _reader:
    """A read connection for one worker call (sqlite3 connections stay in their thread)."""

    def __init__(self, path: Path) -> None:
        self.conn = queues.connect(path)

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, *exc: object) -> None:
        self.conn.close()
