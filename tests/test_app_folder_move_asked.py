"""Moving a home off its shared folder is asked first: teammates who read the old folder stop receiving this
copy's changes. The dialog set the new folder on one Enter; now it says the old and the new folder and what
changes, and Enter or Esc keep the old one (as the house's other confirmations do)."""

from __future__ import annotations

import pytest
from test_app_support import FrozenClock, settle, team
from textual.widgets import Input, Static

from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.set_folder import SetFolderScreen, set_sync_dir


async def typed_into_dialog(pilot, app, folder: str) -> SetFolderScreen:
    app.action_set_folder()
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, SetFolderScreen)
    await pilot.press("ctrl+u", *folder, "enter")
    await settle(pilot)
    return dialog


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_moving_to_another_folder_is_asked_and_enter_or_esc_keep_the_old(tmp_path, key):
    clock = FrozenClock()
    maya, _ = team(tmp_path / "home", clock)
    old, new = tmp_path / "shared", tmp_path / "elsewhere"
    old.mkdir()
    new.mkdir()
    set_sync_dir(maya, str(old))
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await typed_into_dialog(pilot, app, str(new))
        question = app.screen
        assert isinstance(question, Confirm), "the new folder was set on one Enter"
        body = " ".join(" ".join(str(s.render()) for s in question.query(Static)).split())  # at any width
        assert f"From: {old}" in body and f"To: {new}" in body
        assert f"Teammates who read {old} will no longer receive this copy's changes" in body
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is dialog and maya.config.sync_dir == str(old)
        assert app.focused is dialog.query_one("#folder", Input)
        assert f"Still {old}: nothing changed." in str(dialog.query_one(".error", Static).render())
        await pilot.press("enter")  # asked again, and this time moved on purpose
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("left", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, (Confirm, SetFolderScreen))
        assert maya.config.sync_dir == str(new)


async def test_a_first_folder_and_the_same_folder_are_set_without_asking(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path / "home", clock)
    shared = tmp_path / "shared"
    shared.mkdir()
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await typed_into_dialog(pilot, app, str(shared))  # nobody reads this copy anywhere yet
        assert not isinstance(app.screen, (Confirm, SetFolderScreen)) and maya.config.sync_dir == str(shared)
        await typed_into_dialog(pilot, app, f"{shared}/")  # the same folder, typed another way
        assert not isinstance(app.screen, (Confirm, SetFolderScreen)) and maya.config.sync_dir == str(shared)


async def test_a_folder_core_refuses_is_refused_before_anything_is_asked(tmp_path):
    clock = FrozenClock()
    maya, _ = team(tmp_path / "home", clock)
    (tmp_path / "shared").mkdir()
    set_sync_dir(maya, str(tmp_path / "shared"))
    app = BatonApp(maya, maya.home, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await typed_into_dialog(pilot, app, str(tmp_path / "typo" / "team"))
        assert app.screen is dialog and "is the drive mounted" in str(dialog.query_one(".error", Static).render())
        assert maya.config.sync_dir == str(tmp_path / "shared")
