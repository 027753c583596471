"""The queue's status line and the Sync screen say who this copy has seen in the same words (sync.people.seen_words):
the status line said "no teammates seen yet" (no teammate's folder in the shared folder this pass) while the Sync
screen listed the same teammates as last seen an hour ago."""

from __future__ import annotations

from test_app_support import HOUR, eventually, settle

from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.people import seen_words
from baton.sync.run import sync_once
from baton.tui.app import BatonApp
from baton.tui.screens.sync import SyncScreen


async def test_the_status_line_and_the_sync_screen_tell_one_story(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()  # nobody else's folder in it yet: ben's changes came through another folder before
    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London", sync_dir=str(shared))
    with maya.store.atomic():
        maya.store.upsert_teammate("ben", "Ben Carter", "America/New_York", "member", maya.wall() - HOUR)
        maya.store.upsert_teammate("priya", "Priya Raman", "Asia/Singapore", "member")  # known, nothing of hers
    assert seen_words(maya) == "teammates seen: ben"
    app = BatonApp(maya, maya.home, sync=sync_once)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#sync-status")
        await eventually(pilot, lambda: "last sync" in str(status.render()))
        assert "teammates seen: ben" in str(status.render())
        await pilot.press("f5")
        await eventually(pilot, lambda: isinstance(app.screen, SyncScreen))
        people = app.screen.query_one("#sync-people")
        await eventually(pilot, lambda: "Ben Carter" in str(people.render()))
        lines = str(people.render()).splitlines()
        assert lines[0] == "Teammates seen: ben"
        assert "last seen 1h ago" in next(line for line in lines if "Ben Carter" in line)
        assert "not seen yet" in next(line for line in lines if "Priya Raman" in line)
    maya.close()
