"""An unknown time zone one slip from a real one is refused naming it: `Europe/Lndon` (did you mean
Europe/London?), `berlin` (Europe/Berlin), `new york` (America/New_York). The refusal gave two example
zones only, and a person had to find how theirs is spelt."""

from __future__ import annotations

import pytest
from conftest import run
from test_app_first_run_folder import error_text, start
from test_app_support import FrozenClock, eventually, settle
from textual.widgets import Input

from baton.core.errors import InvalidValue
from baton.core.home import Home
from baton.core.timezones import zone
from baton.tui.app import BatonApp


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Europe/Lndon", "Europe/London"),
        ("europe/london", "Europe/London"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("America/NewYork", "America/New_York"),
    ],
)
def test_a_near_miss_names_the_zone(typed, meant):
    with pytest.raises(InvalidValue) as refused:
        zone(typed)
    assert str(refused.value) == f"unknown time zone {typed!r} (did you mean {meant}?)"


def test_a_name_close_to_no_zone_gets_the_examples():
    with pytest.raises(InvalidValue, match=r"^unknown time zone 'Mars/Base' \(use a name like Europe/Berlin"):
        zone("Mars/Base")


def test_init_names_the_zone_and_creates_nothing(tmp_path):
    result = run("init", "--user", "ana", "--tz", "Europe/Lndon", home=tmp_path / "home")
    assert result.returncode == 1
    assert result.stderr.strip() == "baton: unknown time zone 'Europe/Lndon' (did you mean Europe/London?)"
    assert not (tmp_path / "home" / "config.json").exists()


async def test_the_first_run_names_the_zone_in_its_field(tmp_path):
    home = Home(tmp_path / "home")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#tz", Input).value = "Berlin"
        await start(pilot, app, "priya", "")
        await eventually(pilot, lambda: "did you mean Europe/Berlin?" in error_text(app))
        assert app.screen.focused is app.screen.query_one("#tz")
    assert not home.config.exists()
