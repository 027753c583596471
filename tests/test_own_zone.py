"""A lead's change of someone's zone reaches that person's devices, unless a device's zone was set since.

`team set ben --tz` by a lead used to change the roster only: teammates saw Ben in London while every
command on Ben's own laptop kept printing Singapore times (his own `team set` did move his device).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from team_support import Clock, team, trade
from test_team_cli import Team

from baton.core.team import membership
from baton.core.team.own_zone import follow_roster_zone, zone_change


def zone_of(crew: Team, home: str) -> str:
    return json.loads((crew.home(home) / "config.json").read_text())["tz"]


def synced(crew: Team, *homes: str) -> list[str]:
    """Each home syncs in turn; what each printed."""
    said = []
    for home in homes:
        result = crew(home, "sync")
        assert result.exit_code == 0, result.stderr
        said.append(result.stdout)
    return said


def ben_joins_in_singapore(crew: Team) -> None:
    """ben's first device joins with an invitation, set up in Asia/Singapore, and both copies sync."""
    joined = crew(
        "ben",
        "init",
        "--user",
        "ben",
        "--tz",
        "Asia/Singapore",
        "--invite",
        crew.invite("ben"),
        "--sync-dir",
        crew.shared,
    )
    assert joined.exit_code == 0, joined.stderr
    synced(crew, "ben", "ana")


def test_a_leads_change_of_a_zone_reaches_that_persons_devices_through_the_folder(tmp_path) -> None:
    crew = Team(tmp_path)
    crew.found()
    ben_joins_in_singapore(crew)
    assert crew("ana", "team", "set", "ben", "--tz", "Europe/London").exit_code == 0
    assert zone_of(crew, "ana") != "Europe/London"  # the lead's own device stays where it was
    _, ben_said = synced(crew, "ana", "ben")
    assert zone_of(crew, "ben") == "Europe/London"
    assert "your time zone is now Europe/London, as the team's roster says (ana changed it)" in ben_said
    assert "your time zone" not in synced(crew, "ben")[0]  # said once, when it moved
    # Ben's own later choice stands: the lead's older change does not take it back on the next syncs.
    assert crew("ben", "team", "set", "ben", "--tz", "America/New_York").exit_code == 0
    synced(crew, "ben", "ana", "ben")
    assert zone_of(crew, "ben") == "America/New_York"
    ana_view = {m["user"]: m for m in json.loads(crew("ana", "team", "--json").stdout)["members"]}
    assert ana_view["ben"]["tz"] == "America/New_York"


def test_a_device_set_up_in_another_zone_after_the_change_keeps_it_until_the_roster_changes_again(tmp_path) -> None:
    crew = Team(tmp_path)
    crew.found()
    ben_joins_in_singapore(crew)
    assert crew("ana", "team", "set", "ben", "--tz", "Europe/London").exit_code == 0
    synced(crew, "ana", "ben")
    device = crew("ana", "team", "invite", "ben", "--device").stdout.strip().splitlines()[-1]
    synced(crew, "ana")
    laptop = crew(
        "ben-laptop", "init", "--user", "ben", "--tz", "Asia/Tokyo", "--invite", device, "--sync-dir", crew.shared
    )
    assert laptop.exit_code == 0, laptop.stderr
    synced(crew, "ben-laptop", "ana", "ben", "ben-laptop")
    assert (zone_of(crew, "ben"), zone_of(crew, "ben-laptop")) == ("Europe/London", "Asia/Tokyo")
    assert crew("ana", "team", "set", "ben", "--tz", "Europe/Paris").exit_code == 0
    synced(crew, "ana", "ben", "ben-laptop")
    assert (zone_of(crew, "ben"), zone_of(crew, "ben-laptop")) == ("Europe/Paris", "Europe/Paris")


ZONES = ["Europe/London", "Asia/Singapore", "America/New_York", "Australia/Sydney"]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("lead"), st.sampled_from(ZONES)),
        st.tuples(st.just("self"), st.sampled_from(ZONES)),
        st.tuples(st.just("trade"), st.just("")),
    ),
    max_size=6,
)


@settings(max_examples=12, deadline=None)
@given(steps)
def test_after_a_sync_a_device_shows_the_zone_the_roster_gives_when_nothing_set_it_since(plan) -> None:
    """Whatever order a lead's changes and the person's own come in, once both copies hold everything the
    person's device shows the roster's zone: the latest change by stamp, theirs or the lead's."""
    with tempfile.TemporaryDirectory() as root:
        people = team(Path(root), Clock())
        ana, ben = people["ana"], people["ben"]
        try:
            for who, tz in plan:
                if who == "trade":
                    trade(ana, ben)
                    follow_roster_zone(ben)
                else:
                    membership.set_member(ana if who == "lead" else ben, "ben", tz=tz)
            trade(ana, ben)
            follow_roster_zone(ben)
            roster_zone = ben.store.roster().member("ben").tz
            assert ben.config.tz == roster_zone
            assert ana.store.roster().member("ben").tz == roster_zone
            assert ana.config.tz == "UTC"  # a lead changing someone else's zone keeps their own
        finally:
            ana.close()
            ben.close()


def test_the_zone_someone_joined_with_counts_as_their_first_zone(tmp_path) -> None:
    people = team(tmp_path, Clock())
    roster = people["ana"].store.roster()
    first = zone_change(roster, "ben")
    assert first is not None and first.tz == "UTC" and first.hlc == roster.member("ben").since
    membership.set_member(people["ana"], "ben", hours="mon-fri 08:00-16:00")  # not a zone: no change of zone
    assert zone_change(people["ana"].store.roster(), "ben") == first
    assert zone_change(roster, "nobody") is None
    for person in people.values():
        person.close()


async def test_the_app_says_when_a_sync_moved_your_time_zone(tmp_path) -> None:
    from test_app_support import said, settle

    from baton.core.home import Home
    from baton.core.replica import Replica
    from baton.sync.report import SyncReport
    from baton.tui.app import BatonApp
    from baton.tui.messages import Synced

    ben = Replica.init(Home(tmp_path / "ben"), "ben", tz="Europe/London")
    app = BatonApp(ben, ben.home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.post_message(Synced(0, SyncReport(zone="Europe/London", zone_by="ana")))
        app.post_message(Synced(0, SyncReport()))  # a pass that moved nothing says nothing of it
        await settle(pilot)
        told = [n for n in said(app) if n.title == "your time zone"]
        assert [n.message for n in told] == [
            "Times are shown in Europe/London from now on (ana changed it in the team's roster)."
        ]
    ben.close()


async def test_the_queue_shows_its_times_in_the_new_zone_without_being_opened_again(tmp_path) -> None:
    """The toast said "Times are shown in … from now on": the queue open behind it says its days there too."""
    from test_app_due_column import row_line
    from test_app_support import FrozenClock, settle
    from test_app_support import team as pair

    from baton.core.home import Home
    from baton.sync.report import SyncReport
    from baton.tui.app import BatonApp
    from baton.tui.messages import Synced
    from baton.tui.widgets.queue_table import QueueTable

    clock = FrozenClock()  # 2025-11-21 10:00 UTC
    maya, _ = pair(tmp_path, clock)  # in Europe/London
    maya.create("kit", "Birch Partners - renewal", "ben", "2025-11-22")
    clock.advance(hours=26)  # 2025-11-22 12:00 in London, already the 23rd on Kiritimati (UTC+14)
    app = BatonApp(maya, Home(tmp_path), clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("right")  # the draft is in the outbox
        await settle(pilot)
        table = app.screen.query_one(QueueTable)
        assert row_line(table).rstrip().endswith("due 2025-11-22")
        assert app.screen.sub_title.endswith("Europe/London")
        maya.config = maya.config.with_(tz="Pacific/Kiritimati")  # what the sync's import did (follow_roster_zone)
        app.post_message(Synced(0, SyncReport(zone="Pacific/Kiritimati", zone_by="ana")))
        await settle(pilot)
        assert row_line(table).rstrip().endswith("! overdue 1d")
        assert app.screen.sub_title == "Maya Okafor · Pacific/Kiritimati"
