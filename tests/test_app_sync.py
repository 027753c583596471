"""Live sync in the app: a teammate's segment shows up by itself; the sync screen says which file and why."""

from __future__ import annotations

import random

from test_app_support import FrozenClock, eventually, said, settle, team

from baton.core.demo import fill
from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync.run import sync_once
from baton.sync.watch import watch
from baton.tui.app import BatonApp
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.sync import SyncScreen
from baton.tui.widgets.queue_table import QueueTable

SIZE = (120, 40)


def titles(table: QueueTable) -> list[str]:
    return [row["title"] for row in (table.row(i) for i in range(table.total or 0)) if row]


def pair(tmp_path) -> tuple[Replica, Replica]:
    shared = tmp_path / "shared"
    shared.mkdir()
    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London", sync_dir=str(shared))
    ben = Replica.init(Home(tmp_path / "ben"), "ben", tz="America/New_York", sync_dir=str(shared))
    return maya, ben


def sent_by(ben: Replica, title: str) -> str:
    handoff = ben.create("sales-to-onboarding", title, "maya")
    fill(ben, handoff, ben.state(handoff).template, random.Random(1))
    ben.send(handoff)
    return handoff


async def test_a_teammates_segment_shows_up_without_a_key_press(tmp_path):
    maya, ben = pair(tmp_path)
    app = BatonApp(maya, maya.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        await eventually(pilot, lambda: app.last_sync is not None)
        assert table.total == 0
        first = sent_by(ben, "Kestrel Foods pilot")
        assert not sync_once(ben).problems  # the segment lands in the shared folder
        await eventually(pilot, lambda: titles(table) == ["Kestrel Foods pilot"])
        # The table can refresh (the database changed) before the sync's own report lands.
        await eventually(pilot, lambda: "teammates seen: ben" in str(app.screen.query_one("#sync-status").render()))

        # An open handoff follows the teammate's changes too: Ben comments, Maya's screen shows it.
        app.open_handoff(first)
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)
        ben.comment(first, "The order form is in the CRM")
        sync_once(ben)
        await eventually(
            pilot, lambda: "order form is in the CRM" in str(app.screen.query_one("#comment-list").render())
        )

        # Maya's own change goes out by itself: the watcher sees her database change.
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#accept")
        await settle(pilot)
        assert maya.store.handoff_row(first)["status"] == "accepted"

        def ben_sees_it() -> bool:
            sync_once(ben)
            return ben.store.handoff_row(first)["status"] == "accepted"

        await eventually(pilot, ben_sees_it)
    assert app.stop_watching.is_set()
    maya.close()
    ben.close()


async def test_the_sync_screen_lists_problems_and_warnings(tmp_path):
    maya, ben = pair(tmp_path)
    sent_by(ben, "Orchid Bank escalation")
    sync_once(ben)
    # A segment that is garbage, in Ben's folder: reported with its file and reason, never imported.
    folder = next((tmp_path / "shared" / "baton" / "v1" / "replicas").iterdir())
    (folder / "000099-deadbeef.jsonl").write_text("this is not json\n", encoding="utf-8")
    app = BatonApp(maya, maya.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await eventually(
            pilot,
            lambda: app.last_sync is not None and app.last_sync.report is not None and app.last_sync.report.problems,
        )
        await pilot.pause()
        status = str(app.screen.query_one("#sync-status").render())
        assert "1 problem" in status and "F5" in status
        assert any("000099-deadbeef.jsonl" in n.message for n in said(app))
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        problems = str(app.screen.query_one("#sync-problems").render())
        assert "000099-deadbeef.jsonl" in problems
        people = str(app.screen.query_one("#sync-people").render())
        assert "ben" in people and "America/New_York" in people
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SyncScreen)
    maya.close()
    ben.close()


async def test_no_shared_folder_is_said_plainly(tmp_path):
    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London")
    app = BatonApp(maya, maya.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "no shared folder set" in str(app.screen.query_one("#sync-status").render())
        told = [n.message for n in said(app) if "shared folder" in n.message]
        assert len(told) == 1 and "F5, then f" in told[0]  # once, with the way to set one
        await pilot.press("f5")
        await settle(pilot)
        summary = str(app.screen.query_one("#sync-summary").render())
        assert "none set" in summary and "Watching" not in summary
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert len([n for n in said(app) if "shared folder" in n.message]) == 1
    maya.close()


async def test_the_sync_screen_names_a_device_that_is_not_on_the_team(tmp_path):
    from click.testing import CliRunner

    from baton.tui.cli import cli

    shared = tmp_path / "shared"
    shared.mkdir()

    def baton(user: str, *args: object) -> None:
        result = CliRunner().invoke(cli, [str(a) for a in args], env={"BATON_HOME": str(tmp_path / user)})
        assert result.exit_code == 0, result.output

    baton("ana", "init", "--user", "ana", "--role", "lead", "--sync-dir", shared)
    baton("cleo", "init", "--user", "cleo", "--sync-dir", shared)
    baton("cleo", "sync")
    ana = Replica.open(Home(tmp_path / "ana"))
    app = BatonApp(ana, ana.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await eventually(pilot, lambda: isinstance(app.screen, SyncScreen))
        people = app.screen.query_one("#sync-people")
        await eventually(pilot, lambda: "cleo" in str(people.render()))
        assert "cleo, not on the team" in str(people.render())
        assert "1 device not on the team" in str(people.render())
        assert "0 devices" not in str(people.render())
    ana.close()


async def test_teammates_without_a_folder_are_not_said_to_have_no_device(tmp_path):
    """With no shared folder nobody's folder is read: "0 devices" beside "last seen" would contradict itself."""
    maya, ben = team(tmp_path, FrozenClock())
    app = BatonApp(maya, maya.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await eventually(pilot, lambda: isinstance(app.screen, SyncScreen))
        people = app.screen.query_one("#sync-people")
        await eventually(pilot, lambda: "Ben Carter" in str(people.render()))
        assert "device" not in str(people.render())
    maya.close()


async def test_repeated_sync_problems_are_told_once_in_one_toast(tmp_path):
    """Four problems stacked four toasts over half the screen at every launch, and again on later passes."""
    from baton.sync.report import SyncReport
    from baton.tui.messages import Synced

    def pass_with(files: list[str]) -> Synced:
        report = SyncReport()
        for name in files:
            report.problem(f"/shared/{name}", "not a segment")
        return Synced(0, report)

    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London")
    app = BatonApp(maya, maya.home)
    files = [f"00000{i}-bad.jsonl" for i in range(4)]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = len(said(app))
        for seen in (files, files[:2], files, files):  # a pass may see only some of them
            app.post_message(pass_with(seen))
            await settle(pilot)
        told = said(app)[before:]
        assert [n.message for n in told] == ["4 problems"] and "F5" in told[0].title
        app.post_message(pass_with([]))  # all clear, then a new problem: told again
        app.post_message(pass_with(files[:1]))
        await settle(pilot)
        assert [n.message for n in said(app)[before:]][1:] == ["000000-bad.jsonl: not a segment"]
    maya.close()


async def test_the_status_line_at_80_columns_keeps_the_trouble_and_ends_in_an_ellipsis(tmp_path):
    """ "⚠ 4 problems (F5 for" was cut at the edge: the trouble now comes first, and what does not fit ends in "…"."""
    from baton.sync.report import SyncReport
    from baton.tui.messages import Synced

    report = SyncReport()
    seen = "teammates seen: alexandra, benedict, cornelia, dimitri, evangeline, fitzgerald"
    for i in range(4):
        report.problem(f"/shared/00000{i}-bad.jsonl", "not a segment")
    maya = Replica.init(Home(tmp_path / "maya"), "maya", tz="Europe/London")
    app = BatonApp(maya, maya.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.post_message(Synced(0, report, seen=seen))
        await settle(pilot)
        line = app.screen.query_one("#sync-status")
        shown = "".join(segment.text for segment in line.render_line(0)).strip()
        assert shown.startswith("⚠ 4 problems (F5)") and shown.endswith("…")
    maya.close()


async def test_a_quiet_pass_says_up_to_date_beside_what_went_before(tmp_path):
    maya, ben = pair(tmp_path)
    sent_by(ben, "Orchid Bank escalation")
    sync_once(ben)
    app = BatonApp(maya, maya.home, sync=sync_once, watch=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await eventually(pilot, lambda: app.last_sync is not None and app.last_sync.report is not None)
        await pilot.press("f5")
        await settle(pilot)
        summary = str(app.screen.query_one("#sync-summary").render())
        assert "events in from 1 segment" in summary and "up to date" not in summary
        first = app.last_sync
        await pilot.press("s")
        await eventually(pilot, lambda: app.last_sync is not first)
        await settle(pilot)
        summary = str(app.screen.query_one("#sync-summary").render())
        # not "0 events out, 0 in" above "Since baton opened: … in": that read as if nothing had ever moved
        [last] = [line for line in summary.splitlines() if line.startswith("Last sync")]
        assert last.endswith(": up to date, nothing new to send or take in") and "0 events" not in last
        assert "Since baton opened: 0 events out, 13 events in." in summary
    maya.close()
    ben.close()
