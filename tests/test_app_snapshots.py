"""How the screens look, on a fixed size and a frozen clock, over a deterministic database."""

from __future__ import annotations

from functools import partial

import pytest
from test_app_support import FrozenClock, counting_ids, kit_handoff, settle, team
from textual.widgets import TextArea

from baton.core.home import Home
from baton.tui.app import BatonApp

SIZE = (120, 40)


@pytest.fixture
def world(tmp_path, monkeypatch):
    """Maya and Ben with handoffs in every state, written at known times."""
    counting_ids(monkeypatch)
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)

    filled = partial(kit_handoff, clock=clock)

    accepted = filled(ben, "Northwind Logistics - 40 seats", "maya", due="2025-12-01")
    ben.send(accepted)
    maya.accept(accepted)
    clock.advance(hours=20)
    returned = filled(maya, "Lumen Retail - inbound demo", "ben")
    maya.send(returned)
    ben.return_(returned, "No budget owner named: who signs the order?")
    clock.advance(hours=30)
    overdue = filled(ben, "Orchid Bank - SSO login loop", "maya")
    ben.send(overdue)
    clock.advance(hours=40)
    fresh = filled(ben, "Kestrel Foods - pilot, 3 sites", "maya", due="2025-11-26")
    ben.send(fresh)
    draft = filled(maya, "Birch Partners - renewal", "ben", skip=("start", "crm", "seats"), due="2025-11-28")
    maya.set_item(draft, "seats", 4000)
    maya.comment(draft, "Waiting on the signed order form before I send this.")
    clock.advance(hours=2)
    return {"clock": clock, "maya": maya, "ben": ben, "home": Home(tmp_path), "draft": draft, "fresh": fresh}


def test_queue_team_tab(world, snap_compare):
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("right", "right")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_handoff_draft_with_blockers(world, snap_compare):
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])

    async def run_before(pilot):
        await settle(pilot)
        app.open_handoff(world["draft"])
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_answer_dialog_refuses_a_one_word_reason(world, snap_compare):
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])  # Maya receives the Kestrel handoff

    async def run_before(pilot):
        await settle(pilot)
        app.open_handoff(world["fresh"])
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        app.screen.query_one("#reason", TextArea).insert("incomplete")
        await pilot.click("#return")
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_new_handoff_dialog(world, snap_compare):
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"sales")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
