"""The Team screen (F6) lets a lead retire a device and revoke an invitation, after a confirmation.

What is offered is core's answer (core/team/allowed.py, the rule the roster applies);
the change is the CLI's own core call; a member is told why not, once.
"""

from __future__ import annotations

from test_app_support import eventually, settle
from textual.widgets import OptionList, Static

from baton.core.team import membership
from baton.core.team.allowed import team_actions
from baton.tui.app import BatonApp
from baton.tui.screens.confirm import Confirm
from baton.tui.screens.team import TeamScreen
from tests.team_support import Clock, team

SIZE = (80, 24)


def current_devices(replica, user: str) -> list[str]:
    return [d.fingerprint for d in replica.store.roster().devices_of(user) if d.until is None]


async def open_team(pilot, app) -> TeamScreen:
    await settle(pilot)
    await pilot.press("f6")
    await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
    await settle(pilot)
    return app.screen


async def choose(pilot, screen: TeamScreen, starts: str) -> None:
    options = screen.query_one("#team-changes", OptionList)
    index = next(
        i for i in range(options.option_count) if str(options.get_option_at_index(i).prompt).startswith(starts)
    )
    options.focus()
    options.highlighted = index
    await pilot.press("enter")
    await settle(pilot)


def test_core_offers_a_lead_every_device_but_their_own_and_every_pending_invitation(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana, ben = people["ana"], people["ben"]
    membership.invite(ana, "cleo")
    roster = ana.store.roster()
    ana_key = membership.device_key(ana.home).public
    answers = {(a.kind, a.user): a.problem for a in team_actions(roster, "ana", ana_key, 1_900_000_100_000)}
    assert answers == {
        ("retire", "ana"): "a device cannot retire itself: retire it from another device",
        ("retire", "ben"): None,
        ("revoke", "cleo"): None,
    }
    ben_key = membership.device_key(ben.home).public
    for action in team_actions(roster, "ben", ben_key, 1_900_000_100_000):
        assert action.problem in (
            "only a lead can retire a device",
            "only a lead, or whoever made the invitation, can revoke it",
        )


async def test_a_lead_retires_a_members_device_after_confirming(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana, ben = people["ana"], people["ben"]
    ben_device = membership.device_key(ben.home).fingerprint
    app = BatonApp(ana, ana.home, clock=lambda: 1_900_000_100_000)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, app)
        assert screen.query_one("#team-changes", OptionList).display
        await choose(pilot, screen, f"Retire ben's device {ben_device}")
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")  # Esc keeps it
        await settle(pilot)
        assert current_devices(ana, "ben") == [ben_device]
        await choose(pilot, screen, f"Retire ben's device {ben_device}")
        await pilot.click("#go")
        await eventually(pilot, lambda: current_devices(ana, "ben") == [])
        await eventually(pilot, lambda: "Retired ben's device" in str(screen.query_one("#team-code", Static).render()))
        assert "ben's device" not in " ".join(
            str(screen.query_one("#team-changes", OptionList).get_option_at_index(i).prompt)
            for i in range(screen.query_one("#team-changes", OptionList).option_count)
        )


async def test_a_lead_revokes_an_invitation_after_confirming(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana = people["ana"]
    code = membership.invite(ana, "cleo")
    app = BatonApp(ana, ana.home, clock=lambda: 1_900_000_100_000)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, app)
        await choose(pilot, screen, "Revoke the invitation for cleo")
        assert isinstance(app.screen, Confirm)
        await pilot.click("#go")
        await eventually(pilot, lambda: code.id in ana.store.roster().revoked)
        await eventually(
            pilot, lambda: "Revoked the invitation for cleo" in str(screen.query_one("#team-code").render())
        )


async def test_a_member_is_told_why_not_and_offered_nothing(tmp_path):
    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ben = people["ben"]
    app = BatonApp(ben, ben.home, clock=lambda: 1_900_000_100_000)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_team(pilot, app)
        assert not screen.query_one("#team-changes", OptionList).display
        note = str(screen.query_one("#team-changes-note", Static).render())
        assert "only a lead can retire a device" in note


async def test_a_retired_device_is_not_offered_for_confirming_again(tmp_path):
    """Its folder is still there, but the roster lists it as retired: "not on the team, confirm it" would mislead."""
    from unittest import mock

    from baton.tui.screens.team_outside import outside_lines

    people = team(tmp_path, Clock(start=1_900_000_000_000))
    ana, ben = people["ana"], people["ben"]
    ben_key = membership.device_key(ben.home)
    membership.retire_device(ana, "ben", ben_key.fingerprint)

    class Folder:
        user, display_name, replica, public_key = "ben", "Ben", ben.config.replica_id, ben_key.public

    with mock.patch("baton.tui.cli.team.folder_people", return_value=[Folder()]):
        assert outside_lines(ana, ana.store.roster()) == []
