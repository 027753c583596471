"""`s` (sync now) on the sync screen with no shared folder says how to set one in the app's words.

It ran a round that refused with the command line's advice ("run `baton sync --dir PATH`"), shown as
the last try on the screen and in a toast, to someone who has the folder dialog one key away (f)."""

from __future__ import annotations

from test_app_everything import world
from test_app_support import said, settle

from baton.core.home import Home
from baton.sync.run import sync_once
from baton.tui.app import BatonApp
from baton.tui.screens.sync import SyncScreen


async def test_sync_now_without_a_folder_points_to_f(tmp_path):
    clock, _, ben, _ = world(tmp_path)
    app = BatonApp(ben, Home(tmp_path), clock=clock, sync=sync_once)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        before = len(said(app))
        await pilot.press("s")
        await settle(pilot)
        told = [str(n.message) for n in said(app)[before:]]
        assert told == ["No shared folder yet: press f to set one."]
        summary = str(app.screen.query_one("#sync-summary").render())
        assert "baton sync --dir" not in summary and "press f to set one" in summary
        assert app.last_sync is None  # no round ran
