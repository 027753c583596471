"""After a move to another shared folder, the Sync screen speaks of the new folder, never of the old one's last sync.

It kept the old folder's "Last sync 10:00: …" under "Shared folder: <new>" until the next pass, and a pass
through the old folder still under way as the move happened landed afterwards as if it were the new one's.
"""

from __future__ import annotations

import threading

import pytest
from test_app_support import FrozenClock, eventually, settle, team
from textual.widgets import Static

from baton.sync.run import sync_once
from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.set_folder import set_sync_dir
from baton.tui.screens.sync import SyncScreen


class Watcher:
    """A folder watcher that passes once through the old folder, and once more after it is told to stop (a pass
    under way as the folder moved, held until `release`); through any other folder it never passes."""

    def __init__(self, old: str) -> None:
        self.old = old
        self.release = threading.Event()
        self.late = threading.Event()

    def __call__(self, replica, passed, stop: threading.Event) -> None:
        if replica.config.sync_dir != self.old:
            stop.wait()
            return
        report = sync_once(replica)
        passed(report)
        stop.wait()
        self.release.wait(30)
        passed(report)
        self.late.set()


def summary(app) -> str:
    return " ".join(str(app.screen.query_one("#sync-summary", Static).render()).split())


@pytest.mark.parametrize("size", [(80, 24), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_sync_screen_says_the_new_folder_is_not_synced_yet(tmp_path, size):
    clock = FrozenClock()
    maya, _ = team(tmp_path / "home", clock)
    old, new = tmp_path / "shared", tmp_path / "elsewhere"
    old.mkdir()
    new.mkdir()
    set_sync_dir(maya, str(old))
    watcher = Watcher(str(old))
    app = BatonApp(maya, maya.home, clock=clock, watch=watcher)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, SyncScreen)
            await eventually(pilot, lambda: "Last sync" in summary(app))
            await pilot.press("f")
            await settle(pilot)
            await pilot.press("ctrl+u", *str(new), "enter")
            await settle(pilot)
            assert isinstance(app.screen, Confirm)
            await pilot.press("left", "enter")  # move on purpose
            await settle(pilot)
            assert isinstance(app.screen, SyncScreen) and maya.config.sync_dir == str(new)
            said = summary(app)
            assert f"Shared folder: {new}" in said and "Not synced through this folder yet." in said, said
            assert "Last sync" not in said, said

            watcher.release.set()  # the old folder's pass that was under way lands now
            await eventually(pilot, watcher.late.is_set)
            await settle(pilot)
            said = summary(app)
            assert "Last sync" not in said and "Not synced through this folder yet." in said, said
            assert app.last_sync is None
    finally:
        watcher.release.set()
