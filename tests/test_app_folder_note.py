"""The "no shared folder yet" note goes as soon as a folder is set: in the app, or from the command line."""

from __future__ import annotations

from test_app_support import eventually, said, settle
from textual.widgets import Input, Static

from baton.core.config import save_config
from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.run import sync_once
from baton.sync.watch import watch
from baton.tui.app import BatonApp
from baton.tui.app_sync import NO_FOLDER
from baton.tui.screens.sync import SyncScreen

SIZE = (80, 24)


def showing(app) -> list[str]:
    """The notifications on screen now (not those that were and went)."""
    return [n.message for n in app._notifications]


def status(app) -> str:
    return str(app.screen_stack[1].query_one("#sync-status", Static).render())


async def test_setting_the_folder_in_the_app_takes_the_note_back(tmp_path):
    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London")
    shared = tmp_path / "shared"
    shared.mkdir()
    app = BatonApp(maya, maya.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert NO_FOLDER in showing(app)
        await pilot.press("f5", "f")
        await settle(pilot)
        app.screen.query_one("#folder", Input).value = str(shared)
        await pilot.press("enter")
        await settle(pilot)
        assert NO_FOLDER not in showing(app)
        assert isinstance(app.screen, SyncScreen)
        summary = app.screen.query_one("#sync-summary", Static)
        assert str(shared) in str(summary.render())
        await eventually(pilot, lambda: "last sync" in status(app))
    maya.close()


async def test_a_folder_set_from_the_command_line_is_taken_up_without_restarting(tmp_path):
    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London")
    shared = tmp_path / "shared"
    shared.mkdir()
    app = BatonApp(maya, maya.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "no shared folder" in status(app)
        save_config(maya.home, maya.config.with_(sync_dir=str(shared)))  # as `baton sync --dir` in a terminal
        await eventually(pilot, lambda: "last sync" in status(app))
        assert NO_FOLDER not in showing(app)
        assert maya.config.sync_dir == str(shared)
        assert any(f"shared folder set to {shared}" in n.message for n in said(app))
        await pilot.press("f5")
        await settle(pilot)
        assert str(shared) in str(app.screen.query_one("#sync-summary", Static).render())
    assert any(shared.rglob("replica.json"))  # synced through the folder, not only said
    maya.close()
