"""The queue's sort key `o` goes through every column the tab shows and back to "last change", the sort the
queue opens with (it never came back until the app was started again). A column the tab leaves out (the
Inbox's Receiver, the Outbox's From) or a narrow queue drops is not in the cycle: it sorted rows by
something nobody could see."""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, settle, team
from textual.widgets import Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.queues import QueuesScreen
from baton.tui.widgets.queue_table import QueueTable

EVERY = ["title", "transition", "sender", "owner", "receiver", "status", "progress", "age", "window"]


@pytest.mark.parametrize(
    ("size", "tab", "cycle"),
    [
        ((200, 50), "inbox", [k for k in EVERY if k != "receiver"]),
        ((200, 50), "outbox", [k for k in EVERY if k != "sender"]),
        ((80, 24), "inbox", ["title", "sender", "status", "progress", "window"]),
    ],
)
async def test_o_goes_through_the_shown_columns_and_back_to_last_change_newest_first(tmp_path, size, tab, cycle):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        screen.query_one("#scopes").active = tab
        await settle(pilot)
        table = screen.query_one(QueueTable)
        assert (table.queue.sort, table.queue.descending) == ("updated", True)
        seen = []
        for _ in cycle:
            await pilot.press("o")
            await settle(pilot)
            seen.append(table.queue.sort)
        assert seen == cycle == [c.key for c in table.shown_columns()]
        await pilot.press("o")
        await settle(pilot)
        assert (table.queue.sort, table.queue.descending) == ("updated", True)
        assert "sorted by last change ▼" in " ".join(str(s.render()) for s in screen.query(Static))
