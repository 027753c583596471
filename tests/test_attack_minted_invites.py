"""A lead's key that no longer speaks for the team (a stolen laptop retired, a removed or demoted lead) cannot
mint an invitation that brings anyone in: the invitation is signed by that key and stamped before the end, but
the join that carries it is written in the newcomer's own folder, past every watermark."""

from __future__ import annotations

import contextlib

import pytest
from sync_support import sync_once, teammate, use_wall
from test_sync_retire_watermark import Wall, join, retire, stolen

from baton.core.errors import NotAllowed
from baton.core.hlc import Clock
from baton.core.team import membership
from baton.core.team.invite import read_code


@pytest.fixture
def crew(tmp_path, shared):
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


def ended(tmp_path, people, wall, how):
    """ben's lead key after it stopped speaking for the team, its clock set back to before the end."""
    ana, ben = people["ana"], people["ben"]
    early = wall.now + 1
    if how == "stolen":
        minter = stolen(tmp_path, ben, early)
        retire(ana, "ben")
    else:
        if how == "removed":
            membership.remove(ana, "ben")
        else:
            membership.set_member(ana, "ben", role="member")
        use_wall(ben, lambda: early)
        ben.clock = Clock(ben.config.replica_id, None, wall=lambda: early)
        minter = ben
    sync_once(ana)
    return minter


@pytest.mark.parametrize("how", ["stolen", "removed", "demoted"])
@pytest.mark.parametrize("eve_reads_first", [False, True], ids=["blind", "read-first"])
def test_an_invitation_minted_with_a_lead_key_past_its_end_brings_nobody_in(
    tmp_path, shared, crew, how, eve_reads_first
):
    people, wall = crew
    ana, dan = people["ana"], people["dan"]
    minter = ended(tmp_path, people, wall, how)
    code = membership.invite(minter, "eve", role="lead")  # signed by the ended key, stamped before the end
    sync_once(minter)
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    if eve_reads_first:
        sync_once(eve)
    with contextlib.suppress(NotAllowed):  # refused at once, once the home has read the folder: fine too
        membership.join(eve, code)
    sync_once(eve)
    with contextlib.suppress(NotAllowed):  # eve's own copy learns she is not on the team
        eve.create("relay", "Work of a minted newcomer", "ana")
    sync_once(eve)
    for replica in (ana, dan, eve, ana, dan):
        sync_once(replica)
    for replica in (ana, dan):
        roster = replica.store.roster()
        assert roster.member("eve") is None, (replica.user, how)
        titles = [r[0] for r in replica.store.query("SELECT title FROM handoffs")]
        assert "Work of a minted newcomer" not in titles, replica.user
    assert ana.store.roster().version() == dan.store.roster().version()


def test_a_members_stolen_key_cannot_mint_a_new_device_for_them(tmp_path, shared, crew):
    """A device invitation needs no lead: a thief with dan's retired laptop mints one, stamped before the
    retirement, for a device of its own that would then speak for dan."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    thief = stolen(tmp_path, dan, wall.now + 1)
    retire(ana, "dan")
    sync_once(ana)
    code = membership.invite(thief, "dan", device=True)
    sync_once(thief)
    device = teammate(tmp_path, "dan", shared, wall=wall, device="-new")
    with contextlib.suppress(NotAllowed):
        membership.join(device, code)
    sync_once(device)
    for replica in (ana, ben, ana, ben):
        sync_once(replica)
    for replica in (ana, ben):
        current = [d for d in replica.store.roster().devices_of("dan") if d.until is None]
        assert current == [], replica.user


def test_a_join_that_arrives_before_its_invitations_record_counts_once_the_record_does(tmp_path, shared, crew):
    """The record sits in the lead's folder; a lead who invites and goes offline leaves a join waiting, not
    refused for good: every replica takes the newcomer in once the lead's segment arrives."""
    people, wall = crew
    ana, dan = people["ana"], people["dan"]
    code = membership.invite(ana, "eve")  # ana does not sync: the record stays on her laptop
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    sync_once(eve)  # eve reads the team from the folder first, as `init --invite` does
    membership.join(eve, code)  # written, waiting for the record
    sync_once(eve)
    sync_once(dan)
    assert dan.store.roster().member("eve") is None
    assert eve.store.roster().member("eve") is None  # her own copy says the same as everyone's
    for replica in (ana, dan, eve):
        sync_once(replica)
    eve.create("relay", "Eve's first", "dan")
    for replica in (eve, ana, dan):
        sync_once(replica)
    for replica in (ana, dan, eve):
        assert replica.store.roster().member("eve") is not None, replica.user
        assert "Eve's first" in [r[0] for r in replica.store.query("SELECT title FROM handoffs")], replica.user
    assert ana.store.roster().version() == dan.store.roster().version() == eve.store.roster().version()


def test_init_invite_says_when_the_join_waits_for_the_record_and_team_invite_sends_it_at_once(tmp_path):
    from test_team_cli import Team

    from baton.core.home import Home
    from baton.core.replica import Replica

    crew = Team(tmp_path)
    crew.found()
    sent = crew.invite("ben")  # the command sends the record out with the code
    joined = crew.join("ben", sent)
    assert joined.exit_code == 0 and "note:" not in joined.stderr, joined.stderr
    ana = Replica.open(Home(crew.home("ana")))
    kept = membership.invite(ana, "cleo")  # made without a sync: the record stays in ana's home
    ana.close()
    waiting = crew.join("cleo", kept.code())
    assert waiting.exit_code == 0, waiting.stderr
    assert waiting.stderr.count("record of this invitation has not reached the shared folder yet") == 1
    assert crew("ana", "sync").exit_code == 0
    assert crew("cleo", "sync").exit_code == 0
    cleo = Replica.open(Home(crew.home("cleo")))
    assert cleo.store.roster().member("cleo") is not None
    cleo.close()


def test_a_removed_leads_codes_handed_out_before_the_removal_bring_nobody_in(tmp_path, shared, crew):
    """ben, a lead gone rogue, makes a lead's code for an accomplice (recorded and sent out, all in order), then
    ana removes him: the code ends with him, on every replica, whenever the accomplice tries it."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    code = membership.invite(ben, "eve", role="lead")
    sync_once(ben)
    sync_once(ana)
    membership.remove(ana, "ben")
    sync_once(ana)
    eve = teammate(tmp_path, "eve", shared, wall=wall)
    with contextlib.suppress(NotAllowed):  # eve's home reads the revocation first: refused at once
        membership.join(eve, code)
    for replica in (eve, ana, dan, ana, dan):
        sync_once(replica)
    for replica in (ana, dan):
        assert replica.store.roster().member("eve") is None, replica.user
    assert code.id in ana.store.roster().revoked


def test_a_code_made_on_a_laptop_before_its_retirement_brings_no_device_in_after_it(tmp_path, shared, crew):
    """A thief on dan's laptop, still valid, makes a device code for a device of its own and syncs; ana retires
    the laptop: the pending code is revoked with it, so the thief's device never speaks for dan."""
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    code = membership.invite(dan, "dan", device=True)
    sync_once(dan)
    sync_once(ana)
    retire(ana, "dan")
    sync_once(ana)
    device = teammate(tmp_path, "dan", shared, wall=wall, device="-thief")
    with contextlib.suppress(NotAllowed):
        membership.join(device, code)
    for replica in (device, ana, ben, ana, ben):
        sync_once(replica)
    for replica in (ana, ben):
        assert [d for d in replica.store.roster().devices_of("dan") if d.until is None] == [], replica.user


def test_an_invitation_used_before_its_maker_was_removed_keeps_counting(tmp_path, shared, crew):
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    eve = join(tmp_path, shared, ben, "eve", wall)  # invited by lead ben, joined in time
    for replica in (ben, ana, dan):
        sync_once(replica)
    membership.remove(ana, "ben")
    for replica in (ana, dan, eve, ana):
        sync_once(replica)
    for replica in (ana, dan, eve):
        assert replica.store.roster().member("eve") is not None, replica.user


def test_team_remove_and_remove_device_say_which_invitations_went_with_them(tmp_path):
    from test_team_cli import Team

    from baton.core.home import Home
    from baton.core.replica import Replica

    crew = Team(tmp_path)
    crew.found()
    assert crew.join("ben", crew.invite("ben", "--role", "lead")).exit_code == 0
    assert crew("ana", "sync").exit_code == 0
    made = crew.invite("eve", by="ben")
    assert crew("ana", "sync").exit_code == 0
    removed = crew("ana", "team", "remove", "ben")
    assert removed.exit_code == 0, removed.output
    eve_id = read_code(made).id
    assert f"Revoked with it: 1 invitation not used yet ({eve_id})" in removed.stdout
    assert crew.join("cleo", crew.invite("cleo")).exit_code == 0
    assert crew("ana", "sync").exit_code == 0
    device = crew("cleo", "team", "invite", "--device")
    assert device.exit_code == 0
    assert crew("cleo", "sync").exit_code == 0 and crew("ana", "sync").exit_code == 0
    cleo = Replica.open(Home(crew.home("cleo")))
    fingerprint = membership.device_key(cleo.home).fingerprint
    cleo.close()
    retired = crew("ana", "team", "remove-device", "cleo", fingerprint)
    assert retired.exit_code == 0, retired.output
    assert "Revoked with it: 1 invitation not used yet" in retired.stdout


def test_a_removal_whose_revocations_cannot_be_written_is_not_made_at_all(tmp_path, shared, crew, monkeypatch):
    """Removing ben and revoking his pending codes is one change: should a revocation fail to be written, ben
    stays on the team and his code pending, so the lead can try again (never a removal that left a code)."""
    from baton.core.team import writing

    people, _ = crew
    ana, ben = people["ana"], people["ben"]
    code = membership.invite(ben, "eve", role="lead")
    sync_once(ben)
    sync_once(ana)
    written = writing.write

    def failing(replica, event, *args, **kwargs):
        if event["kind"] == "invite_revoked":
            raise OSError("disk full")
        return written(replica, event, *args, **kwargs)

    monkeypatch.setattr(writing, "write", failing)
    with pytest.raises(OSError):
        membership.remove(ana, "ben")
    roster = ana.store.roster()
    assert roster.member("ben") is not None
    assert code.id in roster.invites and code.id not in roster.revoked
    monkeypatch.setattr(writing, "write", written)
    membership.remove(ana, "ben")
    roster = ana.store.roster()
    assert roster.member("ben") is None and code.id in roster.revoked
