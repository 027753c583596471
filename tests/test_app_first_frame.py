"""The app's first frame: the queue is drawn from the database file, and the replica opens after it.

`baton` opens on the queue before it loads the replica (the store, the rules, the
projection), the sync layer or pydantic; the collector pauses until that first
frame. Then the replica opens in a thread, and everything works as before: a home
without its database, or with a file that is no database, is handled up front as
it always was, and a replica that cannot open closes the app with its reason.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading

from click.testing import CliRunner
from test_app_support import FrozenClock, eventually, settle, team
from textual.widgets import Input, OptionList, Select

from baton.core import queues
from baton.core.errors import BatonError
from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.cli import cli
from baton.tui.launch import build_app
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.queues import QueuesScreen
from baton.tui.widgets.held_place import HeldPlace
from baton.tui.widgets.queue_table import QueueTable

SIZE = (120, 40)

FIRST_FRAME = """
import gc, json, sys
from pathlib import Path
from baton.core.home import Home
from baton.tui.launch import build_app

app = build_app(Home(Path(sys.argv[1])))
app.sync = app.watcher = None
seen = {"replica_before_run": app._replica is not None}
shown = type(app).on_queue_table_shown

def on_shown(self):
    if "loaded" not in seen:
        seen["loaded"] = sorted(m for m in list(sys.modules) if m.startswith(("baton.", "pydantic")))
        seen["collector_paused"] = not gc.isenabled()
    shown(self)
    self.set_interval(0.05, lambda: self._replica is not None and self.exit())

type(app).on_queue_table_shown = on_shown
app.run(headless=True, size=(100, 30))
seen["opened_after"] = app._replica is not None
seen["collector_after"] = gc.isenabled()
seen["frozen_after"] = gc.get_freeze_count()
print(json.dumps(seen))
"""


def test_the_queue_is_drawn_before_the_replica_loads(tmp_path):
    """In a fresh interpreter, as `baton` starts: at the first frame nothing of the replica is loaded."""
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    ben.create("kit", "Acme rollout", "maya")
    maya.close()
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["replica_before_run"] is False
    loaded = set(seen["loaded"])
    assert "baton.tui.screens.queues" in loaded  # the probe saw the queue screen's modules: it can fail
    for heavy in ("baton.core.replica", "baton.core.store", "baton.core.projection", "baton.core.rules"):
        assert heavy not in loaded, heavy
    assert not any(m == "pydantic" or m.startswith("baton.sync") for m in loaded)
    assert seen["collector_paused"] is True
    assert seen["opened_after"] is True  # the replica opened once the queue showed
    assert seen["collector_after"] is True and seen["frozen_after"] == 0


async def test_the_app_started_from_the_home_works_as_with_an_open_replica(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    maya.create("kit", "Birch renewal", "ben")
    maya.close()
    app = build_app(Home(tmp_path))
    assert app._replica is None and app.has_replica
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await eventually(pilot, lambda: app._replica is not None)
        screen = app.screen
        assert isinstance(screen, QueuesScreen)
        table = screen.query_one(QueueTable)
        assert table.queue.scope == "outbox"  # her draft waits on her, as with an open replica
        assert [table.row(i)["title"] for i in range(table.total or 0)] == ["Birch renewal"]
        stages = screen.query_one("#stage", Select).query_one(OptionList)  # the filter's drop-down
        await eventually(pilot, lambda: stages.option_count > 1)
        listed = {str(stages.get_option_at_index(i).prompt) for i in range(stages.option_count)}
        assert {"Any stage", "sales", "onboarding"} <= listed
        assert screen.sub_title == "Maya Okafor · Europe/London"
        await pilot.press("enter")
        await settle(pilot)
        await eventually(pilot, lambda: isinstance(app.screen, HandoffScreen))
    app.close_replica()
    assert gc.isenabled() and gc.get_freeze_count() == 0


async def test_a_home_without_its_database_opens_the_replica_first(tmp_path):
    """The store makes the database when it opens: the app opens it before the queue reads it, as before."""
    maya, _ = team(tmp_path, FrozenClock())
    maya.close()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"baton.db{suffix}").unlink(missing_ok=True)
    app = build_app(Home(tmp_path))
    assert app._replica is not None
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert table.total == 0
    app.close_replica()


def test_a_file_that_is_no_database_is_one_line_before_the_app_opens(tmp_path, monkeypatch):
    maya, _ = team(tmp_path, FrozenClock())
    maya.close()
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"baton.db{suffix}").unlink(missing_ok=True)
    (tmp_path / "baton.db").write_bytes(b"not a database at all, just some bytes " * 100)
    monkeypatch.setenv("BATON_HOME", str(tmp_path))
    monkeypatch.setattr("baton.tui.hangup.terminal_problem", lambda: None)  # as in a terminal
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 1
    assert "is damaged or not baton's" in result.output and "baton sync" in result.output
    assert "Traceback" not in result.output


async def test_a_replica_that_cannot_open_closes_the_app_with_its_reason(tmp_path, monkeypatch):
    maya, _ = team(tmp_path, FrozenClock())
    maya.close()

    def cannot_open(cls, home=None, wall=None):
        raise BatonError(f"{tmp_path / 'baton.db'} is not a usable baton database: disk I/O error")

    app = build_app(Home(tmp_path))
    monkeypatch.setattr("baton.core.replica.Replica.open", classmethod(cannot_open))
    async with app.run_test(size=SIZE) as pilot:
        await eventually(pilot, lambda: app.open_error is not None)
    assert "disk I/O error" in str(app.open_error)
    assert app.return_code == 1


async def test_started_from_the_home_without_a_folder_it_says_so_once_on_the_first_frame(tmp_path):
    """The status line needs no replica: it is there before it opens; the one notification (this home's first
    start without a folder) comes once it is open, which knows whether the home was told before."""
    from test_app_support import said

    maya, _ = team(tmp_path, FrozenClock())
    maya.close()
    app = build_app(Home(tmp_path))
    assert app.sync is not None and app.watcher is not None  # what `baton` passes
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "no shared folder set" in str(app.screen.query_one("#sync-status").render())
        await settle(pilot)
        await eventually(pilot, lambda: app._replica is not None)
        await settle(pilot)
        assert "no shared folder set" in str(app.screen.query_one("#sync-status").render())
        assert len([n for n in said(app) if "shared folder" in n.message]) == 1
    app.close_replica()


async def test_keys_typed_before_the_whole_screen_is_there_are_handled_once_it_is(tmp_path, monkeypatch):
    """The first frame is the queue, with places held for the header, tabs, filters and footer. Keys typed before
    those arrive wait for them and are then handled in order: `/` focuses the filter field, and the letters after
    it filter the queue instead of reaching it (`a` and `r` there would show closed handoffs and read it again)."""
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    for title in ("Acme rollout", "Birch renewal", "Cedar pilot"):
        maya.create("kit", title, "ben")
        clock.advance(hours=1)
    monkeypatch.setattr("baton.tui.first_frame.LATEST_SECONDS", 600)  # only the queue's rows end the first frame
    reading = threading.Event()  # the queue is read once the test has typed

    def when_let(read):
        def wait_then_read(*args, **kwargs):
            reading.wait(60)
            return read(*args, **kwargs)

        return wait_then_read

    for name in ("count", "page"):
        monkeypatch.setattr(f"baton.core.queues.{name}", when_let(getattr(queues, name)))
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QueuesScreen)
            assert len(screen.query(HeldPlace)) == 4 and not screen.query("#search")
            await pilot.press("slash", *"cedar")
            assert not screen.query("#search")  # the rows are not drawn yet: the keys wait
            reading.set()
            await settle(pilot)
            await eventually(pilot, lambda: app._held_keys is None)
            await settle(pilot)
            assert not screen.query(HeldPlace)
            search = screen.query_one("#search", Input)
            assert search.value == "cedar" and search.has_focus
            table = screen.query_one(QueueTable)
            assert table.queue.search == "cedar" and table.queue.open_only
            assert [table.row(i)["title"] for i in range(table.total or 0)] == ["Cedar pilot"]
    finally:
        reading.set()


async def test_the_home_queue_read_as_baton_starts_is_on_the_first_drawing(tmp_path, monkeypatch):
    """`baton` reads the home queue's count and first page before Textual runs: the table has them when it is
    first drawn, without reading them again; another tab is read by the table itself."""
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    done = {"signed": True, "summary": "Forty seats", "start": "2025-12-01", "crm": "https://crm.example.com/1"}
    for title in ("Acme rollout", "Birch renewal"):
        handoff = ben.create("kit", title, "maya")
        for item, value in {**done, "seats": 40, "plan": "growth"}.items():
            ben.set_item(handoff, item, value)
        ben.send(handoff)  # sent to Maya: her Inbox
        clock.advance(hours=1)
    maya.close()
    app = build_app(Home(tmp_path))
    assert app.first_read is not None
    total, rows = app.first_read.read
    assert total == 2 and [r["title"] for r in rows] == ["Birch renewal", "Acme rollout"]
    reads = []
    page = queues.page
    monkeypatch.setattr("baton.core.queues.page", lambda *args, **kwargs: reads.append(args) or page(*args, **kwargs))
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(QueueTable)
        assert app.first_read is None and table.total == 2  # taken by the table as it mounted
        assert [table.row(i)["title"] for i in range(2)] == ["Birch renewal", "Acme rollout"]
        await settle(pilot)
        assert reads == []  # nothing read again
        await pilot.press("right", "right")  # Team: read by the table
        await settle(pilot)
        assert table.queue.scope == "team" and table.total == 2 and reads
        await eventually(pilot, lambda: app._replica is not None)
    app.close_replica()
