"""A name that only reads like a teammate's ("Cleо" with a Cyrillic о, "Ana" in Cyrillic letters) is refused by
the commands that give names: a rename, a join and an invitation. The roster's own fold keeps to `name_key`, so
copies on different versions of Unicode's confusables table still hold one roster."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from team_support import Clock, person, team, trade
from test_roster_same_name import names, refused_rename
from test_sync_attacks import raw

from baton.core.errors import InvalidValue
from baton.core.team import membership
from baton.core.team.keys import DeviceKey
from baton.core.team.look_alike import reads_like
from baton.core.team.roster import TEAM_STREAM

CYRILLIC_O = "\u043e"
CYRILLIC_A = "\u0430"


@pytest.fixture
def crew(tmp_path):
    """ana (lead), ben and cleo on one team, every copy holding every event; names Ana, Ben, Cleo."""
    return team(tmp_path, Clock(), members=("ben", "cleo"))


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Cle" + CYRILLIC_O, "Cleo"),
        (CYRILLIC_A.upper() + "n" + CYRILLIC_A, "Ana"),
        ("Cl\u0435o", "CLEO"),  # Cyrillic е, and a different case as well
        ("1ena", "lena"),
        ("B0B", "Bob"),
    ],
)
def test_names_that_read_the_same_on_screen(name, other) -> None:
    assert reads_like(name, other) and reads_like(other, name)


@pytest.mark.parametrize(
    ("name", "other"), [("Ana", "Ama"), ("José", "Jose"), ("Zoë", "Zoe"), ("Lena", "Lina"), ("Cleo", "cleo")]
)
def test_names_a_reader_tells_apart_or_that_are_one_name_already(name, other) -> None:
    """ "José" is not "Jose" and "Zoë" not "Zoe": accents are part of a name. "cleo" is Cleo itself (`name_key`)."""
    assert not reads_like(name, other)


@given(st.text(max_size=12), st.text(max_size=12))
def test_reading_alike_goes_both_ways_and_never_holds_for_one_name(name, other) -> None:
    assert reads_like(name, other) == reads_like(other, name)
    assert not reads_like(name, name)


def test_a_rename_to_a_look_alike_says_why_in_one_line(crew) -> None:
    """Refused like the name itself (test_roster_same_name.py runs the look-alikes too), and said why."""
    for replica in crew.values():
        replica.close()
    said = refused_rename(crew["ben"].home, "Cle" + CYRILLIC_O).stderr
    assert (
        said
        == "baton: name: cleo already goes by Cleo (the two read the same on screen): choose a name no teammate goes by\n"
    )


def test_a_join_under_a_name_that_reads_like_a_teammates_is_refused_before_anything_is_written(tmp_path, crew) -> None:
    ana = crew["ana"]
    dan = person(tmp_path, "dan", Clock(ana.wall() + 10_000))
    code = membership.invite(ana, "dan")
    trade(ana, dan)
    dan.config = dan.config.with_(display_name="Cle" + CYRILLIC_O)
    before = dan.store.event_rows()
    with pytest.raises(InvalidValue, match="cleo already goes by Cleo \\(the two read the same") as refused:
        membership.join(dan, code)
    assert refused.value.field == "name"
    assert dan.store.event_rows() == before


def test_an_invitation_for_a_user_name_that_reads_like_a_teammates_is_refused(crew) -> None:
    ana = crew["ana"]
    before = len(ana.store.roster_events())
    with pytest.raises(InvalidValue, match=r"c1eo reads like cleo, a teammate.s user name, so the two could not"):
        membership.invite(ana, "c1eo")
    assert len(ana.store.roster_events()) == before
    membership.invite(ana, "clea")  # another name, told apart: invited


def test_the_roster_itself_keeps_to_name_key_on_every_copy(crew) -> None:
    """A signed rename to a look-alike from another build is applied alike everywhere: the confusables table is
    the command's, and copies on two versions of it would otherwise hold two rosters."""
    ana, ben, cleo = crew["ana"], crew["ben"], crew["cleo"]
    look_alike = "Cle" + CYRILLIC_O
    raw(ben, "member_set", TEAM_STREAM, {"user": "ben", "name": look_alike}, DeviceKey.load(ben.home.device_key))
    trade(ana, ben, cleo)
    for replica in (ana, ben, cleo):
        assert names(replica) == {"ana": "Ana", "ben": look_alike, "cleo": "Cleo"}
