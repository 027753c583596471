"""How every screen looks at 80x24 and at 120x40, on a frozen clock, over a deterministic database.

Each baseline was looked at before it was committed: nothing cut off, every control reachable.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_support import FrozenClock, counting_ids, eventually, settle, team
from textual.widgets import Input, TextArea

from baton.core.home import Home
from baton.tui.app import BatonApp

SIZES = [(80, 24), (120, 40)]
"""Every screen at the smallest terminal we promise to fit, and at a common one."""
KIT_DONE = {
    "signed": True,
    "summary": "Forty seats, annual, invoiced quarterly",
    "start": "2025-12-01",
    "crm": "https://crm.example.com/deals/42",
    "seats": 40,
    "plan": "growth",
}


@pytest.fixture
def world(tmp_path, monkeypatch):
    """Maya and Ben with handoffs in every state, written at known times."""
    counting_ids(monkeypatch)
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock)

    def filled(by, title, to, skip=(), **extra):
        handoff = by.create("kit", title, to, extra.get("due"))
        for item, value in KIT_DONE.items():
            if item not in skip:
                by.set_item(handoff, item, value)
        clock.advance(hours=1)
        return handoff

    accepted = filled(ben, "Northwind Logistics - 40 seats", "maya", due="2025-12-01")
    ben.send(accepted)
    maya.accept(accepted)
    clock.advance(hours=20)
    returned = filled(maya, "Lumen Retail - inbound demo", "ben")
    maya.send(returned)
    ben.return_(returned, "No budget owner named: who signs the order?")
    clock.advance(hours=30)
    overdue = filled(ben, "Orchid Bank - SSO login loop", "maya")
    ben.send(overdue)
    clock.advance(hours=40)
    fresh = filled(ben, "Kestrel Foods - pilot, 3 sites", "maya", due="2025-11-26")
    ben.send(fresh)
    draft = filled(maya, "Birch Partners - renewal", "ben", skip=("start", "crm", "seats"), due="2025-11-28")
    maya.set_item(draft, "seats", 4000)
    maya.comment(draft, "Waiting on the signed order form before I send this.")
    clock.advance(hours=2)
    return {"clock": clock, "maya": maya, "ben": ben, "home": Home(tmp_path), "draft": draft, "fresh": fresh}


def app_for(world, replica_name: str = "maya") -> BatonApp:
    return BatonApp(world[replica_name], world["home"], clock=world["clock"])


async def opened(pilot, handoff_id: str) -> None:
    """Open a handoff and wait until its screen shows what it read: on a loaded machine the screen's
    first read can start after a settle that found no worker busy yet."""
    app = pilot.app
    app.open_handoff(handoff_id)
    await eventually(pilot, lambda: getattr(app.screen, "handoff_id", None) == handoff_id and app.screen.state)
    await settle(pilot)


async def quiet(pilot) -> None:
    """Settle, let moving parts land (a tab's underline slides to the tab chosen), drop toasts (tested
    elsewhere, they would cover the screen) and stop cursors blinking."""
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    pilot.app.clear_notifications()
    for screen in pilot.app.screen_stack:
        for box in [*screen.query(Input), *screen.query(TextArea)]:
            box._pause_blink(visible=box.has_focus)  # the cursor shows where focus is, and holds still
            box.refresh()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_queue_home(world, snap_compare, size):
    app = app_for(world)
    assert snap_compare(app, terminal_size=size, run_before=quiet)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_queue_team_tab(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        app.screen.query_one("#scopes").active = "team"
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_handoff_draft_with_blockers(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await opened(pilot, world["draft"])
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_handoff_sent_to_me(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await opened(pilot, world["fresh"])
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_handoff_history_names_items_by_text(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await opened(pilot, world["draft"])
        await settle(pilot)
        await pilot.press("f4")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_answer_dialog_refuses_a_one_word_reason(world, snap_compare, size):
    app = app_for(world)  # Maya receives the Kestrel handoff

    async def run_before(pilot):
        await settle(pilot)
        await opened(pilot, world["fresh"])
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        app.screen.query_one("#reason", TextArea).insert("incomplete")
        await pilot.click("#return")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_unsaved_text_asks_before_leaving(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await opened(pilot, world["draft"])
        await settle(pilot)
        app.screen.query_one("#item-start #input").focus()
        await pilot.press(*"2025-12-0")
        await pilot.press("escape")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_handoff_dialog(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"sales")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_run(snap_compare, size, monkeypatch):
    monkeypatch.setattr("baton.tui.screens.first_run.guess_system_zone", lambda: "Europe/Lisbon")
    app = BatonApp(None, Home(Path("/nonexistent/baton-home")), clock=FrozenClock())
    assert snap_compare(app, terminal_size=size, run_before=quiet)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sync_screen_without_a_folder(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f5")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dashboard(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("ctrl+d")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_brief(world, snap_compare, size):
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await opened(pilot, world["fresh"])
        await settle(pilot)
        await pilot.press("ctrl+b")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_found_the_team_dialog(world, snap_compare, size, tmp_path):
    """A lead's home with a shared folder and no team: the Team screen's `c` says what founding means."""
    maya = world["maya"]
    (tmp_path / "shared").mkdir()
    maya.config = maya.config.with_(role="lead", sync_dir=str(tmp_path / "shared"))
    app = app_for(world)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("c")
        await quiet(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
