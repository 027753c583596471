"""The Team screen (F6): the roster, devices and pending invitations; a lead invites from it."""

from __future__ import annotations

from test_app_support import eventually, settle
from textual.widgets import Input, Static

from baton.core.team import membership
from baton.core.team.invite import read_code
from baton.tui.app import BatonApp
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team

SIZE = (120, 40)


async def test_a_lead_sees_the_roster_and_invites_from_the_team_screen(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        screen = app.screen
        text = str(screen.query_one("#team-roster", Static).render())
        assert "ana" in text and "ben" in text and "lead" in text
        assert membership.device_key(people["ben"].home).fingerprint in text
        assert screen.query_one("#team-invite").display
        screen.query_one("#invite-user", Input).value = "cleo"
        screen.query_one("#invite-stages", Input).value = "onboarding"
        await pilot.click("#invite-member")
        code_box = screen.query_one("#team-code", Static)
        await eventually(pilot, lambda: "baton1." in str(code_box.render()))
        code = str(code_box.render()).splitlines()[-1]
        assert read_code(code).user == "cleo"
        await eventually(pilot, lambda: "Invitations not used yet" in str(screen.query_one("#team-roster").render()))


async def test_a_member_sees_no_invite_button(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ben = people["ben"]
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        assert not app.screen.query_one("#team-invite").display


async def test_a_lead_sees_who_writes_in_the_folder_without_being_on_the_team(tmp_path):
    from click.testing import CliRunner

    from baton.core.home import Home
    from baton.core.replica import Replica
    from baton.tui.cli import cli

    shared = tmp_path / "shared"
    shared.mkdir()

    def baton(user: str, *args: object) -> None:
        env = {"BATON_HOME": str(tmp_path / user)}
        result = CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr

    baton("ana", "init", "--user", "ana", "--role", "lead", "--sync-dir", shared)
    baton("cleo", "init", "--user", "cleo", "--sync-dir", shared)
    baton("cleo", "sync")
    cleo_fp = membership.device_key(Home(tmp_path / "cleo")).fingerprint
    ana = Replica.open(Home(tmp_path / "ana"))
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        text = str(app.screen.query_one("#team-roster", Static).render())
        assert "not on the team" in text and "cleo" in text and cleo_fp in text


async def test_an_invitation_at_80x24_brings_its_code_into_view_and_empties_the_fields(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        await settle(pilot)
        screen = app.screen
        screen.query_one("#invite-user", Input).value = "cleo"
        screen.query_one("#invite-stages", Input).value = "onboarding"
        await pilot.click("#invite-member")
        code_box = screen.query_one("#team-code", Static)
        await eventually(pilot, lambda: "baton1." in str(code_box.render()))
        await settle(pilot)
        body = screen.query_one("#team-body")
        # every line of the code shows, once the scroll that follows the layout has run
        await eventually(pilot, lambda: body.scrollable_content_region.contains_region(code_box.region))
        assert screen.query_one("#invite-user", Input).value == ""
        assert screen.query_one("#invite-stages", Input).value == ""


async def test_a_name_typed_right_after_f6_lands_in_the_invitation(tmp_path):
    """The screen opened with nothing focused: a lead's typed name went nowhere; a member could not scroll."""
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana, ben = people["ana"], people["ben"]
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6", *"cleo")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        assert app.screen.query_one("#invite-user", Input).value == "cleo"
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert app.focused is not None and app.focused.id in ("team-changes", "team-body")


async def test_invite_pressed_again_while_the_invitation_is_made_makes_one_invitation(tmp_path):
    import time

    from textual.widgets import Button

    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    invite = membership.invite
    made: list[str] = []

    def counted(replica, user, **kwargs):  # each invitation made; sending it out can take seconds
        made.append(user)
        time.sleep(0.5)
        return invite(replica, user, **kwargs)

    app = BatonApp(ana, ana.home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        screen = app.screen
        screen.query_one("#invite-user", Input).value = "cleo"
        membership.invite = counted
        try:
            button = screen.query_one("#invite-member", Button)
            button.press()
            await eventually(pilot, lambda: made == ["cleo"])  # the first is being made...
            button.post_message(Button.Pressed(button))  # ...when the second press lands
            await eventually(pilot, lambda: "baton1." in str(screen.query_one("#team-code", Static).render()))
            await settle(pilot)
        finally:
            membership.invite = invite
        assert made == ["cleo"]


async def test_a_leads_first_keys_land_in_the_invitation_field_in_view_at_80x24(tmp_path):
    """The name to invite, where a lead's focus opens, sat below the roster: a team of five and its pending
    invitations pushed it out of an 80x24 view, and `h` or a name typed went into it unseen."""
    people = team(tmp_path, Clock(start=1_900_000_000_000), members=("ben", "cleo", "dan", "eve"))
    ana = people["ana"]
    for user in ("fay", "gus", "hal"):
        membership.invite(ana, user, stages=["beta"])
    app = BatonApp(ana, ana.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        screen = app.screen
        await eventually(pilot, lambda: "Invitations not used yet" in str(screen.query_one("#team-roster").render()))
        field = screen.query_one("#invite-user", Input)
        await pilot.press(*"ivy")
        await settle(pilot)
        assert app.focused is field and field.value == "ivy"
        assert screen.query_one("#team-body").region.contains_region(field.region)  # in view, not scrolled off
