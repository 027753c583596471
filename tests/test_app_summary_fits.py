"""The handoff's summary is never cut off: a return's reason, the last thing it says, shows whole at 80x24."""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, kit_handoff, settle, team
from textual.widgets import Static

from baton.core.home import Home
from baton.tui.app import BatonApp

REASON = "The seat count says 40 but the order form says 45: which one did the client sign?"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_returned_handoffs_summary_shows_the_reason_whole(tmp_path, size):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(ben, "Kestrel Foods — pilot, 3 sites, with a long title", "maya", clock=clock)
    ben.send(handoff)
    maya.return_(handoff, REASON)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        summary = app.screen.query_one("#summary", Static)
        assert REASON in str(summary.content)
        width = summary.content_region.width
        needed = summary.get_content_height(summary.content_region.size, app.size, width)
        assert summary.content_region.height >= needed, f"{needed} lines of summary in {summary.content_region.height}"


async def test_keep_editing_puts_the_focus_back_in_the_reason(tmp_path):
    from textual.widgets import TextArea

    from baton.tui.screens.answer import AnswerScreen
    from baton.tui.screens.confirm import Confirm

    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = kit_handoff(ben, "Kestrel Foods", "maya", clock=clock)
    ben.send(handoff)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press(*"which seat count?", "tab", "tab")  # past Return, onto Cancel
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")  # Keep editing
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        reason = app.screen.query_one("#reason", TextArea)
        assert app.focused is reason and reason.text == "which seat count?"
