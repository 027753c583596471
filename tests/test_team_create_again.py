"""`baton team create` on a home whose team is founded: its founder and a teammate are told they are on it,
in one line, exit 5, nothing written; only someone outside it is sent to ask a lead for an invitation."""

from __future__ import annotations

from conftest import dump
from test_team_cli import Team, crew  # noqa: F401  (the fixture)

from baton.core.replica import Replica
from baton.core.team import membership


def test_the_founder_is_told_the_team_is_theirs_already(crew: Team) -> None:  # noqa: F811
    before = dump(crew.home("ana"))
    again = crew("ana", "team", "create")
    assert (again.exit_code, again.stderr) == (
        5,
        "baton: you founded this team already: invite teammates with `baton team invite USER`\n",
    )
    assert dump(crew.home("ana")) == before


def test_a_teammate_is_told_they_are_on_it(crew: Team) -> None:  # noqa: F811
    assert crew.join("ben", crew.invite("ben", "--role", "lead")).exit_code == 0
    before = dump(crew.home("ben"))
    again = crew("ben", "team", "create")
    assert (again.exit_code, again.stderr) == (
        5,
        "baton: this team was founded by ana and you are on it already: `baton team` shows who is\n",
    )
    assert dump(crew.home("ben")) == before


def test_core_says_the_same_to_the_founder(crew: Team) -> None:  # noqa: F811
    from baton.core.errors import BatonError
    from baton.core.home import Home

    replica = Replica.open(Home(crew.home("ana")))
    try:
        membership.found(replica)
    except BatonError as exc:
        assert str(exc).startswith("you founded this team already")
    else:
        raise AssertionError("a second founding went ahead")
    finally:
        replica.close()
