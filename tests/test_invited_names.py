"""A pending invitation keeps its person's user name: no member renames themself to it, and nobody else joins
under it, before the invitee joins, by the command and by every copy's roster alike. Once the invitation is
used, withdrawn or expired, the name is free again; the invitee's own join is never refused for it."""

from __future__ import annotations

import pytest
from conftest import run_process
from team_support import Clock, person, team, trade
from test_roster_same_name import refused_rename

from baton.core.errors import InvalidValue
from baton.core.hlc import now_ms
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.invitations import DAY_MS

RESERVED = "name: dan is the user name of someone invited to the team (by ana): choose a name no teammate goes by"


def names(replica: Replica) -> dict[str, str]:
    return {m.user: m.name for m in replica.store.roster().members()}


@pytest.fixture
def clock() -> Clock:
    """From this machine's time: the command line judges an invitation's expiry by it."""
    return Clock(now_ms())


@pytest.fixture
def crew(tmp_path, clock):
    """ana (lead), ben and cleo on one team, every copy holding every event; names Ana, Ben, Cleo."""
    return team(tmp_path, clock, members=("ben", "cleo"))


@pytest.mark.parametrize("name", ["Dan", "DAN", " dan ", "ｄａｎ", "Da\u200bn"])
def test_team_set_refuses_a_pending_invitees_user_name_in_one_line_and_signs_nothing(crew, name) -> None:
    ana, ben = crew["ana"], crew["ben"]
    membership.invite(ana, "dan")
    trade(ana, ben)
    home = ben.home
    for replica in crew.values():
        replica.close()
    assert refused_rename(home, name).stderr == f"baton: {RESERVED}\n"


def test_the_refusal_from_the_installed_command(crew) -> None:
    ana, ben = crew["ana"], crew["ben"]
    membership.invite(ana, "dan")
    trade(ana, ben)
    for replica in crew.values():
        replica.close()
    refused = run_process("team", "set", "ben", "--name", "Dan", home=ben.home.root)
    assert (refused.returncode, refused.stdout, refused.stderr) == (1, "", f"baton: {RESERVED}\n")
    taken = run_process("team", "set", "ben", "--name", "Cleo", home=ben.home.root)  # the other refusal: alike
    assert taken.returncode == refused.returncode and len(taken.stderr.splitlines()) == 1


def test_a_rename_to_an_invitees_name_arriving_through_sync_is_not_applied_on_any_copy(crew) -> None:
    """ben renames himself Dan on a copy that has not seen dan's invitation; his change is stamped after it, so
    every copy, his own too once it has the invitation, leaves the name and applies the rest of the change."""
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    made = membership.invite(ana, "dan")
    renamed = membership.set_member(ben, "ben", name="Dan", tz="Asia/Tokyo")
    alone = membership.set_member(cleo, "cleo", name="dan")
    assert made.hlc < renamed.hlc < alone.hlc
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        roster = replica.store.roster()
        assert names(replica) == {"ana": "Ana", "ben": "Ben", "cleo": "Cleo"}
        member = roster.member("ben")
        assert member is not None and member.tz == "Asia/Tokyo"
        assert [(r.event_id, r.reason) for r in roster.refused] == [(alone.id, RESERVED)]


def test_the_name_is_free_once_the_invitation_is_withdrawn_and_a_rename_made_before_stays_refused(crew) -> None:
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    made = membership.invite(ana, "dan")
    early = membership.set_member(cleo, "cleo", name="Dan")  # before the withdrawal, on a copy without either
    trade(ana, ben)
    with pytest.raises(InvalidValue, match="someone invited"):
        membership.set_member(ben, "ben", name="Dan")
    membership.revoke_invite(ana, made.code())
    trade(ana, ben)
    membership.set_member(ben, "ben", name="Dan")
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        assert names(replica) == {"ana": "Ana", "ben": "Dan", "cleo": "Cleo"}
        assert [r.event_id for r in replica.store.roster().refused] == [early.id]


def test_the_name_is_free_once_the_invitation_expired(crew, clock) -> None:
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    membership.invite(ana, "dan", days=1)
    trade(ana, ben, cleo)
    with pytest.raises(InvalidValue, match="someone invited"):
        membership.set_member(ben, "ben", name="Dan")
    clock.now += 2 * DAY_MS  # nobody lapsed it: its expiry, read off the rename's stamp, is every copy's
    membership.set_member(ben, "ben", name="Dan")
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        assert names(replica)["ben"] == "Dan" and replica.store.roster().refused == []


def test_another_persons_join_under_an_invitees_name_is_refused_and_the_invitees_own_join_stands(
    tmp_path, crew, clock
) -> None:
    ana, ben = crew["ana"], crew["ben"]
    for_dan = membership.invite(ana, "dan")
    for_eve = membership.invite(ana, "eve")
    eve = person(tmp_path, "eve", clock)
    eve.config = eve.config.with_(display_name="Dan")
    trade(ana, eve)
    before = eve.store.event_rows()
    with pytest.raises(InvalidValue, match="someone invited") as refused:
        membership.join(eve, for_eve)
    assert refused.value.field == "name" and eve.store.event_rows() == before
    dan = person(tmp_path, "dan", clock)
    trade(ana, dan)
    membership.join(dan, for_dan)  # his own user name as his name: his, never refused
    eve.config = eve.config.with_(display_name="Eve")
    membership.join(eve, for_eve)
    trade(ana, ben, dan, eve)
    for replica in (ana, ben, dan, eve):
        assert names(replica)["dan"] == "Dan" and names(replica)["eve"] == "Eve"


def test_a_join_written_before_its_home_knew_of_the_invitation_is_shown_by_its_user_name(tmp_path, crew, clock) -> None:
    """eve's join, under the name Dan, reaches the copies after dan's invitation: the join stands, her name
    counts as not given (she is shown as eve), as with a name a member goes by."""
    ana, ben = crew["ana"], crew["ben"]
    membership.invite(ana, "dan")
    for_eve = membership.invite(ana, "eve")
    eve = person(tmp_path, "eve", clock)
    eve.config = eve.config.with_(display_name="Dan")
    membership.join(eve, for_eve)  # this home has not taken in the team yet
    trade(ana, ben, eve)
    for replica in (ana, ben, eve):
        assert names(replica)["eve"] == "eve"


@pytest.mark.parametrize("name", ["Dan", "DAN", "ｄａｎ"])
def test_no_invitation_for_a_user_name_a_member_goes_by(crew, name) -> None:
    """An invitee's user name is always theirs, so one a member already goes by would show two people alike:
    the invitation is refused, nothing is written, and the lead is told what to do instead."""
    ana = crew["ana"]
    membership.set_member(ana, "ben", name=name)
    events = len(ana.store.roster_events())
    with pytest.raises(InvalidValue, match=r"ben goes by .* so a newcomer called dan could not be told apart"):
        membership.invite(ana, "dan")
    assert len(ana.store.roster_events()) == events
    assert ana.store.roster().pending_invites(now_ms()) == []
    assert membership.invite(ana, "dora").user == "dora"  # any other name is as before


def test_an_invitee_reading_like_a_teammates_user_name_is_told_to_take_another(crew) -> None:
    """c1eo reads like cleo's user name, which never changes: the refusal said "or rename cleo first", and after
    the rename it said the same again, naming her new display name."""
    ana = crew["ana"]
    membership.set_member(ana, "cleo", name="Carl Lee")
    with pytest.raises(InvalidValue) as refused:
        membership.invite(ana, "c1eo")
    said = str(refused.value)
    assert said == (
        "c1eo reads like cleo, a teammate's user name, so the two could not be told apart: invite them under "
        "another user name"
    )
    assert ana.store.roster().pending_invites(now_ms()) == []


def test_a_teammates_fast_clock_does_not_free_an_invitees_name_while_the_code_still_works(crew, clock) -> None:
    """cleo's stamps run three days ahead, lifted by a teammate whose clock is wrong; her own clock is right. She
    renames herself Dan on a copy that has not seen dan's one-day invitation. Read off her stamp, the invitation
    had expired; read off her wall time, as dan's join would be, it had not: every copy refuses the name."""
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    membership.invite(ana, "dan", days=1)
    cleo.clock.observe(f"{clock.now + 3 * DAY_MS:016d}-0000-0123456789abcdef")
    renamed = membership.set_member(cleo, "cleo", name="Dan")
    assert int(renamed.hlc[:16]) > clock.now + 2 * DAY_MS > renamed.at + DAY_MS
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        assert names(replica)["cleo"] == "Cleo"
        assert [(r.event_id, r.reason) for r in replica.store.roster().refused] == [(renamed.id, RESERVED)]
