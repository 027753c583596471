"""A join that waits for its invitation's record is told as what it is: on `sync`, `doctor`, `team` and the app's
sync screen, once per state. A code signed with a lead's key that the lead's own baton never recorded is told as
a forgery once that is known: the lead's later changes arrived without the record, or the key ended first."""

from __future__ import annotations

import contextlib

import pytest
from sync_support import sync_once, teammate
from test_sync_retire_watermark import Wall, join, retire, stolen

from baton.core.errors import NotAllowed
from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.invite import Invite
from baton.sync.told import Told

WAITS = "eve's join waits for ana's record of the invitation (it arrives with ana's next sync)"
STRANGER = "a device claiming to be eve is not on the team"


@pytest.fixture
def crew(tmp_path, shared):
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    people = {
        "ana": ana,
        "ben": join(tmp_path, shared, ana, "ben", wall),
        "dan": join(tmp_path, shared, ana, "dan", wall),
    }
    for replica in people.values():
        sync_once(replica)
    return people, wall


def lines(report) -> list[str]:
    return report.notes()


def forged_code(ana: Replica, user: str) -> Invite:
    """A code signed with ana's device key that ana's baton never made (no record written): someone holding her
    key, outside her own copy."""
    roster = ana.store.roster()
    key = membership.device_key(ana.home)
    made = Invite(
        roster.team, roster.founder_key, "forged0000000001", user, "member", (), "ana", key.public,
        ana.clock.tick(), ana.wall() + 86_400_000,
    )  # fmt: skip
    return made.signed(key)


def test_a_join_waiting_for_the_leads_record_is_said_so_everywhere_then_counts(tmp_path, shared, crew, monkeypatch):
    people, wall = crew
    ana, dan = people["ana"], people["dan"]
    code = membership.invite(ana, "eve")  # ana does not sync: her record stays on her laptop
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    sync_once(eve)
    membership.join(eve, code)
    own = sync_once(eve)
    assert [w for w in own.warnings if WAITS in w] == [WAITS], own.warnings  # her own copy says what it waits for
    assert not [line for line in lines(own) if STRANGER in line or "ask a lead for" in line], lines(own)
    with pytest.raises(NotAllowed, match="eve's join waits for ana's record"):
        eve.create("relay", "Too early", "dan")
    seen = lines(sync_once(dan))
    told = [line for line in seen if WAITS in line]
    assert len(told) == 1 and "kept aside until then" in told[0], seen
    assert not [line for line in seen if STRANGER in line], seen
    from click.testing import CliRunner

    from baton.tui.cli import cli

    def command(replica, *args):
        monkeypatch.setenv("BATON_HOME", str(replica.home.root))
        return CliRunner().invoke(cli, list(args))

    doctor = command(dan, "doctor")
    assert doctor.output.count(WAITS) == 1 and STRANGER not in doctor.output, doctor.output
    synced = command(dan, "sync")
    assert synced.output.count(WAITS) == 1 and STRANGER not in synced.output, synced.output
    team = command(eve, "team")
    assert f"not on the team yet: {WAITS}" in team.output, team.output
    for replica in (ana, dan, eve):
        sync_once(replica)
    after = lines(sync_once(dan)) + lines(sync_once(eve))
    assert not [line for line in after if WAITS in line or STRANGER in line], after
    assert dan.store.roster().member("eve") is not None


def test_a_code_the_leads_own_baton_never_recorded_is_told_as_a_forgery_once_her_later_changes_arrive(
    tmp_path, shared, crew
):
    people, wall = crew
    ana, dan = people["ana"], people["dan"]
    code = forged_code(ana, "eve")
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    sync_once(eve)
    membership.join(eve, code)
    sync_once(eve)
    told = Told()
    first = told.news(lines(sync_once(dan)))
    assert [line for line in first if WAITS in line], first  # nothing says yet that ana never made it
    assert told.news(lines(sync_once(dan))) == []  # said once while it lasts
    ana.create("relay", "Ana works on", "dan")  # stamped after the code: her record would have gone out first
    sync_once(ana)
    second = told.news(lines(sync_once(dan)))
    forged = [line for line in second if STRANGER in line]
    assert len(forged) == 1 and "ana's record holds no such invitation" in forged[0], second
    assert not [line for line in second if WAITS in line], second
    with contextlib.suppress(NotAllowed):
        eve.create("relay", "Work of a forged newcomer", "dan")
    for replica in (eve, dan):
        sync_once(replica)
    assert dan.store.roster().member("eve") is None
    assert "Work of a forged newcomer" not in [r[0] for r in dan.store.query("SELECT title FROM handoffs")]


def test_a_code_minted_with_a_retired_lead_key_is_told_as_never_counting(tmp_path, shared, crew):
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    membership.set_member(ana, "ben", role="lead")
    for replica in (ana, ben, dan):
        sync_once(replica)
    thief = stolen(tmp_path, ben, wall.now + 1)
    retire(ana, "ben")
    sync_once(ana)
    code = membership.invite(thief, "eve")  # signed by ben's retired key, stamped before the retirement
    sync_once(thief)
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    with contextlib.suppress(NotAllowed):
        membership.join(eve, code)
    sync_once(eve)
    seen = lines(sync_once(dan))
    told = [line for line in seen if STRANGER in line and "never counts" in line]
    assert len(told) == 1 and "ana retired the device of ben's that made it" in told[0], seen
    assert not [line for line in seen if "join waits" in line], seen


def test_the_app_tells_a_waiting_join_once_then_its_end(tmp_path, shared, crew):
    """The sync screen's notes and the app's toasts are the report's lines: a waiting join is one toast, not
    one a pass, and once it counts nothing more is said."""
    from baton.tui.messages import Synced
    from baton.tui.screens.sync import notes

    people, wall = crew
    ana, dan = people["ana"], people["dan"]
    code = membership.invite(ana, "eve")
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    sync_once(eve)
    membership.join(eve, code)
    sync_once(eve)
    told = Told()
    passes = [notes(Synced(0, sync_once(dan))) for _ in range(2)]
    assert [line for line in told.news(passes[0]) if WAITS in line]
    assert told.news(passes[1]) == []
    sync_once(ana)
    assert told.news(notes(Synced(0, sync_once(dan)))) == []
    dan.close()
    again = Replica.open(Home(dan.home.root))
    assert again.store.roster().member("eve") is not None
    again.close()


async def test_the_sync_screen_says_the_join_waits_not_that_a_stranger_claims_a_name(tmp_path, shared, crew):
    from test_app_support import eventually, settle
    from textual.widgets import Static

    from baton.sync.run import sync_once as sync_round
    from baton.tui.app import BatonApp
    from baton.tui.screens.sync import SyncScreen

    people, wall = crew
    ana, dan = people["ana"], people["dan"]
    code = membership.invite(ana, "eve")
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    sync_once(eve)
    membership.join(eve, code)
    sync_once(eve)
    app = BatonApp(dan, dan.home, sync=sync_round)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await eventually(pilot, lambda: isinstance(app.screen, SyncScreen))
        problems = app.screen.query_one("#sync-problems", Static)
        await eventually(pilot, lambda: "join waits" in str(problems.render()))
        text = " ".join(str(problems.render()).split())
        assert WAITS in text and STRANGER not in text, text
