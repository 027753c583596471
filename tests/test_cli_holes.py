"""Command-line holes closed: blank stage names, `init --invite` with `--role`, and what `doctor`'s exit code means.

Each refusal is one line on stderr with the usage or error code, and nothing is written.
"""

from __future__ import annotations

import pytest
from conftest import run
from team_support import Clock, team
from test_team_cli import Team

from baton.core.errors import InvalidValue
from baton.core.team import membership
from baton.core.team.invite import read_code


@pytest.fixture
def crew(tmp_path) -> Team:
    crew = Team(tmp_path)
    crew.found()
    return crew


def roster_events(crew: Team, user: str = "ana") -> int:
    from baton.core.home import Home
    from baton.core.replica import Replica

    replica = Replica.open(Home(crew.home(user)))
    try:
        return len(replica.store.roster_events())
    finally:
        replica.close()


@pytest.mark.parametrize("stage", ["", " ", "Sales", "sales team", "sales\n", "\x1b[2J"])
@pytest.mark.parametrize(
    "command",
    [
        ["team", "invite", "ben", "--stage"],
        ["team", "set", "ana", "--stage"],
        ["stage", "--rule", "round-robin"],  # the stage is the argument: placed last below
    ],
)
def test_a_blank_or_malformed_stage_is_refused_everywhere(crew, command, stage):
    before = roster_events(crew)
    args = [*command[:1], stage, *command[1:]] if command[0] == "stage" else [*command, stage]
    result = crew("ana", *args)
    assert result.exit_code == 1, (args, result.output)
    [line] = result.stderr.splitlines()
    assert line.startswith("baton: ") and "is not a stage name" in line and "\x1b" not in line
    assert roster_events(crew) == before


def test_a_good_stage_is_still_taken(crew):
    assert crew("ana", "team", "invite", "ben", "--stage", "on-boarding_2").exit_code == 0
    assert crew("ana", "team", "set", "ana", "--stage", "sales").exit_code == 0


def test_a_roster_change_with_a_blank_stage_from_sync_is_refused_on_every_replica(tmp_path):
    people = team(tmp_path, Clock())
    ana = people["ana"]
    with pytest.raises(InvalidValue, match="is not a stage name"):
        membership.set_member(ana, "ben", stages=[" "])
    event = membership._build(ana, "member_set", {"user": "ben", "stages": [" "]}, membership.device_key(ana.home))
    roster = membership.fold_roster([*ana.store.roster_events(), event], ana.store.team_pin())
    assert any(r.event_id == event["id"] for r in roster.refused)
    assert roster.member("ben").stages == ("beta",)


@pytest.mark.parametrize("role", ["lead", "member"])
def test_init_with_an_invitation_refuses_a_role_in_one_line(crew, role):
    code = crew.invite("ben")
    result = run(
        "init", "--user", "ben", "--invite", code, "--role", role, "--sync-dir", crew.shared, home=crew.home("ben")
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("baton: --role cannot be used with --invite")
    assert not crew.home("ben").exists()
    assert read_code(code).role == "member"
    assert crew.join("ben", code).exit_code == 0  # the code was not used up by the refusal


def test_a_blank_stage_is_refused_before_a_team_exists_too(team):
    from baton.core.members import member, set_profile

    set_profile(team.store, "ben", stages=["onboarding"])
    with pytest.raises(InvalidValue, match="is not a stage name"):
        set_profile(team.store, "ben", stages=["onboarding", ""], hours="mon-fri 08:00-16:00")
    ben = member(team.store, "ben")
    assert ben is not None and ben.stages == ("onboarding",) and "08:00" not in str(ben.hours)
