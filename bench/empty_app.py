"""The yardstick for the app's first frame: an empty Textual app with one DataTable.

It imports Textual, mounts a DataTable with the queue's column count and one
screen of rows, and stops at the first line the table draws: what any Textual
app pays before it shows anything. `bench.app_first_frame` starts it and baton's
app alternately, each as a fresh process, and divides.

    python -m bench.empty_app      # prints {"drawn_at": <time.time() of the first drawn line>, ...}
"""

from __future__ import annotations

import json
import time

COLUMNS = ("", "Title", "Transition", "Status", "With", "Waiting", "Answer by", "Ready")


def measure() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from bench.memory import peak_mb

    drawn: list[float] = []
    cpu: list[float] = []

    class Table(DataTable[str]):
        def render_line(self, y: int):  # type: ignore[no-untyped-def]
            if not drawn and y > 0:
                drawn.append(time.time())
                cpu.append(time.process_time())
                self.app.call_later(self.app.exit)
            return super().render_line(y)

    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield Table()

        def on_mount(self) -> None:
            table = self.query_one(Table)
            table.add_columns(*COLUMNS)
            table.add_rows(
                [(str(n), f"Row {n}", "sales → onboarding", "sent", "maya", "2 h", "", "yes") for n in range(40)]
            )

    Empty().run(headless=True, size=(120, 40))
    return {"drawn_at": drawn[0], "cpu_s": cpu[0], "peak_rss_mb": peak_mb()}


if __name__ == "__main__":
    print(json.dumps(measure()))
