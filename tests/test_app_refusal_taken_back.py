"""A refused entry taken back by typing the saved value again: the field follows the stored value from then on.

Before, the refusal stayed under the field, and it kept the field from showing a change made elsewhere (the
command line, a teammate's sync); passing through the field then wrote the old value back over the newer one.
"""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, settle, team
from test_app_typing import events, opened
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp

SIZE = (80, 24)


@pytest.mark.parametrize(
    ("item", "saved", "wrong", "elsewhere", "shown"),
    [("start", "2027-01-10", "2027-13-01", "2027-02-02", "2027-02-02"), ("seats", "40", "4o", "30", "30")],
)
async def test_a_refusal_taken_back_never_writes_the_old_value_over_a_newer_one(
    tmp_path, item, saved, wrong, elsewhere, shown
):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    maya.set_item(handoff, item, saved)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        box = screen.query_one(f"#item-{item}")
        field = box.query_one("#input", Input)
        for text in (wrong, saved):  # refused, then the saved value typed back
            field.focus()
            await pilot.pause()
            field.value = ""
            await pilot.press(*text, "tab")
            await settle(pilot)
        assert box.refusal == "" and not box.query_one(".item-problem").display  # nothing wrong is said any more
        before = len(events(maya))
        maya.set_item(handoff, item, elsewhere)  # the command line, in another terminal
        app.refresh_screens({handoff})
        await settle(pilot)
        assert field.value == shown  # the field shows the newer value
        field.focus()
        await pilot.pause()
        await pilot.press("tab")  # passing through writes nothing
        await settle(pilot)
        assert len(events(maya)) == before + 1
        assert str(maya.state(handoff).values[item]) in (elsewhere, f"{elsewhere}.0")
