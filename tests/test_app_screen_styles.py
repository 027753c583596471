"""A screen's stylesheet styles that screen only, whichever screens were open before it.

Textual adds a screen's CSS_PATH to the whole app's stylesheet the first time the screen
opens. A rule naming only `#body` or `#dialog` then styles every screen with that id: after
the lead dashboard, each handoff opened sat a column to the right (the dashboard's
`#body { padding: 0 1 }`), and after the first-run screen every dialog took its width and
its labels' margins (its `#dialog`, `#dialog Label`, `#create`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_app_support import FrozenClock, eventually, settle, team
from textual.widgets import Input

from baton.core.home import Home
from baton.core.replica import Replica
from baton.tui.app import BatonApp
from baton.tui.screens.dashboard import DashboardScreen
from baton.tui.screens.handoff import HandoffScreen
from baton.tui.screens.new_handoff import NewHandoffScreen
from baton.tui.screens.queues import QueuesScreen

SIZE = (80, 24)
SCREENS = Path(__file__).resolve().parents[1] / "tui" / "screens"
OWNERS = {
    "dashboard.tcss": "DashboardScreen",
    "first_run.tcss": "FirstRunScreen",
    "handoff.tcss": "HandoffScreen",
    "queues.tcss": "QueuesScreen",
}


def selectors(sheet: str) -> list[str]:
    """Every selector of a stylesheet's rules (comments left out)."""
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    heads = re.findall(r"([^{}]+)\{", sheet)
    return [part.strip() for head in heads for part in head.split(",") if part.strip()]


@pytest.mark.parametrize("sheet", sorted(p.name for p in SCREENS.glob("*.tcss")))
def test_every_rule_of_a_screens_stylesheet_names_its_screen(sheet):
    owner = OWNERS[sheet]  # a new stylesheet names its screen here too
    for selector in selectors((SCREENS / sheet).read_text(encoding="utf-8")):
        assert re.match(rf"{owner}\b", selector), f"{sheet}: {selector!r} styles other screens too"


async def handoff_layout(app, pilot, handoff: str) -> tuple:
    app.open_handoff(handoff)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, HandoffScreen)
    layout = tuple(screen.query_one(part).region for part in ("#summary", "#body", "#tabs", "#side"))
    await pilot.press("escape")
    await settle(pilot)
    return layout


async def test_a_handoff_opened_after_the_dashboard_sits_where_it_did_before(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock, lead=True)
    handoff = maya.create("kit", "Acme - 40 seats", "ben")
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = await handoff_layout(app, pilot, handoff)
        app.action_dashboard()
        await eventually(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert await handoff_layout(app, pilot, handoff) == before
        assert before[2].x == 0


async def test_the_new_handoff_dialog_after_first_run_is_the_one_people_get_later(tmp_path):
    async def dialog_layout(app, pilot) -> tuple:
        app.action_new_handoff()
        await eventually(pilot, lambda: isinstance(app.screen, NewHandoffScreen))
        await settle(pilot)
        dialog = app.screen
        return tuple(dialog.query_one(part).region for part in ("#dialog", "#dialog-title", "#title", "#create"))

    home = Home(tmp_path / "fresh")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for field, value in {"user": "priya", "name": "Priya Raman", "tz": "Asia/Singapore"}.items():
            app.screen.query_one(f"#{field}", Input).value = value
        await pilot.click("#create")
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
        await settle(pilot)
        after_first_run = await dialog_layout(app, pilot)
    app = BatonApp(Replica.open(home), home, clock=FrozenClock())  # the same home again: no first run this time
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await dialog_layout(app, pilot) == after_first_run
