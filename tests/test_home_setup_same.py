"""`baton init` and the app's first run set up a home through one function (sync/setup.py): the same answers
make the same home, and the same refusals leave nothing behind.

They were written twice and had drifted: the app refused an invitation code without a shared folder while
`init --invite` took it and joined nothing a teammate could see; a lead's `init --sync-dir` founded the team
while the app's first run set up a lead outside any team, and took a folder that already had one. A code
needs its team's folder: both refuse one without it now, saying to give the folder too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run
from test_app_first_run_join import lead_with_invitation
from test_app_support import FrozenClock, eventually, settle
from textual.widgets import Input, Select

from baton.core import answer_checks_cache, checklist_cache
from baton.core.config import load_config
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.team import membership
from baton.sync.folder import LAYOUT
from baton.sync.setup import join_needs_folder
from baton.tui.app import BatonApp
from baton.tui.screens.first_run import FirstRunScreen
from baton.tui.screens.queues import QueuesScreen

SIZE = (80, 24)
CACHES = {checklist_cache.FILE_NAME, answer_checks_cache.FILE_NAME}
"""Written by whatever opens the home first (the app's queue reads the checklists), not by setting it up."""


def shape(home: Home, shared: Path) -> dict[str, object]:
    """What a home is, leaving out what is random (ids, keys): who, which files, the team as it holds it, and
    whether its own events reached the shared folder."""
    config = load_config(home)
    replica = Replica.open(home)
    try:
        roster = replica.store.roster()
        key = membership.device_key(home)
        member = roster.member(config.user)
        kinds = sorted(r["kind"] for r in replica.store.event_rows() if r["replica"] == config.replica_id)
    finally:
        replica.close()
    return {
        "who": (config.user, config.display_name, config.role, config.tz),
        "folder": config.sync_dir == str(shared),
        "files": sorted(p.name for p in home.root.iterdir() if p.name not in CACHES),
        "team": (roster.founded, roster.founder, roster.device_user(key.public)),
        "member": (member.role, member.stages) if member else None,
        "own events": kinds,
        "sent out": shared.joinpath(*LAYOUT, config.replica_id, "replica.json").exists(),
    }


async def first_run(home: Home, user: str, role: str = "member", folder: str = "", code: str = "") -> str | None:
    """The app's first run with these answers (name Priya Raman, zone UTC): None when set up, else the refusal
    under the form, with the field the cursor was put in."""
    app = BatonApp(None, home, clock=FrozenClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FirstRunScreen)
        answers = {"user": user, "name": "Priya Raman", "tz": "UTC", "invite": code, "sync-dir": folder}
        for field, value in answers.items():
            screen.query_one(f"#{field}", Input).value = value
        if not code:
            screen.query_one("#role", Select).value = role
        error = screen.query_one(".error")
        screen.query_one("#create").focus()
        await pilot.press("enter")
        await eventually(pilot, lambda: isinstance(app.screen, QueuesScreen) or "✗" in str(error.render()))
        await settle(pilot)
        if isinstance(app.screen, QueuesScreen):
            app.replica.close()
            return None
        return f"{error.render()} [{app.focused.id if app.focused else None}]"


def init(home: Home, user: str, *args: object) -> str:
    """`baton init` with the same answers; its stderr ("" when it set up)."""
    ran = run("init", "--user", user, "--name", "Priya Raman", "--tz", "UTC", *args, home=home.root)
    assert (ran.returncode == 0) == (ran.stderr == "" or ran.stderr.startswith("note:")), ran.stderr
    return "" if ran.returncode == 0 else ran.stderr


@pytest.mark.parametrize("answers", ["a member with a folder", "a lead with a new folder", "an invitation"])
async def test_the_same_answers_make_the_same_home_from_the_app_and_the_command_line(tmp_path, answers) -> None:
    shapes = []
    for way in ("app", "cli"):
        root = tmp_path / way
        root.mkdir()
        shared, code, lead = root / "shared", "", None
        if answers == "a member with a folder":
            shared.mkdir()
            role = "member"
        elif answers == "a lead with a new folder":  # made for it, and the team founded in it
            role = "lead"
        else:
            lead, code = lead_with_invitation(root, "priya", role="lead")
            role = "member"  # the invitation's role is taken instead
        home = Home(root / "priya")
        if way == "app":
            assert await first_run(home, "priya", role, str(shared), code) is None
        else:
            assert init(home, "priya", *(["--invite", code] if code else ["--role", role]), "--sync-dir", shared) == ""
        shapes.append(shape(home, shared))
        if lead is not None:
            lead.close()
    app, cli = shapes
    assert app == cli
    if answers == "a lead with a new folder":
        assert app["team"][:2] == (True, "priya") and app["sent out"]
    if answers == "an invitation":
        assert app["member"] == ("lead", ("beta",)) and app["team"][2] == "priya" and app["sent out"]


async def test_a_code_without_a_shared_folder_is_refused_by_both_saying_to_give_it(tmp_path) -> None:
    lead, code = lead_with_invitation(tmp_path, "priya")
    app_home, cli_home = Home(tmp_path / "app"), Home(tmp_path / "cli")
    assert await first_run(app_home, "priya", code=code) == f"✗ {join_needs_folder()} [sync-dir]"
    assert init(cli_home, "priya", "--invite", code) == f"baton: {join_needs_folder('--sync-dir DIR')}\n"
    assert "the shared folder the team syncs through (--sync-dir DIR)" in join_needs_folder("--sync-dir DIR")
    assert not app_home.root.exists() and not cli_home.root.exists()
    assert init(cli_home, "priya", "--invite", code, "--sync-dir", tmp_path / "shared") == ""  # with it, joined
    lead.close()


async def test_a_code_on_an_existing_home_without_any_folder_is_refused_too(tmp_path) -> None:
    lead, code = lead_with_invitation(tmp_path, "priya")
    home = Home(tmp_path / "priya")
    assert init(home, "priya") == ""  # on its own, no folder
    before = home.config.read_text()
    assert init(home, "priya", "--invite", code) == f"baton: {join_needs_folder('--sync-dir DIR')}\n"
    assert home.config.read_text() == before
    lead.close()


async def test_a_lead_in_a_folder_that_has_a_team_is_refused_by_both_and_nothing_is_made(tmp_path) -> None:
    lead, _ = lead_with_invitation(tmp_path, "priya")
    shared = tmp_path / "shared"
    app_home, cli_home = Home(tmp_path / "app"), Home(tmp_path / "cli")
    said_in_app = await first_run(app_home, "priya", "lead", str(shared))
    said_by_cli = init(cli_home, "priya", "--role", "lead", "--sync-dir", shared)
    refusal = f"{shared} already has a team (founded by ana, fingerprint "
    assert said_in_app is not None and said_in_app.startswith(f"✗ {refusal}")
    assert said_in_app.endswith("ask a lead for an invitation [sync-dir]")
    assert said_by_cli.startswith(f"baton: {refusal}") and said_by_cli.endswith("ask a lead for an invitation\n")
    assert not app_home.root.exists() and not cli_home.root.exists()
    lead.close()
