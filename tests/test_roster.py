"""The roster: founding, invitations, roles at a stamp, removal, and the lead check on handoffs."""

from __future__ import annotations

import pytest

from baton.core.errors import NotAllowed
from baton.core.team import membership
from baton.core.team.roster import TEAM_STREAM, fold_roster, not_on_team
from tests.team_support import Clock, person, team, trade


def test_the_founder_is_the_first_lead_and_a_joiner_gets_the_invited_role(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    for replica in people.values():
        roster = replica.store.roster()
        assert roster.founder == "ana"
        assert [(m.user, m.role, m.stages) for m in roster.members()] == [
            ("ana", "lead", ()),
            ("ben", "member", ("beta",)),
        ]
        assert roster.is_lead("ana") and not roster.is_lead("ben")
    assert people["ana"].store.roster().version() == people["ben"].store.roster().version()


def test_a_role_is_asked_at_a_stamp(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    ana = people["ana"]
    before = ana.clock.tick()
    membership.set_member(ana, "ben", role="lead")
    roster = ana.store.roster()
    assert not roster.is_lead("ben", before)
    assert roster.is_lead("ben")
    assert roster.is_lead("ben", ana.clock.tick())


def test_a_device_is_known_by_its_key(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    roster = people["ana"].store.roster()
    ben_key = membership.device_key(people["ben"].home).public
    assert roster.device_user(ben_key) == "ben"
    assert roster.is_enrolled("ben", ben_key)
    assert not roster.is_enrolled("ana", ben_key)
    assert roster.device_user("x" * 43) is None


def test_a_member_cannot_change_the_roster(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    with pytest.raises(NotAllowed, match="only a lead"):
        membership.set_member(people["ben"], "ben", role="lead")
    with pytest.raises(NotAllowed, match="only a lead"):
        membership.invite(people["ben"], "cleo")
    assert not people["ben"].store.roster().is_lead("ben")


def test_a_member_sets_their_own_hours_and_time_away(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    ben = people["ben"]
    membership.set_member(ben, "ben", hours="mon-fri 09:00-17:00", holidays="DE", tz="Europe/Berlin")
    membership.away(ben, "ben", "2026-12-24", "2026-12-31")
    member = ben.store.roster().member("ben")
    assert (member.hours, member.holidays, member.tz) == ("mon-fri 09:00-17:00", "DE", "Europe/Berlin")
    assert member.away == (("2026-12-24", "2026-12-31", ""),)
    assert [m.user for m in ben.store.roster().members_for_stage("beta")] == ["ben"]


def test_a_second_founding_by_another_key_is_ignored(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    mallory = person(tmp_path, "mallory", Clock(start=clock.now - 3_600_000), role="lead")
    membership.found(mallory)  # her own team, in her own home, stamped an hour before Ana's
    trade(people["ana"], people["ben"], mallory)
    for user in ("ana", "ben"):
        roster = people[user].store.roster()
        assert roster.founder == "ana"
        assert roster.member("mallory") is None
        assert any("founding of another team" in r.reason for r in roster.refused)


def test_a_forged_signature_is_refused(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    events = people["ana"].store.roster_events()
    founding = next(e for e in events if e["kind"] == "team_founded")
    forged = {**founding, "payload": {**founding["payload"], "name": "Someone Else"}}
    roster = fold_roster([forged])
    assert not roster.founded
    assert "signature does not match" in roster.refused[0].reason


def test_a_removed_member_is_no_longer_on_the_team(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    ana = people["ana"]
    membership.remove(ana, "ben")
    roster = ana.store.roster()
    assert roster.member("ben") is None
    assert roster.removed("ben")[1] == "ana"
    assert roster.writer_problem("ben", people["ben"].config.replica_id, ana.clock.tick()).reason == (
        "ben was removed from the team by ana"
    )


def test_roster_events_live_in_the_team_stream_not_the_handoff_list(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    store = people["ana"].store
    assert store.query("SELECT count(*) FROM handoffs").__next__()[0] == 0
    kinds = [r[0] for r in store.query("SELECT kind FROM events WHERE handoff_id = ?", (TEAM_STREAM,))]
    assert "team_founded" in kinds and "member_joined" in kinds


def test_a_home_that_never_joined_is_not_on_the_team(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    fake = person(tmp_path / "fake", "ana", clock)
    roster = people["ben"].store.roster()
    assert roster.writer_problem("ana", fake.config.replica_id, fake.clock.tick()).reason == not_on_team("ana")
    assert roster.writer_problem("ana", people["ana"].config.replica_id, fake.clock.tick()) is None


def test_pending_invitations_are_the_unused_unexpired_ones_for_people_not_on_the_team(tmp_path):
    clock = Clock()
    people = team(tmp_path, clock)
    ana = people["ana"]
    first = membership.invite(ana, "dan")
    membership.invite(ana, "dan")  # a second code for the same person
    short = membership.invite(ana, "eve", days=0.0001)
    now = clock.now
    assert sorted(i.user for i in ana.store.roster().pending_invites(now)) == ["dan", "dan", "eve"]
    assert [i.user for i in ana.store.roster().pending_invites(short.expires + 1)] == ["dan", "dan"]
    dan = person(tmp_path, "dan", clock)
    trade(ana, dan)
    membership.join(dan, first)
    trade(ana, dan)
    assert [i.user for i in ana.store.roster().pending_invites(now)] == ["eve"]


def test_a_confirmed_device_from_before_teams_trusts_the_team_that_enrols_it_not_an_earlier_forgery(tmp_path):
    clock = Clock()
    ana = person(tmp_path, "ana", clock, role="lead")
    ben = person(tmp_path, "ben", clock)  # from before teams: he never gets an invitation code
    mallory = person(tmp_path, "mallory", Clock(start=clock.now - 3_600_000), role="lead")
    membership.found(mallory)  # stamped an hour before Ana's founding
    membership.found(ana)
    ben_key = membership.device_key(ben.home).public
    membership.confirm(ana, "ben", ben_key, ben.config.replica_id)
    trade(ana, ben, mallory)
    roster = ben.store.roster()
    assert roster.founder == "ana" and roster.member("ben") is not None
    assert ben.store.team_pin() is not None and ben.store.team_pin().id == roster.team
