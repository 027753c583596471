"""`--holidays none` clears a member's public-holiday region once a team exists, as setting one does.

Someone moves country, or a region was set wrongly: clearing it is a signed `member_set` roster event
(holidays ""), written through the same core path as setting one and read the same on every replica.
A region no one knows still gets one clear message and changes nothing; a signed event whose holidays is
no region at all is refused by every replica's roster alike.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest
from team_support import Clock, team, trade
from test_team_listings import crew_of_two

from baton.core.errors import InvalidValue
from baton.core.event_model import Event
from baton.core.members import members
from baton.core.team import membership
from baton.core.team.roster import TEAM_STREAM

CHRISTMAS = date(2026, 12, 25)  # a Friday, a public holiday in Berlin


@pytest.fixture
def crew(tmp_path):
    """ana (a lead), ben and cal on one founded team, each on a replica of their own."""
    return team(tmp_path, Clock(), members=("ben", "cal"))


def holidays_everywhere(people, user: str) -> set[str | None]:
    """`user`'s region as each replica's routing reads it."""
    return {next(m.holidays for m in members(p.store) if m.user == user) for p in people.values()}


def roster_events(person) -> int:
    return len([r for r in person.store.event_rows() if r["handoff_id"] == TEAM_STREAM])


def test_clearing_a_region_is_a_signed_roster_change_every_replica_reads_the_same(crew) -> None:
    people = crew
    ana, cal = people["ana"], people["cal"]
    membership.set_member(cal, "cal", holidays="de-be")
    trade(*people.values())
    assert holidays_everywhere(people, "cal") == {"DE-BE"}
    assert not next(m for m in members(ana.store) if m.user == "cal").works_on(CHRISTMAS)

    cleared = membership.set_member(cal, "cal", holidays="none")
    assert cleared.kind == "member_set" and cleared.payload["holidays"] == ""
    assert {"device", "sig"} <= set(cleared.payload)  # signed by cal's device, as any roster change
    trade(*people.values())
    assert holidays_everywhere(people, "cal") == {None}
    assert all(p.store.roster().member("cal").holidays is None for p in people.values())
    assert next(m for m in members(ana.store) if m.user == "cal").works_on(CHRISTMAS)

    membership.set_member(ana, "ben", holidays="FR")  # a lead sets and clears another's, as for the rest
    membership.set_member(ana, "ben", holidays=" None ")
    trade(*people.values())
    assert holidays_everywhere(people, "ben") == {None}


@pytest.mark.parametrize("region", ["XX", "DE-NOWHERE", "none of them"])
def test_a_region_no_one_knows_is_refused_and_changes_nothing(crew, region) -> None:
    people = crew
    cal = people["cal"]
    membership.set_member(cal, "cal", holidays="DE")
    before = roster_events(cal)
    with pytest.raises(InvalidValue, match="holidays"):
        membership.set_member(cal, "cal", holidays=region, hours="mon-fri 10:00-18:00")
    assert roster_events(cal) == before
    [me] = [m for m in members(cal.store) if m.user == "cal"]
    assert (me.holidays, str(me.hours)) == ("DE", "mon-fri 09:00-17:00")


@pytest.mark.parametrize("holidays", ["Narnia", "de", 49, ["DE"]])
def test_a_signed_event_whose_holidays_is_no_region_is_refused_by_every_replica(crew, holidays) -> None:
    """Written past the command line's check (an older or a tampered baton): each roster judges the shape
    alone, the same everywhere, and keeps the region as it was."""
    people = crew
    cal = people["cal"]
    membership.set_member(cal, "cal", holidays="DE")
    event = membership._build(cal, "member_set", {"user": "cal", "holidays": holidays}, membership.device_key(cal.home))
    cal.store.append([Event.model_validate({"v": 1, **event}).row()])
    trade(*people.values())
    assert holidays_everywhere(people, "cal") == {"DE"}
    for person in people.values():
        [refused] = [r for r in person.store.roster().refused if r.event_id == event["id"]]
        assert refused.reason.startswith("holidays: not a public-holiday region")


# ---- through the command line ------------------------------------------------------------------------------


def team_json(crew, user: str) -> dict[str, object]:
    listed = crew(user, "team", "--json")
    assert listed.exit_code == 0, listed.stderr
    return {m["user"]: m["holidays"] for m in json.loads(listed.stdout)["members"]}


def test_team_set_holidays_none_clears_it_and_says_so(tmp_path) -> None:
    crew = crew_of_two(tmp_path)
    assert crew("ben", "team", "set", "ben", "--holidays", "DE-BE").exit_code == 0
    cleared = crew("ben", "team", "set", "ben", "--holidays", "none")
    assert cleared.exit_code == 0, cleared.stderr
    assert cleared.stdout == (
        "ben: member; stages: -; holidays none (no public holidays count: only their hours and days away)\n"
    )
    assert team_json(crew, "ben")["ben"] is None
    for user in ("ben", "ana"):
        crew(user, "sync")
    assert team_json(crew, "ana")["ben"] is None  # the lead's replica reads the same roster


def test_team_set_with_a_region_no_one_knows_says_so_in_one_line_and_changes_nothing(tmp_path) -> None:
    crew = crew_of_two(tmp_path)
    assert crew("ben", "team", "set", "ben", "--holidays", "DE-BE").exit_code == 0
    database = tmp_path / "ben" / "baton.db"
    with sqlite3.connect(database) as conn:
        before = conn.execute("SELECT count(*) FROM event_log").fetchone()[0]
    refused = crew("ben", "team", "set", "ben", "--holidays", "narnia")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr == "baton: unknown holidays country 'NARNIA' (use a code like DE, FR, US, or DE-BE)\n"
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM event_log").fetchone()[0] == before
    assert team_json(crew, "ben")["ben"] == "DE-BE"
