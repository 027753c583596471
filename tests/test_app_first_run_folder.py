"""The first-run screen chooses the shared folder as `baton init --sync-dir` does, and a refusal puts the
cursor in the field to fix.

It used to save whatever was typed: a folder whose parent does not exist (a typo, a drive not mounted)
was kept, and every sync after said "the shared folder does not exist" and synced nothing; the baton
home itself was taken as the shared folder, where file sync tears the database."""

from __future__ import annotations

from test_app_support import FrozenClock, eventually, settle
from textual.widgets import Input

from baton.core.config import load_config
from baton.core.home import Home
from baton.tui.app import BatonApp
from baton.tui.screens.first_run import FirstRunScreen
from baton.tui.screens.queues import QueuesScreen

SIZE = (80, 24)


def error_text(app) -> str:
    return str(app.screen.query_one(".error").render())


async def start(pilot, app, user: str, folder: str) -> None:
    app.screen.query_one("#user", Input).value = user
    app.screen.query_one("#sync-dir", Input).value = folder
    app.screen.query_one("#create").focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_a_folder_whose_parent_is_missing_is_refused_and_nothing_is_set_up(tmp_path):
    home = Home(tmp_path / "home")
    typo = tmp_path / "Sycn" / "team"
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start(pilot, app, "priya", str(typo))
        await eventually(pilot, lambda: "does not exist" in error_text(app))
        assert f"{typo.parent} does not exist" in error_text(app)
        assert isinstance(app.screen, FirstRunScreen)
        assert app.screen.focused is app.screen.query_one("#sync-dir")
    assert not home.config.exists()
    assert not typo.parent.exists()


async def test_the_baton_home_is_refused_as_the_shared_folder(tmp_path):
    home = Home(tmp_path / "home")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start(pilot, app, "priya", str(home.root))
        await eventually(pilot, lambda: "baton's own database" in error_text(app))
        assert app.screen.focused is app.screen.query_one("#sync-dir")
    assert not home.config.exists()


async def test_a_new_folder_in_an_existing_one_is_created_and_kept(tmp_path):
    home = Home(tmp_path / "home")
    folder = tmp_path / "Sync" / "team"
    folder.parent.mkdir()
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start(pilot, app, "priya", f"  {folder}  ")
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
    assert folder.is_dir()
    assert load_config(home).sync_dir == str(folder)


async def test_a_refused_user_name_puts_the_cursor_back_in_it_and_keeps_a_new_folder_away(tmp_path):
    home = Home(tmp_path / "home")
    folder = tmp_path / "team"
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start(pilot, app, "Priya R", str(folder))
        await eventually(pilot, lambda: "invalid user name" in error_text(app))
        assert app.screen.focused is app.screen.query_one("#user")
    assert not home.config.exists()
    assert not folder.exists()


async def test_a_folder_that_has_a_team_is_said_as_init_says_it(tmp_path):
    from conftest import run
    from test_app_support import said

    folder = tmp_path / "team"
    founded = run("init", "--user", "ana", "--role", "lead", "--sync-dir", folder, home=tmp_path / "ana")
    assert founded.returncode == 0, founded.stderr
    home = Home(tmp_path / "home")
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await start(pilot, app, "priya", str(folder))
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen))
        await eventually(pilot, lambda: any("has a team" in str(n.message) for n in said(app)))
    [note] = [str(n.message) for n in said(app) if "has a team" in str(n.message)]
    assert note == (
        "This folder has a team (founded by ana): until a lead invites you (`baton team invite priya`), "
        "nothing you write is applied by your teammates"
    )
    assert load_config(home).sync_dir == str(folder)  # set up all the same, as `baton init` does
