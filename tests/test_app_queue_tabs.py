"""The queues for a working day: counts on the tabs, the tab that waits on me, open only by default,
the cursor that stays on its handoff, overdue flagged in words, and news without a key press."""

from __future__ import annotations

from test_app_support import HOUR, FrozenClock, eventually, settle, team
from textual.widgets import Tabs

from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.store import Store
from baton.tui.app import BatonApp
from baton.tui.widgets.queue_table import QueueTable

KIT_DONE = {
    "signed": True,
    "summary": "Forty seats, annual",
    "start": "2025-12-01",
    "crm": "https://crm.example.com/d/42",
    "seats": 40,
    "plan": "growth",
}


def ready(replica, title: str, to: str, due: str | None = None) -> str:
    handoff = replica.create("kit", title, to, due)
    for item, value in KIT_DONE.items():
        replica.set_item(handoff, item, value)
    return handoff


def titles(table: QueueTable) -> list[str]:
    return [table.row(i)["title"] for i in range(table.total or 0)]


def tab_labels(app) -> list[str]:
    return [str(tab.label) for tab in app.screen.query_one(Tabs).query("Tab")]


async def test_tabs_count_and_the_inbox_opens_when_something_waits(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    ben.send(ready(ben, "Cedar pilot", "maya"))
    ready(maya, "Acme rollout", "ben")
    accepted = ready(ben, "Old work", "maya")
    ben.send(accepted)
    maya.accept(accepted)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert tab_labels(app) == ["Inbox 1", "Outbox 1", "Team 2"]
        assert table.queue.scope == "inbox" and titles(table) == ["Cedar pilot"]  # accepted work is not open
        await pilot.press("a")
        await settle(pilot)
        assert sorted(titles(table)) == ["Cedar pilot", "Old work"]
        assert "all handoffs" in str(app.screen.query_one("#view-line").render())


async def test_the_cursor_stays_on_its_handoff_when_the_order_changes(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    ids = {}
    for title in ("Acme", "Birch", "Cedar"):
        ids[title] = maya.create("kit", title, "ben")
        clock.advance(hours=1)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert titles(table) == ["Cedar", "Birch", "Acme"]
        await pilot.press("down")
        assert table.current_id == ids["Birch"]
        clock.advance(hours=1)
        maya.set_item(ids["Acme"], "seats", 3)  # Acme moves to the top; Birch to the third row
        app.screen.reload()
        await settle(pilot)
        await settle(pilot)
        assert titles(table) == ["Acme", "Cedar", "Birch"]
        assert table.current_id == ids["Birch"] and table.cursor == 2


async def test_a_change_from_another_process_shows_without_a_key_press(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert table.total == 0
        # another process: its own connection to the same file, as `baton send` in a terminal would have
        other = Store(Home(tmp_path).database)
        try:
            ben_elsewhere = Replica(ben.home, ben.config, other, wall=clock)
            ben_elsewhere.send(ready(ben_elsewhere, "Sent from a terminal", "maya"))
        finally:
            other.close()
        # the count and the row it counts: a second read (the file changed twice) can keep the count while its row
        # is on the way, and the test would read a row not there yet
        await eventually(pilot, lambda: table.total == 1 and table.row(0) is not None)
        assert titles(table) == ["Sent from a terminal"]


async def test_a_narrow_queue_keeps_the_title_and_flags_overdue_in_words(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    ben.send(ready(ben, "Orchid Bank - SSO login loop that takes a long title", "maya", due="2025-11-21"))
    clock.advance(hours=30)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        shown = [c.key for c in table.shown_columns()]
        assert "title" in shown and "window" in shown and "transition" not in shown
        line = "".join(segment.text for segment in table.render_line(1))
        assert "Orchid Bank - SSO login loop" in line
        assert "! 6h late" in line  # every row at 80 columns says its window without "answer"
    assert HOUR  # the window is 24 h: 30 h later it is late


async def test_the_inbox_says_who_sent_each_handoff_and_the_outbox_to_whom(tmp_path):
    """A column the same in every row (the viewer) gives way to the one that tells rows apart."""
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    ben.send(ready(ben, "From Ben", "maya"))
    maya.create("kit", "Maya's draft", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        app.screen.query_one("#scopes").active = "inbox"
        await settle(pilot)
        shown = [c.key for c in table.shown_columns()]
        assert "sender" in shown and "receiver" not in shown
        assert "From" in "".join(s.text for s in table.render_line(0))
        assert " ben " in "".join(s.text for s in table.render_line(1))
        app.screen.query_one("#scopes").active = "outbox"
        await settle(pilot)
        shown = [c.key for c in table.shown_columns()]
        assert "receiver" in shown and "sender" not in shown


async def test_an_empty_tabs_hint_is_said_whole_at_80_columns(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        drawn = " ".join("".join(s.text for s in table.render_line(y)).strip() for y in (1, 2, 3))
        assert " ".join(table.empty_hint.split()) in " ".join(drawn.split())
        assert "Outbox (→)" in drawn
