"""After a send or a reassignment, the app says whom it now waits for when they cannot answer now
(away today, not on the team), as `baton send` and `baton reassign` do: "sent to ben" alone left the
sender expecting an answer from someone on holiday."""

from __future__ import annotations

from datetime import date

from test_app_support import FrozenClock, kit_handoff, said, settle, team

from baton.core.home import Home
from baton.core.members import add_away
from baton.tui.app import BatonApp
from baton.tui.screens.reassign import ReassignScreen
from baton.tui.words import toast_seconds

SIZE = (80, 24)


def away_today(replica, user: str) -> None:
    add_away(replica.store, user, date(2025, 11, 20), date(2025, 11, 28), "conference")  # the clock: 2025-11-21


def messages(app) -> list[str]:
    return [str(n.message) for n in said(app)]


async def test_a_send_to_someone_away_today_says_so_and_stays_up_longer(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    away_today(maya, "ben")
    handoff = kit_handoff(maya, "Acme - 40 seats", "ben", clock=clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        sent = next(m for m in messages(app) if m.startswith("sent to ben"))
        assert sent.startswith("sent to ben; note: ben is away") and "the handoff waits for them" in sent
        assert toast_seconds(sent) > toast_seconds("sent to ben")


async def test_a_reassignment_to_someone_away_today_says_so(tmp_path):
    clock = FrozenClock()
    maya, ben = team(tmp_path, clock, lead=True)
    away_today(maya, "priya")
    handoff = kit_handoff(ben, "Acme - 40 seats", "maya", clock=clock)
    ben.send(handoff)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ReassignScreen)
        people = dialog.query_one("#to")
        people.highlighted = next(i for i in range(people.option_count) if people.get_option_at_index(i).id == "priya")
        await pilot.click("#reassign")
        await settle(pilot)
        assert any(m.startswith("reassigned to priya; note: priya is away") for m in messages(app)), messages(app)


async def test_a_send_to_someone_at_work_says_only_that_it_was_sent(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path, clock)
    handoff = kit_handoff(maya, "Acme - 40 seats", "ben", clock=clock)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_handoff(handoff)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "sent to ben" in messages(app)
