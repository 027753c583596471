"""The queue's sort key `o` goes through every column and back to "last change", the sort the queue opens with
(it never came back until the app was started again)."""

from __future__ import annotations

from test_app_support import FrozenClock, settle, team
from textual.widgets import Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.queues import QueuesScreen
from baton.tui.widgets.queue_columns import QUEUE_COLUMNS
from baton.tui.widgets.queue_table import QueueTable

SIZE = (200, 50)


async def test_o_comes_back_to_last_change_newest_first(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        table = screen.query_one(QueueTable)
        assert (table.queue.sort, table.queue.descending) == ("updated", True)
        seen = []
        for _ in QUEUE_COLUMNS:
            await pilot.press("o")
            await settle(pilot)
            seen.append(table.queue.sort)
        assert seen == [c.key for c in QUEUE_COLUMNS]
        await pilot.press("o")
        await settle(pilot)
        assert (table.queue.sort, table.queue.descending) == ("updated", True)
        assert "sorted by last change ▼" in " ".join(str(s.render()) for s in screen.query(Static))
