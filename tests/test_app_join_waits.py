"""A newcomer whose join waits for the lead's record of the invitation is waiting to be let in, not a stranger:
the app's sync screen (F5) and `baton teammates` say so in core's words; once the record can no longer come,
they are not on the team."""

from __future__ import annotations

from sync_support import sync_once, teammate
from test_app_support import eventually, settle
from test_sync_retire_watermark import Wall, join

from baton.core.team import membership
from baton.sync.people import people
from baton.sync.watch import watch
from baton.tui.app import BatonApp
from baton.tui.screens.sync import SyncScreen

SIZE = (160, 40)


def waiting_eve(tmp_path, shared):
    """ana invites eve without syncing (her record stays on her laptop); eve joins; dan reads the folder."""
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    dan = join(tmp_path, shared, ana, "dan", wall)
    for replica in (ana, dan):
        sync_once(replica)
    code = membership.invite(ana, "eve")
    eve = teammate(tmp_path, "eve", shared, wall=wall, name="Eve")
    sync_once(eve)
    membership.join(eve, code)
    sync_once(eve)
    sync_once(dan)
    return ana, dan, eve


WAITING = "waiting to be let in: their join waits for ana's record of the invitation"


def test_teammates_say_a_newcomer_whose_join_waits_is_waiting_to_be_let_in(tmp_path, shared, monkeypatch):
    from click.testing import CliRunner

    from baton.tui.cli import cli

    ana, dan, eve = waiting_eve(tmp_path, shared)
    for replica in (dan, eve):  # dan's copy kept her segment aside; her own copy holds the join
        [row] = [r for r in people(replica) if r["user"] == "eve"]
        assert (row["role"], row["devices"], row["unconfirmed_devices"]) == (WAITING, 1, 0), replica.user
    monkeypatch.setenv("BATON_HOME", str(dan.home.root))
    listed = CliRunner().invoke(cli, ["teammates"])
    [line] = [line for line in listed.output.splitlines() if line.startswith("eve")]
    assert line.endswith(WAITING) and "not on the team" not in line, line
    for replica in (ana, dan):
        sync_once(replica)
    [row] = [r for r in people(dan) if r["user"] == "eve"]
    assert row["role"] == "member"


def test_a_join_whose_record_was_never_made_is_not_on_the_team(tmp_path, shared):
    """A code signed with ana's key that her own baton never recorded: once her later changes arrive without the
    record, the join never counts, and the list says eve is not on the team, her folder not hers."""
    from test_join_waits_words import forged_code

    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    dan = join(tmp_path, shared, ana, "dan", wall)
    for replica in (ana, dan):
        sync_once(replica)
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    sync_once(eve)
    membership.join(eve, forged_code(ana, "eve"))
    sync_once(eve)
    sync_once(dan)
    [row] = [r for r in people(dan) if r["user"] == "eve"]
    assert row["role"] == "waiting to be let in: their join waits for ana's record of the invitation"
    ana.create("relay", "Ana works on", "dan")  # stamped after the code: her record would have gone out first
    sync_once(ana)
    sync_once(dan)
    [row] = [r for r in people(dan) if r["user"] == "eve"]
    assert (row["role"], row["devices"], row["unconfirmed_devices"]) == ("not on the team", 0, 1), row


async def test_the_sync_screen_says_a_waiting_newcomer_is_waiting_to_be_let_in(tmp_path, shared):
    ana, dan, eve = waiting_eve(tmp_path, shared)
    app = BatonApp(dan, dan.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await eventually(pilot, lambda: isinstance(app.screen, SyncScreen))
        shown = app.screen.query_one("#sync-people")
        await eventually(pilot, lambda: "Eve" in str(shown.render()))
        text = str(shown.render())
        assert f"Eve (eve, {WAITING})" in text, text
        assert "not on the team" not in text, text
    dan.close()


async def test_the_team_screen_says_a_folder_outside_the_team_holds_a_waiting_join(tmp_path, shared):
    from textual.widgets import Static

    from baton.tui.screens.team import TeamScreen

    ana, dan, eve = waiting_eve(tmp_path, shared)
    fp = membership.device_key(eve.home).fingerprint
    app = BatonApp(dan, dan.home, sync=sync_once, watch=watch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await eventually(pilot, lambda: isinstance(app.screen, TeamScreen))
        roster = app.screen.query_one("#team-roster", Static)
        await eventually(pilot, lambda: fp in str(roster.render()))
        [line] = [line for line in str(roster.render()).splitlines() if fp in line]
        assert line.endswith(f"({WAITING})"), line
    dan.close()


def test_a_removed_person_invited_back_whose_join_waits_is_waiting_not_removed(tmp_path, shared):
    ana, dan, eve = waiting_eve(tmp_path, shared)
    membership.remove(ana, "dan")
    sync_once(ana)
    code = membership.invite(ana, "dan")  # ana does not sync: her record stays on her laptop
    back = teammate(tmp_path, "dan", shared, wall=ana.wall, device="-back")
    sync_once(back)
    membership.join(back, code)
    sync_once(back)
    [row] = [r for r in people(back) if r["user"] == "dan"]
    assert row["role"] == "waiting to be let in: their join waits for ana's record of the invitation", row
