"""How long ago, as people say it: "just now" under a minute, not "0m ago"."""

from __future__ import annotations

from test_app_dialog_keys import SIZE, sent_to_maya
from test_app_support import settle
from textual.widgets import Static

from baton.core.timezones import format_ago

MINUTE = 60_000


def test_under_a_minute_is_just_now_and_longer_says_how_long():
    assert format_ago(0) == "just now"
    assert format_ago(MINUTE - 1) == "just now"
    assert format_ago(MINUTE) == "1m ago"
    assert format_ago(3 * 60 * MINUTE) == "3h ago"
    assert format_ago(-5) == "just now"  # a teammate's clock a little ahead


async def test_the_answer_dialog_says_a_handoff_sent_a_moment_ago_was_sent_just_now(tmp_path):
    maya, handoff, app = sent_to_maya(tmp_path)  # sent on the frozen clock's very minute
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        said = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "sent just now" in said and "0m ago" not in said
