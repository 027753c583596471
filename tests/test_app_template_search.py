"""The new-handoff form's checklist search puts first the route read in the order it was typed.

Enter or Tab takes the first checklist listed, and the list was alphabetical: "sales to" picked
Marketing → Sales, and a sales rep who typed it started the wrong checklist."""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, new_handoff_form, settle, team
from textual.widgets import OptionList

from baton.tui.app import BatonApp


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("sales to", "sales-to-onboarding"),
        ("sales", "sales-to-onboarding"),
        ("to onboarding", "sales-to-onboarding"),
        ("sales-to-onb", "sales-to-onboarding"),
        ("sales → onboarding", "sales-to-onboarding"),
        ("to sales", "marketing-to-sales"),
        ("onboarding", "onboarding-to-delivery"),
        ("support to", "support-to-delivery"),
    ],
)
async def test_the_route_typed_comes_first(tmp_path, typed, first):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_handoff_form(pilot)
        await pilot.press(*typed)
        await settle(pilot)
        templates = app.screen.query_one("#templates", OptionList)
        assert templates.highlighted == 0
        routes = {e.template.id: (e.template.from_stage, e.template.to_stage) for e in app.screen.entries}
        assert routes[templates.get_option_at_index(0).id] == routes[first]  # the test kit is sales → onboarding too


async def test_words_in_no_route_keep_the_list_in_its_order(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_handoff_form(pilot)
        templates = app.screen.query_one("#templates", OptionList)
        unsearched = [templates.get_option_at_index(i).id for i in range(templates.option_count)]
        assert unsearched == sorted(unsearched)  # the catalog's own order, unchanged when nothing is typed
        await pilot.press(*"signed")
        await settle(pilot)
        shown = [templates.get_option_at_index(i).id for i in range(templates.option_count)]
        assert shown and shown == [i for i in unsearched if i in shown]
