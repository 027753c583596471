"""What the command line does for a handoff, the app does too: undo (and recall), cancel and reopen,
the brief saved to a file, the export, the shared folder set; and the dialogs never accept on a bare
Enter or drop a typed reason without asking."""

from __future__ import annotations

import json
import re

from test_app_support import FrozenClock, eventually, settle, status_of, team
from textual.widgets import Input, OptionList, TabbedContent, TextArea

from baton.core.config import load_config
from baton.core.home import Home
from baton.sync.run import sync_once
from baton.tui.app import BatonApp
from baton.tui.screens.answer import AnswerScreen
from baton.tui.screens.brief import BriefScreen
from baton.tui.screens.cancel import CancelScreen
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.reassign import ReassignScreen

SIZE = (80, 24)
KIT_DONE = {
    "signed": True,
    "summary": "Forty seats, annual",
    "start": "2025-12-01",
    "crm": "https://crm.example.com/d/42",
    "seats": 40,
    "plan": "growth",
}


def world(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    for item, value in KIT_DONE.items():
        maya.set_item(handoff, item, value)
    return clock, maya, ben, handoff


async def opened(pilot, app, handoff: str) -> HandoffScreen:
    await settle(pilot)
    app.open_handoff(handoff)
    await settle(pilot)
    assert isinstance(app.screen, HandoffScreen)
    return app.screen


async def test_undo_recalls_a_send_and_takes_back_a_value(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status_of(maya, handoff) == "sent"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status_of(maya, handoff) == "draft"  # recalled
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "plan" not in maya.state(handoff).values  # the last value I set is back to empty


async def test_cancel_asks_for_a_reason_and_undo_reopens(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert isinstance(app.screen, CancelScreen)
        assert app.screen.query_one("#reason", TextArea).has_focus
        await pilot.press(*"The client chose a competitor")
        await pilot.press("escape")  # a typed reason is not dropped without asking
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")  # the safe answer: keep editing
        await settle(pilot)
        assert isinstance(app.screen, CancelScreen)
        await pilot.click("#confirm")
        await settle(pilot)
        assert status_of(maya, handoff) == "cancelled"
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status_of(maya, handoff) == "draft"


async def test_enter_alone_never_accepts(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    maya.send(handoff)
    app = BatonApp(ben, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, AnswerScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert status_of(ben, handoff) == "sent"
        assert app.screen.query_one("#reason", TextArea).has_focus


async def test_the_brief_is_shown_and_saved(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    target = tmp_path / "out" / "acme-brief.md"
    target.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        assert "Acme - 40 seats" in app.screen.text
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#save")
        await eventually(pilot, target.exists)
        await settle(pilot)
        assert target.read_text(encoding="utf-8").startswith("# Handoff brief: Acme - 40 seats")
        assert isinstance(app.screen, HandoffScreen)


async def test_export_writes_json_for_a_json_name(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    target = tmp_path / "handoffs.json"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#export")
        await eventually(pilot, target.exists)
        await settle(pilot)
    [row] = json.loads(target.read_text(encoding="utf-8"))
    assert row["id"] == handoff and row["title"] == "Acme - 40 seats"


async def test_the_shared_folder_is_set_from_the_app_and_sync_starts(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    folder = tmp_path / "shared"
    folder.mkdir()
    app = BatonApp(maya, Home(tmp_path), sync=sync_once, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "no shared folder" in app.sync_status
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#folder", Input).value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        assert load_config(Home(tmp_path)).sync_dir == str(folder)
        await eventually(pilot, lambda: app.last_sync is not None and app.last_sync.report is not None)
        assert "last sync" in app.sync_status
    assert any(folder.rglob("*.jsonl"))  # our events went out to the folder


async def test_a_folder_holding_the_database_is_refused_in_the_dialog(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), sync=sync_once, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_set_folder()
        await settle(pilot)
        app.screen.query_one("#folder", Input).value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)
        assert "contains baton's own database" in str(app.screen.query_one(".error").render())
    assert load_config(Home(tmp_path)).sync_dir is None


async def test_a_lead_waives_by_picking_the_item_inside_the_dialog(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second required item, then on to the reason
        await pilot.press(*"Client signs on paper next week")
        await pilot.press("enter")
        await settle(pilot)
    assert "summary" in maya.state(handoff).waivers


async def test_the_palette_names_each_command_once(tmp_path):
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        for where in ("queues", "handoff"):
            if where == "handoff":
                await opened(pilot, app, handoff)
            await settle(pilot)
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert len(titles) == len(set(titles)), titles
            assert titles.count("Help") == 1 and titles.count("Quit") == 1
            assert not {"Down", "First", "Copy selected text", "Dashboard", "Export", "New"} & set(titles), titles
            helps = " ".join(c.help for c in app.get_system_commands(app.screen))
            assert "(key: slash)" not in helps and "(key: ctrl+" not in helps, helps  # keys as people read them
            assert "^" not in helps, helps  # Ctrl+B, as the help and the footer say it, not Textual's ^b
            for command in app.get_system_commands(app.screen):  # one form for a key, whichever command
                assert not re.search(r"\((F\d|Ctrl\+|\?\))", command.help), command.help
                assert command.help != command.title and not command.help.startswith(f"{command.title} ("), command
        assert "Brief" in titles and "Send" in titles, titles  # the handoff screen's own keys are there


async def test_f2_f3_f4_switch_tabs_from_any_tab(tmp_path):
    """From the comments tab, F4 and F2 used to do nothing: the comment box, hidden, pulled its tab back."""
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot, app, handoff)
        tabs = screen.query_one(TabbedContent)
        for key, pane in (("f3", "comments"), ("f4", "history"), ("f3", "comments"), ("f2", "checklist")):
            await pilot.press(key)
            await settle(pilot)
            assert tabs.active == pane, (key, tabs.active)
            assert app.focused is not None and pane in [a.id for a in app.focused.ancestors_with_self]


async def test_reassign_offers_only_who_can_take_the_next_step(tmp_path):
    """The receiver of a draft was offered, then refused by core: the dialog offers only whom core would accept."""
    clock, maya, ben, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, ReassignScreen)
        options = app.screen.query_one("#to", OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == ["priya"]
        await pilot.press("enter", "enter")  # pick, then the Reassign button
        await settle(pilot)
        assert maya.state(handoff).next_actor == "priya"
