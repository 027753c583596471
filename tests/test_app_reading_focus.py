"""A handoff with nothing to fill opens with the focus in its checklist, so ↑ ↓ PgUp PgDn read it at once.

A receiver opening a sent handoff had the focus on the tab strip (Checklist F2 · Comments F3 ·
History F4), where those keys did nothing: the checklist they must read before answering
scrolled only after a Tab they had no reason to press."""

from __future__ import annotations

from test_app_everything import opened, world
from test_app_support import settle

from baton.core.home import Home
from baton.tui.app import BatonApp


async def test_a_receiver_reads_the_checklist_with_page_down_at_once(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        items = screen.query_one("#items")
        assert app.focused is items
        assert items.max_scroll_y > 0  # more checklist than fits at 80x24
        await pilot.press("pagedown")
        await settle(pilot)
        assert items.scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert items.scroll_y == items.max_scroll_y


async def test_a_draft_with_nothing_missing_opens_on_its_checklist_and_tab_reaches_the_first_field(tmp_path):
    clock, maya, _, handoff = world(tmp_path)  # every required item answered
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        assert not maya.state(handoff).blockers()
        assert app.focused is screen.query_one("#items")
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is not None and screen.query_one("#items") in app.focused.ancestors
