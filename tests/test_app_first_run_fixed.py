"""The first-run screen's error line says only the current problem: fixing the field it is about clears it."""

from __future__ import annotations

from test_app_first_run_folder import SIZE, error_text
from test_app_support import FrozenClock, settle
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp


async def refused_zone(pilot):
    """The first-run screen after Create with a misspelt zone: its refusal shown."""
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#user", Input).value = "priya"
    screen.query_one("#tz", Input).value = "America/Chicagoo"
    screen.query_one("#create").focus()
    await pilot.press("enter")
    await settle(pilot)
    return screen


async def test_a_time_zone_fixed_after_its_refusal_no_longer_shows_the_refusal(tmp_path):
    app = BatonApp(None, Home(tmp_path / "home"), clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await refused_zone(pilot)
        assert "unknown time zone 'America/Chicagoo'" in error_text(app)
        assert app.focused is screen.query_one("#tz", Input)
        await pilot.press("end", "backspace", "enter")  # America/Chicago, and on to the next field
        await settle(pilot)
        assert screen.query_one("#tz", Input).value == "America/Chicago"
        assert "Chicagoo" not in error_text(app)


async def test_changing_another_field_keeps_the_refusal_of_the_one_still_wrong(tmp_path):
    app = BatonApp(None, Home(tmp_path / "home"), clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await refused_zone(pilot)
        screen.query_one("#name", Input).focus()
        await pilot.press(*"Priya")
        await settle(pilot)
        assert "unknown time zone 'America/Chicagoo'" in error_text(app)
