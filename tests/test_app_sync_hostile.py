"""The app over a shared folder made hostile: a teammate's folder holding a link to a tree the watcher may not
read, and thousands of files named like segments. Its watcher keeps syncing, and the sync screen says a few
lines, not one per file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_app_support import eventually, said, settle
from test_app_sync import SIZE, pair, sent_by, titles

from baton.sync.report import FILES_SAID
from baton.sync.run import sync_once
from baton.sync.watch import watch
from baton.tui.app import BatonApp
from baton.tui.screens.sync import SyncScreen
from baton.tui.widgets.queue_table import QueueTable

FLOOD = 3_000


async def test_a_hostile_folder_never_stops_the_apps_watcher_and_its_sync_screen_stays_short(tmp_path):
    if not Path("/proc/1/task").is_dir():
        pytest.skip("needs Linux's /proc")
    maya, ben = pair(tmp_path)
    sync_once(ben)
    folder = Path(ben.config.sync_dir) / "baton" / "v1" / "replicas" / ben.config.replica_id
    os.symlink("/proc", folder / "000900-deadbeef.jsonl")
    for n in range(FLOOD):
        (folder / f"{1000 + n:06d}-deadbeef.jsonl").write_bytes(b"")
    app = BatonApp(maya, maya.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await eventually(pilot, lambda: app.last_sync is not None and app.last_sync.report is not None)
        assert not [n for n in said(app) if "sync stopped" in str(n.message)]
        sent_by(ben, "Kestrel Foods pilot")
        sync_once(ben)
        table = app.screen.query_one(QueueTable)
        await eventually(pilot, lambda: titles(table) == ["Kestrel Foods pilot"])  # the watcher is still at work
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        shown = str(app.screen.query_one("#sync-problems").render())
        assert shown.count("✗") == FILES_SAID + 1
        assert f"and {FLOOD + 1 - FILES_SAID:,} more files here that cannot be used either" in shown
        assert not [n for n in said(app) if "sync stopped" in str(n.message)]
    maya.close()
    ben.close()
