"""A long return reason is cut in the handoff's summary with an ellipsis and where the rest is (History, F4).

The summary holds six lines at most, and a long reason was cut there mid-sentence at 80 columns with
nothing to say that more followed: the sender fixed the half they could read."""

from __future__ import annotations

from test_app_everything import opened, world

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff_text import history_rows

LONG = " ".join(["The customer impact section does not say how many branches are affected and since when."] * 6)


async def test_a_long_reason_says_more_follows_and_history_holds_it_all(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    ben.return_(handoff, LONG)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        summary = screen.query_one("#summary")
        text = str(summary.render())
        assert "Returned (1×): The customer impact section" in text
        assert text.rstrip().endswith("… (all of it: History, F4)")
        assert summary.virtual_size.height <= summary.size.height  # nothing of the summary is cut off
        rows = history_rows(maya.state(handoff), app.when)  # what the History tab (F4) draws
        assert any(LONG in " ".join(row) for row in rows)


async def test_a_short_reason_is_shown_whole(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    ben.return_(handoff, "The seat count is missing from the order form")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        text = str(screen.query_one("#summary").render())
        assert "Returned (1×): The seat count is missing from the order form" in text and "…" not in text
