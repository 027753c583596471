"""One name, one person: a name another member goes by (or has as their user name) is refused by the command
and by every copy's roster, compared as a reader sees it (case, width, invisible characters, spaces)."""

from __future__ import annotations

import pytest
from cli_support import baton
from team_support import Clock, person, team, trade
from test_sync_attacks import raw

from baton.core.errors import InvalidValue
from baton.core.replica import Replica
from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.core.team.member_fields import name_key
from baton.core.team.roster import TEAM_STREAM
from baton.sync.setup import refused_field, set_up_home


def names(replica: Replica) -> dict[str, str]:
    return {m.user: m.name for m in replica.store.roster().members()}


def refused_rename(home, name: str):
    """`baton team set ben --name NAME` in `home` (its replicas closed), refused: exit 1, nothing on stdout, no
    roster event signed and ben still Ben. The run, for its words."""
    before = Replica.open(home)
    events = len(before.store.roster_events())
    before.close()
    result = baton(home.root, "team", "set", "ben", "--name", name)
    assert result.exit_code == 1, result.output
    assert result.stdout == "", result.output
    after = Replica.open(home)
    try:
        assert len(after.store.roster_events()) == events
        assert names(after)["ben"] == "Ben"
    finally:
        after.close()
    return result


@pytest.fixture
def crew(tmp_path):
    """ana (lead), ben and cleo on one team, every copy holding every event; names Ana, Ben, Cleo."""
    return team(tmp_path, Clock(), members=("ben", "cleo"))


@pytest.mark.parametrize(
    "name", ["Cleo", "CLEO", "  cleo  ", "ｃｌｅｏ", "Cle\u200bo", "ana", "Cle\u043e", "CLE\u041e", "\u0410n\u0430"]
)
def test_team_set_refuses_a_name_a_teammate_goes_by_and_signs_nothing(crew, name) -> None:
    ben = crew["ben"]
    home = ben.home
    for replica in crew.values():
        replica.close()
    result = refused_rename(home, name)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "choose a name no teammate goes by" in result.stderr


def test_a_lead_cannot_give_one_member_anothers_name_and_a_case_change_of_ones_own_stands(crew) -> None:
    ana = crew["ana"]
    with pytest.raises(InvalidValue, match="cleo already goes by Cleo"):
        membership.set_member(ana, "ben", name="cleo")
    membership.set_member(ana, "ben", name="BEN")  # their own name, written otherwise: nobody else's
    assert names(ana)["ben"] == "BEN"


def test_a_signed_rename_to_a_teammates_name_arriving_through_sync_is_refused_on_every_copy(crew) -> None:
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    event = raw(ben, "member_set", TEAM_STREAM, {"user": "ben", "name": "Cleo"}, DeviceKey.load(ben.home.device_key))
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        roster = replica.store.roster()
        assert names(replica) == {"ana": "Ana", "ben": "Ben", "cleo": "Cleo"}
        refused = [r.reason for r in roster.refused if r.event_id == event["id"]]
        assert refused == ["name: cleo already goes by Cleo: choose a name no teammate goes by"]


def test_two_renames_to_one_name_made_at_once_keep_the_earlier_on_every_copy(crew) -> None:
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    first = membership.set_member(ben, "ben", name="Sam")  # neither copy has seen the other's rename
    second = membership.set_member(cleo, "cleo", name="sam")
    assert first.hlc < second.hlc
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        assert names(replica) == {"ana": "Ana", "ben": "Sam", "cleo": "Cleo"}
        assert [r.event_id for r in replica.store.roster().refused] == [second.id]


def test_a_join_under_a_taken_name_is_refused_before_anything_is_written(tmp_path, crew) -> None:
    ana = crew["ana"]
    dan = person(tmp_path, "dan", Clock(ana.wall() + 10_000))
    code = membership.invite(ana, "dan")
    trade(ana, dan)
    dan.config = dan.config.with_(display_name="Cleo")
    before = dan.store.event_rows()
    with pytest.raises(InvalidValue, match="cleo already goes by Cleo") as refused:
        membership.join(dan, code)
    assert refused.value.field == "name"
    assert dan.store.event_rows() == before


def test_a_join_whose_name_is_taken_stands_with_the_newcomers_user_name(tmp_path, crew) -> None:
    """A join written before its home knew the roster (the founding had not reached it) is judged by every copy:
    the person joins, shown by their user name, not as someone else."""
    ana, ben = crew["ana"], crew["ben"]
    dan = person(tmp_path, "dan", Clock(ana.wall() + 10_000))
    dan.config = dan.config.with_(display_name="Cleo")
    code = membership.invite(ana, "dan")
    membership.join(dan, code)  # this home has not taken in the team yet
    trade(ana, ben, dan)
    for replica in (ana, ben, dan):
        assert names(replica)["dan"] == "dan"
        assert names(replica)["cleo"] == "Cleo"


def test_the_setup_screen_puts_a_taken_name_on_its_name_field_and_leaves_the_home_empty(tmp_path, shared) -> None:
    from sync_support import sync_once, teammate

    ana = teammate(tmp_path, "ana", shared, role="lead")
    membership.found(ana)
    code = membership.invite(ana, "ben")
    sync_once(ana)
    home = tmp_path / "ben-home"
    from baton.core.home import Home

    with pytest.raises(InvalidValue) as refused:
        set_up_home(Home(home), "ben", tz="UTC", display_name="ANA", sync_dir=str(shared), code=code.code())
    assert refused_field(refused.value) == "name"
    assert not home.exists()


def test_names_compare_as_a_reader_sees_them() -> None:
    assert name_key(" Ｃａｔ\u00a0 Lee ") == name_key("cat lee") == name_key("CAT\u200d LEE")
    assert name_key("Cat") != name_key("Kat")


def test_a_lead_change_whose_rename_clashed_keeps_its_role_and_stages_on_every_copy(crew) -> None:
    """cleo renames herself Zed on her copy; ana, not having seen it, renames ben Zed and makes him a lead with
    a stage. Only the name is not applied: an older baton's rename, or one made at once elsewhere, must not
    take a lead's role, stages or zone away with it."""
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    membership.set_member(cleo, "cleo", name="Zed")
    membership.set_member(ana, "ben", name="Zed", role="lead", stages=["delivery"], tz="Asia/Tokyo")
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        ben_now = replica.store.roster().member("ben")
        assert ben_now is not None
        assert (ben_now.name, ben_now.role, ben_now.stages, ben_now.tz) == ("Ben", "lead", ("delivery",), "Asia/Tokyo")
        assert names(replica)["cleo"] == "Zed"


def test_ones_own_user_name_is_ones_own_even_when_a_teammate_took_it_first(tmp_path, crew) -> None:
    """cleo goes by "Eve" from just before eve is invited, on her copy (ana's, which invites, has not seen it:
    an invitation takes back no name already taken); eve joins without a name of her own, then sets her user
    name as her name: both are hers, never refused as cleo's."""
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    membership.set_member(cleo, "cleo", name="Eve")
    eve = person(tmp_path, "eve", Clock())
    code = membership.invite(ana, "eve", stages=["beta"])
    trade(ana, ben, cleo)
    assert names(ana)["cleo"] == "Eve"
    trade(ana, eve)
    membership.join(eve, code)
    trade(ana, ben, cleo, eve)
    membership.set_member(eve, "eve", name="eve")
    trade(ana, ben, cleo, eve)
    assert names(ana)["eve"] == "eve" and names(eve)["eve"] == "eve"
