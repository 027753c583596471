"""Vague answers on an 80-column terminal: counted and named beside the gate, said in full under their item,
and an app send says them as `baton send` does."""

from __future__ import annotations

from test_app_support import FrozenClock, eventually, kit_handoff, said, settle, status_of, team
from textual.widgets import Static

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.widgets.item_input import ItemInput

NARROW = (80, 24)


def vague_draft(tmp_path, clock):
    maya, _ = team(tmp_path, clock)
    handoff = kit_handoff(maya, "Birch Partners - renewal", "ben", clock=clock)
    maya.set_item(handoff, "summary", "See the Slack thread")
    return maya, handoff


async def test_narrow_gate_counts_and_names_the_vague_answers(tmp_path):
    clock = FrozenClock()
    maya, handoff = vague_draft(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        count = app.screen.query_one("#gate-vague", Static)
        assert count.display and count.region.height >= 1
        assert str(count.render()) == "! 1 vague answer: summary"
        assert count.region.right <= NARROW[0]
        own = app.screen.query_one("#item-summary", ItemInput).query_one(".item-warning", Static)
        assert own.display
        assert (
            str(own.render())
            .replace("\n", " ")
            .startswith(
                "! “See the Slack” sends the receiver to look for the answer somewhere else (a warning, not a blocker)."
            )
        )
        assert not app.screen.query_one("#item-seats", ItemInput).query_one(".item-warning", Static).display


async def test_an_app_send_says_its_vague_answers(tmp_path):
    clock = FrozenClock()
    maya, handoff = vague_draft(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await eventually(pilot, lambda: status_of(maya, handoff) == "sent")
        await eventually(pilot, lambda: any("vague" in n.message for n in said(app)))
        words = next(n.message for n in said(app) if "vague" in n.message)
        assert words == "sent to ben\nSent with 1 vague answer; the receiver may ask about: summary"
