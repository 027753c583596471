"""The app's first-run join on a folder with a lead's starter: the queue opens on the team's history at once, the
toast says where that history came from, and the app's next sync checks it and says so."""

from __future__ import annotations

from test_app_first_run_join import SIZE, fill, lead_with_invitation
from test_app_support import FrozenClock, eventually, said, settle

from baton.core.home import Home
from baton.sync import starter
from baton.sync.run import sync_once
from baton.tui.app import BatonApp
from baton.tui.screens.queues import QueuesScreen


async def test_joining_from_a_starter_says_so_and_the_next_sync_checks_it(tmp_path):
    ana, code = lead_with_invitation(tmp_path, "priya")
    assert not sync_once(ana, fold=True).problems
    home = Home(tmp_path / "priya")
    app = BatonApp(None, home, sync=sync_once, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await fill(pilot, app, "priya", code, str(tmp_path / "shared"))
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
        await eventually(pilot, lambda: any("started from ana's copy" in str(n.message) for n in said(app)))
        held = {r[0] for r in app.replica.store.conn.execute("SELECT id FROM events")}
        assert held >= {r[0] for r in ana.store.conn.execute("SELECT id FROM events")}
        app.action_sync_now()  # the app's next sync (its own, soon after the join, or this one) checks it
        await eventually(pilot, lambda: any("matches the team's segments" in str(n.message) for n in said(app)))
        assert starter.started_from(app.replica)["checked"] is True
    app.replica.close()
    ana.close()
