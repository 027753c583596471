"""Once a team is founded, routing and working-hours windows read the signed roster, the same on every replica."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from conftest import write_relay
from team_support import Clock, team, trade

from baton.core.drafts import receiver_for
from baton.core.errors import InvalidValue
from baton.core.members import members
from baton.core.team import membership
from baton.tui.cli import cli


def ms(text: str, tz: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).timestamp() * 1000)


@pytest.fixture
def crew(tmp_path):
    clock = Clock(ms("2026-11-30 08:00", "UTC"))  # a Monday
    people = team(tmp_path, clock, members=("ben", "cal"))
    for person in people.values():
        write_relay(person.home.templates)
    return people, clock


def test_routing_reads_the_roster_on_every_replica(crew) -> None:
    people, clock = crew
    ana, ben, cal = people["ana"], people["ben"], people["cal"]
    membership.set_member(ben, "ben", hours="mon-fri 13:00-21:00", tz="UTC")
    membership.set_member(cal, "cal", hours="mon-fri 07:00-15:00", tz="UTC", holidays="de-be")
    trade(*people.values())
    views = [{m.user: (m.stages, str(m.hours), m.holidays) for m in members(p.store)} for p in people.values()]
    assert all(view == views[0] for view in views)
    assert views[0]["cal"] == (("beta",), "mon-fri 07:00-15:00", "DE-BE")
    assert receiver_for(ana, "beta").user == "cal"  # 08:00: cal is working, ben starts at 13:00
    membership.away(cal, "cal", "2026-11-30", "2026-12-04", reason="conference")
    trade(*people.values())
    picked = receiver_for(ana, "beta")
    assert picked.user == "ben" and picked.reason.startswith("starts soonest (Mon 13:00 their time)")
    handoff = ana.create("relay", "Acme rollout")
    assert ana.state(handoff).receiver == "ben"


def test_team_set_refuses_hours_and_holidays_it_cannot_read(crew) -> None:
    people, _ = crew
    with pytest.raises(InvalidValue, match="working hours"):
        membership.set_member(people["ben"], "ben", hours="whenever I like")
    with pytest.raises(InvalidValue, match="holidays"):
        membership.set_member(people["ben"], "ben", holidays="XX")


def test_baton_away_writes_to_the_roster_once_a_team_exists(crew) -> None:
    people, _ = crew
    home = people["ben"].home.root
    for person in people.values():
        person.close()
    result = CliRunner().invoke(
        cli,
        ["away", "--from", "2030-12-21", "--to", "2030-12-24", "--reason", "winter break"],
        env={"BATON_HOME": str(home)},
    )
    assert result.exit_code == 0, result.stderr
    from baton.core.replica import Replica

    ben = Replica.open(people["ben"].home)
    [me] = [m for m in members(ben.store) if m.user == "ben"]
    assert [(str(a.start), str(a.end), a.reason) for a in me.away] == [("2030-12-21", "2030-12-24", "winter break")]
    assert ben.store.roster().member("ben").away == (("2030-12-21", "2030-12-24", "winter break"),)
    ben.close()


def test_a_leads_stage_rule_reaches_every_replica(crew) -> None:
    from baton.core.errors import NotAllowed

    people, _ = crew
    ana, ben, cal = people["ana"], people["ben"], people["cal"]
    with pytest.raises(NotAllowed, match="only a lead"):
        membership.set_stage_rule(ben, "beta", "owner", "ben")
    membership.set_stage_rule(ana, "beta", "owner", "ben")
    trade(*people.values())
    for person in (ana, cal):
        picked = receiver_for(person, "beta")
        assert (picked.user, picked.rule) == ("ben", "owner")
    membership.set_stage_rule(ana, "beta", "least-loaded")
    trade(*people.values())
    assert receiver_for(cal, "beta").rule == "least-loaded"
