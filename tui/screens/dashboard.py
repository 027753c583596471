"""The lead dashboard: the leading indicators of broken trust, at a glance.

The same figures as `baton report` (core/metrics.py computes both), drawn where a
picture reads faster than numbers: weekly bounce-backs as sparklines, return
rates and queue ages as bars. The report is read in a worker with its own
SQLite connection, so a 100,000-handoff team copy never freezes the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Sparkline, Static

from baton.core.metrics import AGING, Durations, Figures, Report
from baton.core.timezones import format_age
from baton.tui.shown import one_line
from baton.tui.widgets.parted_lines import PartedLines

if TYPE_CHECKING:
    from textual import getters

    from baton.tui.app import BatonApp

BAR_WIDTH = 12
NARROW = 110
"""Below this many columns the tables drop their bars and speed columns (see `DashboardScreen._columns`)."""
AGE_STYLES = ("green", "yellow", "red")
NARROW_AGES = ("<1d", "1–3d", ">3d")
"""Column heads for `AGING` where the bars do not fit."""


def bar(fraction: float | None, width: int = BAR_WIDTH) -> str:
    """A unicode bar for a share between 0 and 1 (eighths of a cell for the tip)."""
    if fraction is None:
        return " " * width
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, tip = divmod(eighths, 8)
    return ("█" * full + (" ▏▎▍▌▋▊▉"[tip] if tip else "")).ljust(width, "·")


def speed(d: Durations) -> str:
    if not d.count:
        return "—"
    return f"{format_age(int(d.median_ms or 0))} · p90 {format_age(int(d.p90_ms or 0))}"


def rate(f: Figures) -> Text:
    if f.return_rate is None:
        return Text("—")
    return Text.assemble((bar(f.return_rate, 8), _rate_style(f.return_rate)), f" {f.return_rate:>4.0%}")


def rate_figure(f: Figures) -> Text:
    """The return rate alone, coloured like `rate`, for narrow tables."""
    if f.return_rate is None:
        return Text("—")
    return Text(f"{f.return_rate:.0%}", _rate_style(f.return_rate))


def _rate_style(share: float) -> str:
    return "red" if share >= 0.3 else "yellow" if share >= 0.15 else "green"


def aging(f: Figures) -> Text:
    """Open handoffs by how long they have waited: green, yellow, red segments."""
    total = max(f.open_total, 1)
    parts = [(round(n / total * BAR_WIDTH), style) for n, style in zip(f.aging, AGE_STYLES)]
    text = Text()
    for size, style in parts:
        text.append("█" * size, style)
    text.append("·" * max(0, BAR_WIDTH - sum(size for size, _ in parts)))
    text.append(f" {f.aging[0]}/{f.aging[1]}/{f.aging[2]}")
    return text


class DashboardScreen(Screen[None]):
    """Queues, aging, answer times, bounce-backs, breaches and unclear owners for leads."""

    if TYPE_CHECKING:
        app: getters.app[BatonApp]

    CSS_PATH = "dashboard.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "refresh", "Refresh"),
    ]

    @dataclass
    class ReportLoaded(Message):
        """The figures, read in a worker."""

        report: Report

    @dataclass
    class ReportFailed(Message):
        error: str

    def compose(self) -> ComposeResult:
        yield Header()
        yield LoadingIndicator(id="loading")
        with VerticalScroll(id="body"):
            yield Static(id="headline")
            with Horizontal(id="weeks"):
                with Vertical(classes="week"):
                    yield Static("Returns per week (12 weeks)", classes="label")
                    yield Sparkline([], id="returns-spark")
                with Vertical(classes="week"):
                    yield Static("Answers per week (12 weeks)", classes="label")
                    yield Sparkline([], id="answers-spark")
            yield Static("By transition", classes="section")
            yield DataTable(id="transitions", cursor_type="row", zebra_stripes=True)
            yield Static("By person (open = waiting on them)", classes="section")
            yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
            yield Static(id="reasons", classes="list")
            yield Static(id="breaches", classes="list")
            yield Static(id="items", classes="list")
            yield Static(id="owners", classes="list")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Lead dashboard · Enter on a row: its handoffs"
        self.query_one("#body").display = False
        self.report: Report | None = None
        self.ready_for_keys = False
        """False until the figures are shown: Down and Enter typed meanwhile wait for the table (first_frame.py)."""
        self.narrow: bool | None = None
        self._columns()
        self.load()

    def _columns(self) -> None:
        """Columns that fit: below 110 columns the bars and the two speeds go, every count stays.

        At 80 columns a transition such as "delivery → account-management" leaves no room
        for bars: the ages become three coloured counts, the return rate a coloured
        percentage, and the speeds are read in the headline and `baton report`.
        """
        narrow = self.app.size.width < NARROW
        if narrow == self.narrow:
            return
        self.narrow = narrow
        for table_id, first in (("#transitions", "Transition"), ("#people", "Person")):
            table = self.query_one(table_id, DataTable)
            table.clear(columns=True)
            if narrow:
                table.add_columns(first, "open", *NARROW_AGES, "returns", "breaches")
            else:
                table.add_columns(
                    first, "open", f"age {' / '.join(AGING)}", "create → send", "send → answer", "returns", "breaches"
                )
        if self.report is not None:
            self._fill(self.report)

    def on_resize(self) -> None:
        self._columns()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def load(self) -> None:
        """Read the report over a connection of this thread's own."""
        from baton.core.metrics import report
        from baton.core.queues import connect

        app = self.app
        try:
            conn = connect(app.replica.home.database)
            try:
                gone = app.replica.store.roster().gone()  # whoever waits on a removed person waits on nobody
                figures = report(conn, app.clock(), limit=8, gone=gone)
            finally:
                conn.close()
        except Exception as exc:  # shown, never a crash: the dashboard is read-only
            self.post_message(self.ReportFailed(str(exc)))
            return
        self.post_message(self.ReportLoaded(figures))

    def on_dashboard_screen_report_failed(self, message: ReportFailed) -> None:
        self.ready_for_keys = True
        self.query_one("#loading").display = False
        self.notify(f"could not read the figures: {message.error}", severity="error")

    def on_dashboard_screen_report_loaded(self, message: ReportLoaded) -> None:
        r = message.report
        self.query_one("#loading").display = False
        self.query_one("#body").display = True
        t = r.total
        waiting = sum(w for w, _ in r.breaches_by_receiver.values())
        missed = f"{t.breaches} ({waiting} still waiting)"
        facts = [  # each figure whole on a line at 80 columns: "(3 of 5" above a lone "answers)" read as two
            Text.assemble(
                ("Open ", "bold"),
                f"{t.open_total} ({t.open['draft']} draft, {t.open['sent']} sent, {t.open['returned']} returned)",
            ),
            Text.assemble(("Bounce-backs ", "bold"), rate(t), f" ({t.returns} of {t.answers} answers)"),
            Text.assemble(("Answer time ", "bold"), speed(t.to_answer)),
            Text.assemble(("Windows missed ", "bold"), (missed, "red" if waiting else "")),
        ]
        self.query_one("#headline", Static).update(PartedLines([([Content.from_rich_text(f) for f in facts], "   ")]))
        self.query_one("#returns-spark", Sparkline).data = r.returns_by_week
        self.query_one("#answers-spark", Sparkline).data = r.answers_by_week
        self.report = r
        self._fill(r)
        self.query_one("#reasons", Static).update(self._reasons(r))
        self.query_one("#breaches", Static).update(self._breaches(r))
        self.query_one("#items", Static).update(self._items(r))
        self.query_one("#owners", Static).update(self._owners(r))
        if self.focused in (None, self.query_one("#body")):  # the first figures: ↓ and Enter work on rows at once
            self.query_one("#transitions", DataTable).focus()
        self.ready_for_keys = True

    def _fill(self, r: Report) -> None:
        for table_id, rows in (("#transitions", [r.total] + r.transitions), ("#people", r.people)):
            table = self.query_one(table_id, DataTable)
            table.clear()
            for f in rows:
                if self.narrow:
                    ages = [Text(str(n), style if n else "") for n, style in zip(f.aging, AGE_STYLES)]
                    middle: list[Text | str] = [*ages, rate_figure(f)]
                else:
                    middle = [aging(f), speed(f.to_send), speed(f.to_answer), rate(f)]
                table.add_row(
                    Text(one_line(f.key or "everyone")), str(f.open_total), *middle, str(f.breaches), key=f.key or ""
                )

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        """The handoffs behind a row: open ones on that transition, or waiting on that person."""
        from baton.tui.screens.queues import QueuesScreen

        key = str(event.row_key.value or "")
        user = self.app.replica.user
        if event.data_table.id == "people":
            screen = QueuesScreen(user, "team", f"Waiting on {key}", waiting_on=key)
        elif key:
            screen = QueuesScreen(user, "team", f"Handoffs {one_line(key).replace('->', ' → ')}", transition=key)
        else:
            screen = QueuesScreen(user, "team", "Every open handoff")
        self.app.push_screen(screen)

    @staticmethod
    def _reasons(r: Report) -> Text:
        text = Text("Why work bounces back\n", "bold")
        top = max((x.count for x in r.return_reasons), default=1)
        for reason in r.return_reasons:
            text.append(f"  {bar(reason.count / top, 8)} {reason.count:>3}  ", "magenta")
            text.append(f"{one_line(reason.reason)}\n")
        return text if r.return_reasons else text.append("  no returns\n")

    @staticmethod
    def _breaches(r: Report) -> Text:
        text = Text("Acceptance windows missed, by receiver (working-hours windows count their hours only)\n", "bold")
        for receiver, (waiting, late) in r.breaches_by_receiver.items():
            text.append(f"  {one_line(receiver):<12}", "bold")
            text.append(f"{'!' * min(waiting, 20)}", "red")
            text.append(f" {waiting} waiting past the window, {late} answered late\n")
        return text if r.breaches_by_receiver else text.append("  none\n")

    @staticmethod
    def _items(r: Report) -> Text:
        text = Text("Items that block sends most often\n", "bold")
        top = max((i.count for i in r.blocking_items), default=1)
        for item in r.blocking_items:
            text.append(f"  {bar(item.count / top, 8)} {item.count:>3}  ", "yellow")
            text.append(f"{one_line(item.text or item.item_id)}\n")
        if not r.blocking_items:
            text.append("  no blocked sends\n")
        text.append("Items most often waived\n", "bold")
        for item in r.waived_items:
            text.append(f"  {item.count:>3}  {one_line(item.text or item.item_id)}\n")
        if not r.waived_items:
            text.append("  no waivers\n")
        v = r.vague
        text.append(f"Vague answers sent ({v.answers} in {v.vague_sends} of {v.sends} sends)\n", "bold")
        for count in v.by_item:
            text.append(f"  {bar(count.answers / max(v.by_item[0].answers, 1), 8)} {count.answers:>3}  ", "yellow")
            text.append(f"{one_line(count.key)}\n")
        if v.answers:
            senders = ", ".join(f"{c.key} {c.answers}" for c in v.by_sender)
            text.append(f"  by sender: {one_line(senders)}\n")
            text.append(
                f"  returned after a vague answer: {v.returned_after_vague} of {v.answered_after_vague}; "
                f"without one: {v.returned_clear} of {v.answered_clear}\n"
            )
        return text

    @staticmethod
    def _owners(r: Report) -> Text:
        text = Text(f"No clear next owner ({r.unowned_total})\n", "bold")
        for u in r.unowned:
            text.append(f"  {one_line(u.title[:50])}  ({u.status}) — {one_line(u.why)}\n")
        text.append(f"Sync conflicts not settled ({r.conflicts_total})\n", "bold")
        for c in r.conflicts:
            text.append(one_line(f"  {c.title[:50]}: {c.author}'s {c.kind} — {c.reason}") + "\n")
        return text

    def action_refresh(self) -> None:
        self.query_one("#loading").display = True
        self.load()

    def reload(self) -> None:
        """Read the figures again (the app calls this after changes and syncs)."""
        self.load()
