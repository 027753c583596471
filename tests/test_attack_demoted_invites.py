"""A lead made a member again keeps no lead's power through the codes they made as a lead: a demotion revokes, in
the same change, their pending invitations that needed a lead (someone new, or a device for someone else), as a
removal does; an invitation for a device of their own stays, since a member may make one. A record of theirs that
the demoting copy never saw is judged at the demotion: a lead's invitation in it never counts, and neither does a
device invitation for someone else."""

from __future__ import annotations

import contextlib

import pytest
from sync_support import sync_once, teammate, use_wall
from test_sync_retire_watermark import Wall, join

from baton.core.errors import NotAllowed
from baton.core.hlc import Clock
from baton.core.team import membership
from baton.core.team.join_wait import join_wait


@pytest.fixture
def crew(tmp_path, shared):
    """ana and ben leads, dan a member, all synced."""
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, role="lead", wall=wall)
    membership.found(ana)
    sync_once(ana)
    people = {"ana": ana}
    for user in ("ben", "dan"):
        people[user] = join(tmp_path, shared, ana, user, wall)
    membership.set_member(ana, "ben", role="lead")
    for replica in (*people.values(), ana):
        sync_once(replica)
    return people, wall


def everyone(*replicas):
    for _ in range(2):
        for replica in replicas:
            sync_once(replica)


def current_devices(replica, user):
    return {d.key for d in replica.store.roster().devices_of(user) if d.until is None}


def test_a_demotion_revokes_the_codes_that_needed_a_lead_and_keeps_the_own_device_one(tmp_path, shared, crew):
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    for_eve = membership.invite(ben, "eve", role="lead")
    for_dan = membership.invite(ben, "dan", device=True)  # a lead's: a device that would speak for dan
    for_ben = membership.invite(ben, "ben", device=True)  # his own next device: a member may make one
    sync_once(ben)
    sync_once(ana)
    membership.set_member(ana, "ben", role="member")
    roster = ana.store.roster()
    assert {for_eve.id, for_dan.id} <= roster.revoked.keys()
    assert for_ben.id not in roster.revoked
    sync_once(ana)
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    other = teammate(tmp_path, "dan", shared, wall=wall, device="-other")
    laptop = teammate(tmp_path, "ben", shared, wall=wall, device="-laptop")
    for device, code in ((eve, for_eve), (other, for_dan), (laptop, for_ben)):
        with contextlib.suppress(NotAllowed):  # refused at once when the home read the revocation first: fine
            membership.join(device, code)
        sync_once(device)
    everyone(ana, dan, ben)
    for replica in (ana, dan, ben):
        roster = replica.store.roster()
        assert roster.member("eve") is None, replica.user
        assert current_devices(replica, "dan") == current_devices(dan, "dan") and len(current_devices(dan, "dan")) == 1
        assert membership.device_key(laptop.home).public in current_devices(replica, "ben"), replica.user
        assert not roster.is_lead("ben")
    assert ana.store.roster().version() == dan.store.roster().version() == ben.store.roster().version()


def test_a_join_the_demoting_copy_had_not_seen_needs_a_new_code_on_every_copy(tmp_path, shared, crew):
    """eve joined with ben's code and dan's copy took her in, but ana demoted ben before her copy saw the join:
    as with a removal, the code is revoked, and the join never counts, on dan's copy too: eve needs a new code."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    code = membership.invite(ben, "eve")
    sync_once(ben)
    sync_once(ana)
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    sync_once(eve)
    membership.join(eve, code)
    sync_once(eve)
    sync_once(dan)
    assert dan.store.roster().member("eve") is not None  # dan's copy let her in with the code it knew
    membership.set_member(ana, "ben", role="member")  # ana's copy has not read eve's folder yet
    assert code.id in ana.store.roster().revoked
    everyone(ana, dan, eve)
    for replica in (ana, dan, eve):
        assert replica.store.roster().member("eve") is None, replica.user
    for replica in (dan, eve):  # the copies that took the join in say why it does not count (ana's kept it aside)
        assert [r.reason for r in replica.store.roster().refused] == ["the invitation was revoked"], replica.user
    assert ana.store.roster().version() == dan.store.roster().version()


def test_a_code_the_demoting_copy_never_saw_never_counts(tmp_path, shared, crew):
    """ben invites eve and does not sync; ana demotes him: his record comes past the demotion's watermark, so it
    is a member's, and eve's join never counts; she and her teammates are told why."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    code = membership.invite(ben, "eve")
    membership.set_member(ana, "ben", role="member")
    sync_once(ana)
    sync_once(ben)
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    with contextlib.suppress(NotAllowed):
        membership.join(eve, code)
    sync_once(eve)
    everyone(ana, dan, eve)
    for replica in (ana, dan):
        roster = replica.store.roster()
        assert roster.member("eve") is None, replica.user
        wait = join_wait(roster, eve.config.replica_id)
        assert wait is not None and wait.ended == "ben stopped being a lead", replica.user


def test_a_demoted_lead_backdating_a_device_code_for_someone_else_brings_no_device_in(tmp_path, shared, crew):
    """Demoted, ben sets his clock back and makes a device code for dan, for a device of his own that would then
    speak for dan: its record comes past the demotion's watermark, where ben is a member, who invites only
    devices of their own."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    early = wall.now + 1
    membership.set_member(ana, "ben", role="member")
    sync_once(ana)
    use_wall(ben, lambda: early)
    ben.clock = Clock(ben.config.replica_id, None, wall=lambda: early)
    code = membership.invite(ben, "dan", device=True)
    sync_once(ben)
    device = teammate(tmp_path, "dan", shared, wall=wall, device="-bens")
    with contextlib.suppress(NotAllowed):
        membership.join(device, code)
    sync_once(device)
    everyone(ana, dan)
    key = membership.device_key(device.home).public
    for replica in (ana, dan):
        assert key not in current_devices(replica, "dan"), replica.user
        assert any(r.reason.startswith("only a lead can invite") for r in replica.store.roster().refused)


def test_a_demotion_whose_revocations_cannot_be_written_is_not_made_at_all(crew, monkeypatch):
    """Demoting ben and revoking his lead's codes is one change: should a revocation fail to be written, ben stays
    a lead and his code pending, so the lead can try again."""
    from baton.core.team import writing

    people, _ = crew
    ana, ben = people["ana"], people["ben"]
    code = membership.invite(ben, "eve")
    sync_once(ben)
    sync_once(ana)
    written = writing.write

    def failing(replica, event, *args, **kwargs):
        if event["kind"] == "invite_revoked":
            raise OSError("disk full")
        return written(replica, event, *args, **kwargs)

    monkeypatch.setattr(writing, "write", failing)
    with pytest.raises(OSError):
        membership.set_member(ana, "ben", role="member")
    roster = ana.store.roster()
    assert roster.is_lead("ben") and code.id not in roster.revoked
    monkeypatch.setattr(writing, "write", written)
    membership.set_member(ana, "ben", role="member")
    roster = ana.store.roster()
    assert not roster.is_lead("ben") and code.id in roster.revoked


def test_team_set_says_which_invitations_the_demotion_took_with_it(tmp_path):
    from test_team_cli import Team

    from baton.core.team.invite import read_code

    crew = Team(tmp_path)
    crew.found()
    assert crew.join("ben", crew.invite("ben", "--role", "lead")).exit_code == 0
    assert crew("ana", "sync").exit_code == 0
    made = crew.invite("eve", by="ben")
    own = crew("ben", "team", "invite", "--device")
    assert own.exit_code == 0, own.output
    assert crew("ben", "sync").exit_code == 0 and crew("ana", "sync").exit_code == 0
    demoted = crew("ana", "team", "set", "ben", "--role", "member")
    assert demoted.exit_code == 0, demoted.output
    assert f"Revoked with it: 1 invitation not used yet ({read_code(made).id})" in demoted.stdout
    again = crew("ana", "team", "set", "ben", "--stage", "beta")
    assert again.exit_code == 0 and "Revoked" not in again.stdout


@pytest.mark.parametrize("kind", ["member_set", "member_removed"])
def test_a_demotion_or_removal_by_an_older_baton_loses_its_codes_when_a_lead_copy_marks_it(
    tmp_path, shared, crew, kind
):
    """An older baton revoked nothing: the lead's copy that names the missing watermark revokes them with it."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    code = membership.invite(ben, "eve")
    own = membership.invite(ben, "ben", device=True)
    sync_once(ben)
    sync_once(ana)
    payload = {"user": "ben", "role": "member"} if kind == "member_set" else {"user": "ben"}
    membership._write(ana, membership._build(ana, kind, payload, membership.device_key(ana.home)))  # no upto
    assert code.id not in ana.store.roster().revoked
    sync_once(ana)  # names the watermark, and revokes
    roster = ana.store.roster()
    assert code.id in roster.revoked
    assert (own.id in roster.revoked) == (kind == "member_removed")  # a member's own device code stays theirs
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    with contextlib.suppress(NotAllowed):
        membership.join(eve, code)
    sync_once(eve)
    everyone(ana, dan)
    for replica in (ana, dan):
        assert replica.store.roster().member("eve") is None, replica.user
