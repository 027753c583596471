"""A value core refuses keeps its field in view: the focus goes back to it, and so does the view, at 80x24."""

from __future__ import annotations

from pathlib import Path

from test_app_fast_typing import burst
from test_app_support import FrozenClock, settle, team

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.in_view import seen_whole
from baton.tui.widgets.item_input import ItemInput


async def test_a_number_refused_on_tab_before_a_long_paragraph_keeps_its_field_in_view_and_the_typing_there(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    sales = Path(__file__).parents[1] / "checklists" / "sales-to-onboarding.toml"  # seats, then a long paragraph
    (tmp_path / "checklists" / sales.name).write_text(sales.read_text(encoding="utf-8"), encoding="utf-8")
    handoff = maya.create("sales-to-onboarding", "Hooli XYZ deal", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        seats = app.screen.query_one("#item-seats", ItemInput)
        seats.focus_input()
        await settle(pilot)
        burst(app, *"lots", "tab")  # typed at speed: the refusal comes after the view has moved on
        await settle(pilot)
        field = seats.query_one("#input")
        assert app.focused is field
        assert seats.refusal
        assert seen_whole(field)
        assert seen_whole(seats.query_one(".item-problem"))  # and why it was refused, under it
        assert seen_whole(seats.query_one(".item-text"))  # and which item it is, above it


async def test_a_web_address_refused_on_enter_shows_which_item_it_is_above_its_field(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    live = Path(__file__).parents[1] / "checklists" / "delivery-to-account-management.toml"
    (tmp_path / "checklists" / live.name).write_text(live.read_text(encoding="utf-8"), encoding="utf-8")
    handoff = maya.create("delivery-to-account-management", "Acme live", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press(*"2026-11-28", "enter", *"not-a-url", "enter")  # Enter moves on: the view with it
        await settle(pilot)
        sign_off = app.screen.query_one("#item-sign-off", ItemInput)
        assert sign_off.refusal and app.focused is sign_off.query_one("#input")
        assert seen_whole(sign_off.query_one(".item-problem")) and seen_whole(sign_off.query_one("#input"))
        assert seen_whole(sign_off.query_one(".item-text"))  # which item refused: it had scrolled away above
