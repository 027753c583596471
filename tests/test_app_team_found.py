"""A lead founds the team from the Team screen (F6): `c`, a confirmation, then the same call as
`baton team create`; who is offered it and why it is refused are core's answer (core/team/may_found.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from test_app_support import eventually, settle
from textual.widgets import Button, Input, Static

from baton.core.errors import NotAllowed
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.may_found import NO_FOLDER
from baton.sync.founding import found_team, may_found
from baton.sync.team_hint import team_hint
from baton.tui.app import BatonApp
from baton.tui.cli import cli
from baton.tui.messages import SharedFolderSet
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.team import TeamScreen

SIZE = (80, 24)
MEMBER_WORDS = "only a lead founds the team (this home was set up as a member)"


def home(tmp_path, user: str, role: str, folder: bool = True) -> Replica:
    shared = tmp_path / "shared"
    shared.mkdir(exist_ok=True)
    replica = Replica.init(
        Home(tmp_path / user), user, role=role, display_name=user.title(), sync_dir=str(shared) if folder else None
    )
    membership.device_key(replica.home)
    return replica


async def open_team(pilot) -> TeamScreen:
    await settle(pilot)
    await pilot.press("f6")
    await eventually(pilot, lambda: isinstance(pilot.app.screen, TeamScreen))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TeamScreen)
    return screen


def shown(screen: TeamScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_a_lead_founds_the_team_and_the_roster_and_invitation_form_show(tmp_path):
    ana = home(tmp_path, "ana", "lead")
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        assert screen.check_action("found", ())
        assert "Press c to found the team" in shown(screen, "#team-found-note")
        assert "baton team create" not in shown(screen, "#team-roster")  # one way to found it is said, the screen's
        assert not screen.query_one("#team-invite").display
        await pilot.press("c")
        await eventually(pilot, lambda: isinstance(app.screen, Confirm))
        dialog = app.screen.query_one("#dialog")
        body = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "key signs the roster" in body and "invitation code" in body and "baton team invite" in body
        # the whole dialog, both answers included, fits an 80x24 terminal
        assert app.screen.region.contains_region(dialog.region)
        for answer in ("go", "stay"):
            assert app.screen.region.contains_region(app.screen.query_one(f"#{answer}", Button).region)
        await pilot.click("#go")
        await eventually(pilot, lambda: app.screen is screen and "Team founded by ana" in shown(screen, "#team-roster"))
        await settle(pilot)
        assert ana.store.roster().founded and ana.store.roster().is_lead("ana")
        assert screen.query_one("#team-invite").display
        assert not screen.query_one("#team-found-note").display and not screen.check_action("found", ())
        assert "Founded the team: ana is its first lead" in shown(screen, "#team-code")
        assert app.focused is screen.query_one("#invite-user", Input)


async def test_not_now_founds_nothing(tmp_path):
    ana = home(tmp_path, "ana", "lead")
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await open_team(pilot)
        await pilot.press("c")
        await eventually(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen) and not ana.store.roster().founded


async def test_a_member_home_is_not_offered_founding_and_core_refuses_it(tmp_path):
    ben = home(tmp_path, "ben", "member")
    assert may_found(ben).offered is False and may_found(ben).problem == MEMBER_WORDS
    with pytest.raises(NotAllowed, match=r"^only a lead founds the team \(this home was set up as a member\)$"):
        found_team(ben)
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        assert not screen.check_action("found", ())
        assert not screen.query_one("#team-found-note").display
        await pilot.press("c")
        await settle(pilot)
        assert app.screen is screen and not ben.store.roster().founded


async def test_a_lead_without_a_shared_folder_is_told_where_to_set_one(tmp_path):
    ana = home(tmp_path, "ana", "lead", folder=False)
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        note = shown(screen, "#team-found-note")
        assert NO_FOLDER in note and "F5, then f" in note
        assert screen.check_action("found", ()) is None  # dimmed in the footer: the note says why
        found = screen.active_bindings["c"]
        assert found.binding.description == "Found" and not found.enabled
        await pilot.press("c")
        await settle(pilot)
        assert app.screen is screen and not ana.store.roster().founded
    with pytest.raises(NotAllowed, match="set one first"):
        found_team(ana)


async def test_back_from_setting_a_folder_the_team_screen_offers_founding_at_once(tmp_path):
    """F5 from the Team screen (the sync screen takes its place), a folder set there, F6: the Team screen
    reads core's answer again."""
    ana = home(tmp_path, "ana", "lead", folder=False)
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        assert NO_FOLDER in shown(screen, "#team-found-note")
        await pilot.press("f5")
        await eventually(pilot, lambda: app.screen is not screen)
        app.post_message(SharedFolderSet(str(tmp_path / "shared")))  # as the folder dialog, or `baton sync --dir`
        await eventually(pilot, lambda: ana.config.sync_dir == str(tmp_path / "shared"))
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen) and len(app.screen_stack) == 3)
        await eventually(pilot, lambda: "Press c to found the team" in shown(app.screen, "#team-found-note"))


def test_baton_team_create_refuses_a_home_without_a_shared_folder_in_the_same_words(tmp_path):
    home(tmp_path, "ana", "lead", folder=False).close()
    result = CliRunner().invoke(cli, ["team", "create"], env={"BATON_HOME": str(tmp_path / "ana")})
    assert (result.exit_code, result.stderr) == (5, f"baton: {NO_FOLDER}\n")


async def test_a_folder_that_has_a_team_is_refused_in_cores_words(tmp_path):
    ana = home(tmp_path, "ana", "lead")
    found_team(ana)
    from baton.sync.run import sync_once

    sync_once(ana)
    assert team_hint(tmp_path / "shared") is not None
    eve = home(tmp_path, "eve", "lead")
    refusal = may_found(eve).problem
    assert refusal is not None and "already has a team (founded by ana" in refusal
    app = BatonApp(eve, eve.home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot)
        assert refusal in shown(screen, "#team-found-note")
        assert screen.check_action("found", ()) is None  # dimmed: the note says core's refusal
        await pilot.press("c")
        await settle(pilot)
        assert not isinstance(app.screen, Confirm) and not eve.store.roster().founded


def test_the_founder_keeps_the_stages_this_home_gave_them_before_the_team(tmp_path):
    """Routing to the lead goes on after the founding: their stages are carried into the signed roster."""
    from baton.core.members import set_profile

    ana = home(tmp_path, "ana", "lead")
    set_profile(ana.store, "ana", stages=["onboarding", "account-management"])
    found_team(ana)
    assert sorted(ana.store.roster().member("ana").stages) == ["account-management", "onboarding"]
    ana.close()
