"""A path typed into the shared-folder or the export dialog is asked about before Esc or Cancel drops it.

Both dialogs closed at once and the path was gone: a long network path typed by hand, lost to one key."""

from __future__ import annotations

import pytest
from test_app_everything import world
from test_app_support import settle
from textual.widgets import Input

from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.export import ExportScreen
from baton.tui.screens.set_folder import SetFolderScreen


async def open_dialog(pilot, app, which: str):
    if which == "folder":
        app.action_set_folder()
    else:
        await pilot.press("ctrl+e")
    await settle(pilot)
    assert isinstance(app.screen, SetFolderScreen if which == "folder" else ExportScreen)
    return app.screen


@pytest.mark.parametrize(("which", "field"), [("folder", "#folder"), ("export", "#path")])
@pytest.mark.parametrize("key", ["escape", "cancel"])
async def test_a_typed_path_is_asked_about_and_kept_when_the_person_stays(tmp_path, which, field, key):
    clock, maya, _, _ = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, app, which)
        await pilot.press(*"/srv/team/shared")
        if key == "escape":
            await pilot.press("escape")
        else:
            dialog.query_one("#cancel").press()
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")  # "Keep editing", the first answer
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one(field, Input).value == "/srv/team/shared"
        assert app.focused is dialog.query_one(field, Input)


@pytest.mark.parametrize("which", ["folder", "export"])
async def test_nothing_typed_closes_at_once(tmp_path, which):
    clock, maya, _, _ = world(tmp_path)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await open_dialog(pilot, app, which)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not dialog and not isinstance(app.screen, Confirm)
