"""A comment typed and not added yet (Enter adds it) is not dropped without a word: Esc and quit ask first, as
they do for a field's typed answer. Leaving the handoff dropped it silently."""

from __future__ import annotations

from test_app_everything import opened, world
from test_app_support import settle
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.queues import QueuesScreen


async def test_esc_with_a_typed_comment_asks_and_keep_editing_keeps_it(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        await pilot.press("f3", *"Can you confirm the seat count?")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")  # keep editing
        await settle(pilot)
        box = screen.query_one("#comment-input", Input)
        assert app.screen is screen and app.focused is box and box.value == "Can you confirm the seat count?"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("tab", "enter")  # drop it
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
    assert ben.state(handoff).comments == []


async def test_quit_asks_about_a_typed_comment(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("f3", *"Can you confirm", "ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and app.is_running


async def test_an_empty_comment_box_leaves_at_once(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app, handoff)
        await pilot.press("f3", "escape")
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen) and not isinstance(screen, Confirm)
        assert not isinstance(app.screen, HandoffScreen)
