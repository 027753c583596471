"""The new-handoff form shows every field without scrolling, at the smallest terminal we promise and a large one."""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, new_handoff_form, settle, team
from textual.widgets import Input, OptionList, Static

from baton.core.routing import NoCandidate
from baton.tui.app import BatonApp
from baton.tui.words import APP_FIX

SIZES = [(80, 24), (120, 40), (200, 50)]
LONG_ROUTE = NoCandidate("account-management", "maya").said(APP_FIX)
"""The longest line the route preview says (three lines at 80 columns)."""


def in_view(app, widget) -> bool:
    """The widget is drawn where it stands: not scrolled away, not covered."""
    region = widget.region
    if not region.area:
        return False
    x, y = region.x + region.width // 2, region.y + region.height // 2
    found, _ = app.screen.get_widget_at(x, y)
    return found is widget or widget in found.ancestors


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_field_of_the_new_handoff_form_is_in_view(tmp_path, size):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=size) as pilot:
        dialog = await new_handoff_form(pilot)
        dialog.query_one("#route", Static).update(LONG_ROUTE)
        await pilot.pause()
        for selector in ("#template-search", "#templates", "#title", "#to", "#due", "#create", "#cancel"):
            assert in_view(app, dialog.query_one(selector)), f"{selector} is not in view at {size}"
        assert "Due date" in str(dialog.query_one("#due-label").render())
        assert dialog.query_one("#dialog").max_scroll_y == 0  # nothing below the fold
        if size[1] >= 40:  # a taller terminal shows more checklists at once
            assert dialog.query_one("#templates").region.height > 6
        buttons = dialog.query_one(".buttons").region
        assert buttons.y == dialog.query_one("#route").region.bottom  # no gap left above the buttons


async def test_tab_and_enter_reach_the_due_date_after_the_receiver(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_handoff_form(pilot)
        await pilot.press(*"every kind", "enter", *"Acme", "enter")
        assert app.focused is app.screen.query_one("#to", OptionList)
        await pilot.press("enter")  # picks the highlighted receiver
        assert app.focused is app.screen.query_one("#due", Input)
        await pilot.press("shift+tab")
        assert app.focused is app.screen.query_one("#to", OptionList)


async def test_the_due_date_takes_a_day_as_people_say_it(tmp_path):
    clock = FrozenClock()  # 2025-11-21, a Friday, 10:00 UTC
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_handoff_form(pilot)
        assert "2w" in app.screen.query_one("#due", Input).placeholder
        await pilot.press(*"every kind", "enter", *"Acme", "enter", "down", "enter", *"tomorrow", "enter")
        await settle(pilot)
        [row] = maya.store.query("SELECT due FROM handoffs")
        assert row[0] == "2025-11-22"


async def test_the_receiver_list_keeps_its_rows_when_focused_and_the_route_shows_only_when_routing(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_handoff_form(pilot)
        receivers = app.screen.query_one("#to", OptionList)
        route = app.screen.query_one("#route", Static)
        unfocused = receivers.region.height
        receivers.focus()
        await pilot.pause()
        assert receivers.region.height == unfocused == 3  # no frame above and below eating two of three rows
        assert route.display
        await pilot.press("down")  # a person, not the stage
        assert not route.display
        await pilot.press("up")
        assert route.display


async def test_one_tab_after_the_search_lands_in_the_title(tmp_path):
    """The list of checklists was a Tab stop of its own: a title typed after one Tab went nowhere.
    The list is picked from the search box with ↑ ↓ instead."""
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_handoff_form(pilot)
        templates = app.screen.query_one("#templates", OptionList)
        first = templates.highlighted
        await pilot.press("down")
        assert templates.highlighted == first + 1
        await pilot.press("up", "tab", *"Acme")
        title = app.screen.query_one("#title", Input)
        assert app.focused is title and title.value == "Acme"
        assert templates.highlighted == first


async def test_a_stage_nobody_receives_for_is_said_with_where_the_app_gives_it_one(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)  # nobody receives for any stage
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_handoff_form(pilot)
        said = str(app.screen.query_one("#route", Static).render())
        assert said.startswith("nobody can receive for the "), said
        assert "a lead adds one on the Team screen, F6, or name the receiver yourself" in said
        assert "baton team set" not in said  # the command line's way, not this screen's
        await pilot.press(*"every kind", "enter", *"Acme", "enter", "enter", "enter")  # routed: refused alike
        await settle(pilot)
        error = str(app.screen.query_one(".error", Static).render())
        assert "Team screen, F6" in error and "baton team set" not in error
        assert app.focused is app.screen.query_one("#due", Input)  # where Enter was pressed: never no focus


async def test_a_refusal_of_several_problems_is_read_whole_at_80x24_in_the_apps_words(tmp_path):
    """Core's "nothing created, 3 problems: …" beside the buttons was cut after three lines at 80 columns: the
    later problems and how to write a due date were never seen. The row grows to hold it. And one problem of
    several, a stage nobody receives for, named `baton team set` where the app has its own place for it."""
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await new_handoff_form(pilot)
        dialog.query_one("#due", Input).value = "yesterday"
        dialog.query_one("#create").focus()
        await pilot.press("enter")
        await settle(pilot)
        error = dialog.query_one(".buttons .error", Static)
        said = str(error.render())
        assert "3 problems" in said and "eow or eom" in said
        assert "a lead adds one on the Team screen, F6" in said and "baton team set" not in said
        assert error.virtual_size.height <= error.size.height  # every line of it drawn
        assert error.region.bottom <= dialog.query_one("#dialog").region.bottom
