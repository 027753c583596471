"""Results that land after their screen has closed are dropped cleanly, and slow reads never hold up typing.

Workers post what they read to their own screen as a message; a closed screen takes no
more messages, so a result for it goes nowhere instead of failing on a missing widget.
"""

from __future__ import annotations

import threading

from test_app_support import FrozenClock, eventually, settle, team
from textual.widgets import Input, Static

from baton.tui.app import BatonApp
from baton.tui.messages import ChecklistsRead, RosterRead, RosterWritten, RoutePreviewed, SyncStatusChanged
from baton.tui.screens.new_handoff import NewHandoffScreen
from baton.tui.screens.queues import QueuesScreen
from baton.tui.screens.sync import SyncScreen
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock
from tests.team_support import team as roster_team

SIZE = (80, 24)
WAIT = 30
"""How long a held read waits for the test to let it go (a hang guard: the tests let it go sooner)."""


class Held:
    """Wraps a read so that it waits until the test lets it go, and notes which threads called it."""

    def __init__(self, read):
        self.read = read
        self.go = threading.Event()
        self.started = threading.Event()
        self.threads: list[threading.Thread] = []

    def __call__(self, *args, **kwargs):
        self.threads.append(threading.current_thread())
        self.started.set()
        self.go.wait(WAIT)
        return self.read(*args, **kwargs)


async def test_the_team_screen_reads_the_roster_off_the_main_thread_and_typing_goes_on(tmp_path):
    people = roster_team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        held = Held(ana.store.roster)
        ana.store.roster = held  # type: ignore[method-assign]
        try:
            await pilot.press("f6")
            await eventually(pilot, lambda: isinstance(app.screen, TeamScreen) and held.started.is_set())
            screen = app.screen
            screen.query_one("#invite-user", Input).focus()
            await pilot.press(*"cleo")
            assert screen.query_one("#invite-user", Input).value == "cleo"  # every key landed while it read
            assert "Reading" in str(screen.query_one("#team-roster", Static).render())
        finally:
            held.go.set()
        await eventually(pilot, lambda: "ben" in str(screen.query_one("#team-roster", Static).render()))
        assert threading.main_thread() not in held.threads
        assert screen.query_one("#invite-user", Input).value == "cleo"


async def test_a_roster_read_for_a_closed_team_screen_is_dropped(tmp_path):
    people = roster_team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        held = Held(ana.store.roster)
        ana.store.roster = held  # type: ignore[method-assign]
        await pilot.press("f6")
        await eventually(pilot, lambda: held.started.is_set())
        screen = app.screen
        await pilot.press("escape")
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
        held.go.set()
        await settle(pilot)
        assert not screen.post_message(RosterRead(["late"], True, []))
        assert not screen.post_message(RosterWritten("", "late"))
        assert isinstance(app.screen, QueuesScreen) and app.is_running


async def test_checklists_read_for_a_closed_new_handoff_dialog_are_dropped(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        held = Held(maya.catalog)
        maya.catalog = held  # type: ignore[method-assign]
        await pilot.press("n")
        await eventually(pilot, lambda: isinstance(app.screen, NewHandoffScreen) and held.started.is_set())
        dialog = app.screen
        await pilot.press("escape")
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
        held.go.set()
        await settle(pilot)
        assert not dialog.post_message(ChecklistsRead([], {}))
        assert not dialog.post_message(RoutePreviewed("late"))
        assert isinstance(app.screen, QueuesScreen) and app.is_running


async def test_sync_news_for_a_closed_sync_screen_is_dropped_and_the_queue_hears_it(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await eventually(pilot, lambda: isinstance(app.screen, SyncScreen))
        sync_screen = app.screen
        await pilot.press("escape")
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
        await settle(pilot)
        assert not sync_screen.post_message(SyncStatusChanged(None, "late"))
        app.sync_status = "sync: a status the queue must show"
        app.show_sync_on_screens(None)
        status = app.screen.query_one("#sync-status", Static)
        await eventually(pilot, lambda: "the queue must show" in str(status.render()))
