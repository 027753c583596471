"""A field the app fills with a suggestion (the export's file, the brief's file, the shared folder, the first
run's time zone) is replaced by what is typed into it, not added to.

Typing a path into the export dialog wrote after the suggestion: "~/baton-handoffs.csv/tmp/out.csv", then
"cannot write … the folder /root/baton-handoffs.csv/tmp does not exist"."""

from __future__ import annotations

from test_app_everything import opened, world
from test_app_support import FrozenClock, settle
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.brief import BriefScreen
from baton.tui.screens.export import ExportScreen
from baton.tui.screens.first_run import FirstRunScreen
from baton.tui.screens.set_folder import SetFolderScreen


async def test_a_path_typed_into_the_export_dialog_replaces_the_suggestion(tmp_path):
    clock, maya, _, _ = world(tmp_path)
    target = tmp_path / "out.json"
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press(*str(target))
        assert app.screen.query_one("#path", Input).value == str(target)
        await pilot.press("enter")
        await settle(pilot)
    assert target.read_text(encoding="utf-8").startswith("[")


async def test_a_path_typed_into_the_brief_replaces_the_suggestion(tmp_path):
    clock, maya, _, handoff = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app, handoff)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#path", Input)
        await pilot.press(*"/tmp/acme.md")
        assert app.screen.query_one("#path", Input).value == "/tmp/acme.md"


async def test_a_folder_typed_over_the_current_one_replaces_it(tmp_path):
    clock, maya, _, _ = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_set_folder()
        await settle(pilot)
        assert isinstance(app.screen, SetFolderScreen)
        field = app.screen.query_one("#folder", Input)
        field.value = "/old/shared"
        field.blur()
        field.focus()
        await pilot.press(*"/srv/team")
        assert field.value == "/srv/team"


async def test_a_zone_typed_over_the_guess_replaces_it(tmp_path):
    app = BatonApp(None, Home(tmp_path / "fresh"), clock=FrozenClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        await pilot.press(*"priya", "tab", "tab", "tab")
        assert app.focused is app.screen.query_one("#tz", Input)
        await pilot.press(*"Asia/Singapore")
        assert app.screen.query_one("#tz", Input).value == "Asia/Singapore"
