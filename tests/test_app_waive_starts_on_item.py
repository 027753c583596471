"""The waive dialog starts on the item the lead was on in the checklist, when core says it can be waived.

It started on the first item that blocks, whatever item had the focus: Ctrl+L on the fourth item, then
a reason and Enter, waived the first one.
"""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, settle, team
from textual.widgets import OptionList

from baton.core.waivable import waivable_items
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.waive import WaiveScreen
from baton.tui.widgets.item_input import ItemInput


async def waive_dialog_from(pilot, app, handoff: str, item: str) -> str | None:
    """Open the handoff, put the focus on `item`'s field, press Ctrl+L: the item the dialog's list starts on."""
    await settle(pilot)
    app.open_handoff(handoff)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, HandoffScreen)
    screen.query_one(f"#item-{item}", ItemInput).focus_input()
    await settle(pilot)
    await pilot.press("ctrl+l")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, WaiveScreen)
    choices = dialog.query_one("#item", OptionList)
    index = choices.highlighted
    return None if index is None else choices.get_option_at_index(index).id


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_list_starts_on_the_focused_item_and_waives_it(tmp_path, size):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")  # every required item blocks
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=size) as pilot:
        assert await waive_dialog_from(pilot, app, handoff, "crm") == "crm"  # not "signed", the first
        await pilot.press("enter", *"The client has no CRM", "enter")
        await settle(pilot)
    assert set(maya.state(handoff).waivers) == {"crm"}


async def test_an_item_that_cannot_be_waived_starts_the_list_on_the_first_that_can(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    maya.set_item(handoff, "signed", True)
    maya.set_item(handoff, "summary", "Forty seats, annual, invoiced quarterly")  # filled: core refuses a waiver
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await waive_dialog_from(pilot, app, handoff, "summary") == "start"


def test_core_names_the_waivable_items_required_and_held_by_the_gate(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    maya.set_item(handoff, "signed", True)
    maya.waive(handoff, "crm", "The client has no CRM at all")
    assert waivable_items(maya.state(handoff)) == ["summary", "start", "seats", "plan"]
