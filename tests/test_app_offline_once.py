"""A home with no shared folder is told so once, not at every start: the status line keeps it after that.

Someone working offline on purpose read "No shared folder yet" for 8 s every time the app started. The
first start of such a home still says it (a newcomer learns where sync is set); later starts say it only
in the status line, and on the sync screen (F5), where it stays until a folder is set.
"""

from __future__ import annotations

from test_app_support import FrozenClock, eventually, said, settle, team
from textual.widgets import Static

from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.said_once import NO_FOLDER as SAID
from baton.core.said_once import first_time
from baton.sync.run import sync_once
from baton.sync.watch import watch
from baton.tui.app import BatonApp
from baton.tui.app_sync import NO_FOLDER
from baton.tui.launch import build_app
from baton.tui.screens.sync import SyncScreen

SIZE = (80, 24)


def told(app) -> int:
    """How many times this app said there is no shared folder in a toast."""
    return len([n for n in said(app) if n.message == NO_FOLDER])


def status(app) -> str:
    return str(app.screen_stack[1].query_one("#sync-status", Static).render())


def test_a_note_is_news_once_per_home(tmp_path) -> None:
    first, second = (Replica.init(Home(tmp_path / name), name) for name in ("maya", "ben"))
    assert first_time(first.store, SAID) is True
    assert first_time(first.store, SAID) is False
    assert first_time(second.store, SAID) is True  # another home is told on its own
    first.close()
    again = Replica.open(Home(tmp_path / "maya"))
    assert first_time(again.store, SAID) is False  # remembered across starts
    again.close()
    second.close()


async def test_an_offline_home_is_told_once_and_then_only_by_the_status_line(tmp_path) -> None:
    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London")
    for start in ("first", "second", "third"):
        app = BatonApp(maya, maya.home, sync=sync_once, watch=watch)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "no shared folder set yet (F5, then f, sets one)" in status(app)
            assert told(app) == (1 if start == "first" else 0), start
            await pilot.press("f5")
            await settle(pilot)
            assert isinstance(app.screen, SyncScreen)
            summary = str(app.screen.query_one("#sync-summary", Static).render())
            assert "none set yet: press f to set one" in summary  # findable whenever looked for
    maya.close()


async def test_a_home_started_from_its_files_is_told_once_too(tmp_path) -> None:
    """`baton` draws the queue before the replica opens; whether this home was told is read once it is open."""
    maya, _ = team(tmp_path, FrozenClock())
    maya.close()
    for start in ("first", "second"):
        app = build_app(Home(tmp_path))
        async with app.run_test(size=SIZE) as pilot:
            await eventually(pilot, lambda app=app: app._replica is not None)
            await settle(pilot)
            assert "no shared folder set" in str(app.screen.query_one("#sync-status").render())
            assert told(app) == (1 if start == "first" else 0), start
        app.close_replica()
