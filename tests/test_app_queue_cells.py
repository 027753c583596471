"""The app's queue lines up its columns in terminal cells: a title with CJK characters does not push the rest."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from rich.style import Style

from baton.core.queues import QueueFilter
from baton.tui.widgets.queue_table import QueueTable


def line(table: QueueTable, title: str) -> str:
    cells = [(title, "")] + [("x", "")] * (len(table.shown_columns(120)) - 1)
    return table._strip(cells, Style(), 120).text


def test_a_wide_title_keeps_the_next_columns_in_place(tmp_path: Path) -> None:
    table = QueueTable(tmp_path / "baton.db", QueueFilter(user="ana", scope="team"))
    plain, wide = line(table, "Acme - 40 seats"), line(table, "Globex 日本 — 5 seats")
    assert cell_len(plain) == cell_len(wide) == 120
    column = plain.index(" x ")
    assert cell_len(wide[: wide.index(" x ")]) == column
    long = line(table, "東京" * 60)
    assert cell_len(long) == 120 and "…" in long
    assert cell_len(long[: long.index(" x ")]) == column
