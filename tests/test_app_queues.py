"""The queue screen: scopes, filtering and sorting change the rows; first run creates a config; sync."""

from __future__ import annotations

import random

from test_app_support import FrozenClock, eventually, settle, team
from textual.widgets import Input

from baton.core.config import load_config
from baton.core.demo import fill
from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.run import sync_once
from baton.tui.app import BatonApp
from baton.tui.screens.first_run import FirstRunScreen
from baton.tui.screens.queues import QueuesScreen
from baton.tui.widgets.queue_table import QueueTable

SIZE = (120, 40)


def titles(table: QueueTable) -> list[str]:
    return [table.row(i)["title"] for i in range(table.total or 0)]


async def test_scopes_filter_and_sort(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    for title, by, to in [
        ("Acme rollout", maya, "ben"),
        ("Birch renewal", maya, "ben"),
        ("Cedar pilot", ben, "maya"),
        ("Delta upgrade", ben, "priya"),
    ]:
        by.create("kit", title, to)
        clock.advance(hours=1)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        # nothing sent to Maya yet, but her drafts wait on her: the app opens on her Outbox
        assert table.queue.scope == "outbox"
        assert titles(table) == ["Birch renewal", "Acme rollout"]  # newest change first
        await pilot.press("left")  # Inbox: drafts are not in it
        await settle(pilot)
        assert table.total == 0
        await pilot.press("right")  # Outbox
        await settle(pilot)
        await pilot.press("right")  # Team
        await settle(pilot)
        assert len(titles(table)) == 4
        await pilot.click("#queue", offset=(3, 0))  # the Title header: sort by title, A first
        await settle(pilot)
        assert titles(table) == ["Acme rollout", "Birch renewal", "Cedar pilot", "Delta upgrade"]
        await pilot.click("#queue", offset=(3, 0))  # again: the other way
        await settle(pilot)
        assert titles(table) == ["Delta upgrade", "Cedar pilot", "Birch renewal", "Acme rollout"]
        await pilot.press("O")  # the same column by keyboard: A first again
        await settle(pilot)
        assert titles(table) == ["Acme rollout", "Birch renewal", "Cedar pilot", "Delta upgrade"]
        await pilot.press("O")
        await settle(pilot)
        assert titles(table) == ["Delta upgrade", "Cedar pilot", "Birch renewal", "Acme rollout"]
        await pilot.press("slash")
        await pilot.press(*"pil")
        await settle(pilot)
        assert titles(table) == ["Cedar pilot"]
        app.screen.query_one("#search", Input).value = "ben"
        await settle(pilot)
        assert titles(table) == ["Delta upgrade", "Cedar pilot", "Birch renewal", "Acme rollout"]
        app.screen.query_one("#search", Input).value = "priya"
        await settle(pilot)
        assert titles(table) == ["Delta upgrade"]


async def test_first_run_creates_the_replica(tmp_path):
    home = Home(tmp_path / "fresh")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press(*"Bad Name", "enter", "enter")
        await pilot.click("#create")
        await settle(pilot)
        await eventually(pilot, lambda: "invalid user name" in str(app.screen.query_one(".error").render()))
        assert not home.config.exists()
        app.screen.query_one("#user", Input).value = "priya"
        app.screen.query_one("#name", Input).value = "Priya Raman"
        app.screen.query_one("#tz", Input).value = "Asia/Singapore"
        # A button ignores clicks while it still shows the last one (its "-active" flash): a person's second click comes later.
        await eventually(pilot, lambda: not app.screen.query_one("#create").has_class("-active"))
        await pilot.click("#create")
        await settle(pilot)
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
    config = load_config(home)
    assert (config.user, config.display_name, config.tz, config.role) == (
        "priya",
        "Priya Raman",
        "Asia/Singapore",
        "member",
    )
    app.replica.close()


async def test_sync_brings_a_teammates_handoff_into_the_inbox(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London", sync_dir=str(shared))
    ben = Replica.init(Home(tmp_path / "ben"), "ben", tz="America/New_York", sync_dir=str(shared))
    handoff = ben.create("sales-to-onboarding", "Kestrel Foods pilot", "maya")
    fill(ben, handoff, ben.state(handoff).template, random.Random(1))
    ben.send(handoff)
    assert not sync_once(ben).problems
    app = BatonApp(maya, maya.home, sync=sync_once)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert titles(table) == ["Kestrel Foods pilot"]
        status = str(app.screen.query_one("#sync-status").render())
        assert "teammates seen: ben" in status and "last sync" in status
    assert maya.store.handoff_row(handoff)["status"] == "sent"
    maya.close()
    ben.close()


async def test_the_queue_footer_fits_at_80_columns(tmp_path):
    """Every key the footer shows is whole at 80 columns, not cut under the palette key ("f5 S▏^p palette")."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    maya, ben = team(tmp_path, FrozenClock())
    app = BatonApp(maya, Home(tmp_path), clock=FrozenClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueuesScreen)
        keys = list(app.screen.query_one(Footer).query(FooterKey))
        palette = [k for k in keys if k.has_class("-command-palette")]
        shown = [k for k in keys if not k.has_class("-command-palette")]
        assert palette and shown and {k.description for k in shown} >= {"Sync status", "Quit"}
        assert max(k.region.right for k in shown) <= palette[0].region.x, [(k.description, k.region) for k in shown]
