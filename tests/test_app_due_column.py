"""The queue's Due column says an overdue due date whole at 80 columns, and says more when there is room."""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, settle, team

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.widgets.queue_table import QueueTable


def row_line(table: QueueTable, y: int = 1) -> str:
    return "".join(segment.text for segment in table.render_line(y))


@pytest.mark.parametrize(
    ("size", "said"),
    [((80, 24), "! overdue 3d "), ((100, 30), "! overdue 3d "), ((160, 50), "! overdue 3d (due 2025-11-22)")],
)
async def test_an_overdue_draft_says_how_late_in_the_room_it_has(tmp_path, size, said):
    clock = FrozenClock()  # 2025-11-21 10:00 UTC
    maya, _ = team(tmp_path, clock)
    maya.create("kit", "Birch Partners - renewal with a long title", "ben", "2025-11-22")
    clock.advance(hours=4 * 24)  # 2025-11-25: three days past the due day
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        if table.total == 0:  # the draft is in the outbox
            await pilot.press("right")
            await settle(pilot)
        assert table.total == 1
        line = row_line(table)
        assert line.rstrip().endswith(said.strip()), line  # the last column, whole
        assert "Birch Partners" in line


def test_the_compact_form_fits_the_narrow_column():
    from baton.tui.widgets.queue_columns import QUEUE_COLUMNS, deadline_cell

    window = next(c for c in QUEUE_COLUMNS if c.key == "window")
    row = {"due": "2025-01-01", "status": "draft", "sent_at": None, "accept_within_hours": None}
    text, style = deadline_cell(row, 1_763_719_200_000, "UTC", window.width)
    assert (text, style) == ("! overdue 324d", "breached") and len(text) <= window.width


def test_a_conflict_mark_leads_the_status_so_a_cut_cell_keeps_it():
    """ "accepted !" in the cells an 80-column queue gave the status was cut to "accepted…": the mark was gone."""
    from baton.tui.shown import fit_cells
    from baton.tui.widgets.queue_columns import QUEUE_COLUMNS

    status = next(c for c in QUEUE_COLUMNS if c.key == "status")
    text, style = status.cell({"status": "accepted", "conflicts": 1}, 0, "UTC", status.width)
    assert (text, style) == ("! accepted", "breached")
    assert fit_cells(text, status.width).startswith("! ")
