"""Keys typed right after "Create" wait for the new handoff and land in its first field, none in the dialog closing."""

from __future__ import annotations

import asyncio
import threading

from test_app_fast_typing import SIZE, burst
from test_app_support import FrozenClock, settle, team

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.new_handoff import NewHandoffScreen

LINK_FIRST = """
id = "deal"
version = 1
title = "Deal: the link first"
from_stage = "sales"
to_stage = "onboarding"
trigger = "Deal closed"
accept_within_hours = 24

[[items]]
id = "crm"
text = "Link to the deal in the CRM"
why = "The history of the deal lives there."
kind = "url"
required = true
"""


async def test_a_link_typed_at_once_after_create_lands_whole_in_the_new_handoffs_first_field(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    (tmp_path / "checklists" / "deal.toml").write_text(LINK_FIRST, encoding="utf-8")
    go = threading.Event()
    create = maya.create

    def slow_create(*args, **kwargs):  # a team's hook, a loaded machine: the handoff takes its time to be made
        go.wait(30)
        return create(*args, **kwargs)

    maya.create = slow_create  # type: ignore[method-assign]
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "n", *"link first", "enter", *"Hooli XYZ deal", "enter", "down", "enter", "enter")
        for _ in range(500):
            if isinstance(app.screen, NewHandoffScreen) and app.screen.working:
                break
            await asyncio.sleep(0.01)
        burst(app, *"https://crm.example.com/deals/42", "enter")
        await asyncio.sleep(0.3)  # a while for the keys to (wrongly) fall into the dialog still working
        go.set()
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        handoff = app.screen.handoff_id
        assert maya.state(handoff).title == "Hooli XYZ deal"
        assert maya.state(handoff).values.get("crm") == "https://crm.example.com/deals/42"
