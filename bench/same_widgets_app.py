"""A second yardstick for the app's first frame: Textual alone with the queue screen's widgets.

The header, the three tabs, the filter field, the two drop-downs, two lines of
text, a DataTable of one screen of rows and the footer with the queue's keys: what
Textual itself pays to draw the widgets baton's first screen shows, with no baton
code at all. `bench.app_first_frame --against-empty` starts it in the same loop as
baton and the empty app (bench/empty_app.py), each a fresh process.

    python -m bench.same_widgets_app     # prints {"drawn_at": ..., "cpu_s": ..., "peak_rss_mb": ...}
"""

from __future__ import annotations

import json
import time

from bench.empty_app import COLUMNS

KEYS = (
    ("n", "New handoff"),
    ("slash", "Filter"),
    ("o", "Sort"),
    ("a", "Open / all"),
    ("question_mark", "Help"),
    ("f5", "Sync"),
    ("q", "Quit"),
)


def measure() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal
    from textual.widgets import DataTable, Footer, Header, Input, Select, Static, Tab, Tabs

    from bench.memory import peak_mb

    drawn: list[float] = []
    cpu: list[float] = []

    class Table(DataTable[str]):
        BINDINGS = [Binding("enter", "open", "Open")]

        def render_line(self, y: int):  # type: ignore[no-untyped-def]
            if not drawn and y > 0:
                drawn.append(time.time())
                cpu.append(time.process_time())
                self.app.call_later(self.app.exit)
            return super().render_line(y)

    class SameWidgets(App[None]):
        BINDINGS = [Binding(key, key, description) for key, description in KEYS]

        def compose(self) -> ComposeResult:
            yield Header()
            yield Tabs(Tab("Inbox 12", id="inbox"), Tab("Outbox 30", id="outbox"), Tab("Team 480", id="team"))
            with Horizontal():
                yield Input(placeholder="Filter: title, person, template  (/)", compact=True)
                yield Select([("sales", "sales"), ("onboarding", "onboarding")], prompt="Any stage", compact=True)
                yield Select([(s, s) for s in ("draft", "sent", "returned")], prompt="Any status", compact=True)
            yield Static("open handoffs (a: all) · sorted by last change ▼ (o)")
            yield Table()
            yield Static("sync: no shared folder set yet")
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(Table)
            table.add_columns(*COLUMNS)
            table.add_rows(
                [(str(n), f"Row {n}", "sales → onboarding", "sent", "maya", "2 h", "", "yes") for n in range(40)]
            )
            table.focus()

    SameWidgets().run(headless=True, size=(120, 40))
    return {"drawn_at": drawn[0], "cpu_s": cpu[0], "peak_rss_mb": peak_mb()}


if __name__ == "__main__":
    print(json.dumps(measure()))
