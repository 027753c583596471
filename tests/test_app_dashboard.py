"""The lead dashboard: opened by key and from the command palette, it shows the same
figures as `baton report`, read in a worker; and how it looks (snapshot).
"""

from __future__ import annotations

import sqlite3
from functools import partial

import pytest
from test_app_support import FrozenClock, counting_ids, kit_handoff, settle, team
from textual.widgets import DataTable, Sparkline, Static

from baton.core.home import Home
from baton.core.metrics import report
from baton.tui.app import BatonApp
from baton.tui.screens.dashboard import DashboardScreen, bar
from baton.tui.widgets.queue_table import QueueTable

SIZE = (120, 48)


@pytest.fixture
def world(tmp_path, monkeypatch):
    """Maya (a lead) and Ben: a late return, an accept, an overdue send, a send to someone
    nobody knows, and a blocked draft."""
    counting_ids(monkeypatch)
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=True)

    filled = partial(kit_handoff, clock=clock, hours=2)

    first = filled(maya, "Lumen Retail - inbound demo", "ben")
    maya.send(first)
    clock.advance(hours=30)
    ben.return_(first, "No budget owner named: who signs the order?")
    maya.send(first)
    clock.advance(hours=3)
    ben.accept(first)
    overdue = filled(ben, "Orchid Bank - SSO login loop", "maya")
    ben.send(overdue)
    clock.advance(hours=40)
    nobody = filled(maya, "Quartz Labs - support handover", "zoe")
    maya.send(nobody)
    draft = filled(maya, "Birch Partners - renewal", "ben", skip=("crm", "seats"))
    try:
        maya.send(draft)
    except Exception:
        pass
    clock.advance(hours=1)
    return {"clock": clock, "maya": maya, "home": Home(tmp_path)}


async def open_dashboard(pilot) -> DashboardScreen:
    await settle(pilot)
    await pilot.press("ctrl+d")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DashboardScreen)
    return pilot.app.screen


async def test_dashboard_shows_the_report_figures(world):
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        conn = sqlite3.connect(world["maya"].store.path)
        expected = report(conn, world["clock"]())
        conn.close()
        assert screen.query_one("#returns-spark", Sparkline).data == expected.returns_by_week
        assert sum(expected.returns_by_week) == 1
        headline = str(screen.query_one("#headline", Static).render())
        assert "Bounce-backs" in headline and "1 of 2 answers" in headline
        people = screen.query_one("#people", DataTable)
        assert [str(people.get_row_at(i)[0]) for i in range(people.row_count)] == [f.key for f in expected.people]
        transitions = screen.query_one("#transitions", DataTable)
        assert str(transitions.get_row_at(0)[0]) == "everyone" and str(transitions.get_row_at(0)[1]) == "3"
        breaches = str(screen.query_one("#breaches", Static).render())
        assert "ben" in breaches and "maya" in breaches
        owners = str(screen.query_one("#owners", Static).render())
        assert "zoe is unknown to the team" in owners
        items = str(screen.query_one("#items", Static).render())
        assert "Link to the deal in the CRM" in items and "Seats sold" in items  # items by their text
        assert "kit/" not in items
        people.focus()
        await pilot.press("down", "enter")  # the second person's row: the handoffs waiting on them
        await settle(pilot)
        behind = app.screen.query_one(QueueTable)
        second = expected.people[1].key
        assert behind.queue.waiting_on == second and behind.queue.scope == "team"
        assert behind.total == expected.people[1].open_total
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DashboardScreen)


async def test_dashboard_from_the_command_palette(world):
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Lead dashboard")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


def test_bar_widths():
    assert bar(0.0, 4) == "····" and bar(1.0, 4) == "████" and bar(None, 3) == "   "
    assert bar(0.5, 4) == "██··" and len(bar(0.33, 10)) == 10


def test_dashboard_snapshot(world, snap_compare):
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])

    async def run_before(pilot):
        await open_dashboard(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


async def test_dashboard_at_80_columns_shows_every_count(world):
    """Narrow terminals drop the bars, not the figures: every column of both tables fits on screen."""
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(pilot)
        conn = sqlite3.connect(world["maya"].store.path)
        expected = report(conn, world["clock"]())
        conn.close()
        for table_id, first in (("#transitions", "Transition"), ("#people", "Person")):
            table = screen.query_one(table_id, DataTable)
            heads = [str(c.label) for c in table.columns.values()]
            assert heads == [first, "open", "<1d", "1–3d", ">3d", "returns", "breaches"]
            assert table.virtual_size.width <= table.scrollable_content_region.width
        everyone = [str(c) for c in screen.query_one("#transitions", DataTable).get_row_at(0)]
        t = expected.total
        assert everyone == ["everyone", str(t.open_total), *map(str, t.aging), f"{t.return_rate:.0%}", str(t.breaches)]
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        wide = [str(c.label) for c in screen.query_one("#people", DataTable).columns.values()]
        assert "create → send" in wide and "send → answer" in wide


def test_dashboard_snapshot_80x24(world, snap_compare):
    """The tables at 80 columns, scrolled into view."""
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])

    async def run_before(pilot):
        screen = await open_dashboard(pilot)
        screen.query_one("#transitions", DataTable).scroll_visible(animate=False, top=True)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_down_and_enter_work_as_soon_as_the_dashboard_opens(world):
    """The first table has the focus once the figures show; keys typed while they are read wait for them."""
    from textual import events

    app = BatonApp(world["maya"], world["home"], clock=world["clock"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("ctrl+d", "down", "enter"):  # all at once, as typed ahead of the figures
            app.post_message(events.Key(key, "\r" if key == "enter" else None))
        await settle(pilot)
        behind = app.screen.query_one(QueueTable)  # the second row of "By transition": its handoffs
        assert behind.queue.scope == "team" and behind.queue.transition


async def test_a_transition_row_lists_its_handoffs(world):
    """Enter on a "From → To" row opens the open handoffs on that transition, not an empty list."""
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot)
        transitions = screen.query_one("#transitions", DataTable)
        row = next(r for r in screen.report.transitions if r.open_total)
        transitions.focus()
        transitions.move_cursor(row=1 + screen.report.transitions.index(row))
        await pilot.press("enter")
        await settle(pilot)
        behind = app.screen.query_one(QueueTable)
        assert behind.total == row.open_total > 0
        # the line over the rows says the list is one row of the dashboard: the tabs' counts are everyone's
        view = app.screen.query_one("#view-line", Static)
        assert str(view.render()).startswith(f"only {row.key.replace('->', ' → ')} · open handoffs")


async def test_the_headline_keeps_each_figure_whole_at_80_columns(world):
    app = BatonApp(world["maya"], world["home"], clock=world["clock"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dashboard(pilot)
        headline = screen.query_one("#headline", Static)
        lines = [headline.render_line(y).text.strip() for y in range(headline.size.height)]
        for figure in (
            "(1 of 2 answers)",
            "Windows missed 2 (1 still waiting)",
            "Open 3 (1 draft, 2 sent, 0 returned)",
        ):
            assert any(figure in line for line in lines), (figure, lines)
