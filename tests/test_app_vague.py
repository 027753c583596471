"""The app shows vague answers as warning lines under the gate summary; they never disable Send."""

from __future__ import annotations

from test_app_support import FrozenClock, settle, team
from textual.widgets import Button, Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.widgets.gate_panel import GatePanel

SIZE = (120, 40)


async def test_gate_panel_lists_vague_answers_and_send_stays_enabled(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Birch Partners - renewal", "ben")
    for item_id, value in {
        "signed": None,
        "summary": "See Slack thread with Omar",
        "start": "2025-12-01",
        "crm": "https://crm.example.com/deals/7",
        "seats": "40",
        "plan": "growth",
        "notes": "TBD",
    }.items():
        maya.set_item(handoff, item_id, value)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        panel = app.screen.query_one(GatePanel)
        warnings = panel.query_one("#gate-warnings", Static)
        assert warnings.display
        lines = str(warnings.render()).splitlines()
        assert lines == [
            "! summary: “See Slack” sends the receiver to look for the answer somewhere else (a warning, not a blocker)",
            "! notes: “TBD” is a placeholder, not an answer (a warning, not a blocker)",
        ]
        assert not app.screen.query_one("#send", Button).disabled


async def test_no_warning_line_when_every_answer_is_clear(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Birch Partners - renewal", "ben")
    maya.set_item(handoff, "summary", "Forty seats, annual, invoiced quarterly")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        assert not app.screen.query_one(GatePanel).query_one("#gate-warnings", Static).display


async def test_dashboard_counts_vague_answers_sent_and_the_returns_after_them(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Birch Partners - renewal", "ben")
    for item_id, value in {
        "signed": None,
        "summary": "As discussed on the call with Omar",
        "start": "2025-12-01",
        "crm": "https://crm.example.com/deals/7",
        "seats": "40",
        "plan": "growth",
    }.items():
        maya.set_item(handoff, item_id, value)
    maya.send(handoff)
    clock.advance(hours=2)
    ben.return_(handoff, "What did the client buy? The summary points at a call I was not on.")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+d")
        await settle(pilot)
        items = str(app.screen.query_one("#items", Static).render())
        assert "Vague answers sent (1 in 1 of 1 sends)" in items
        assert "kit/summary" in items and "by sender: maya 1" in items
        assert "returned after a vague answer: 1 of 1; without one: 0 of 0" in items
