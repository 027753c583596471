"""A removal ends every invitation its person was given before it: a code they kept never brings them back.

Before, a lead who had made two codes for cal (one lost, say) and later removed cal left the other
code working: cal joined again from a new home with it, on every replica, and `baton team` still
listed it as pending. Only an invitation made after the removal lets them back in.
"""

from __future__ import annotations

import pytest
from cli_support import baton
from team_support import Clock, person, team, trade

from baton.core.errors import NotAllowed
from baton.core.team import membership


def test_a_code_made_before_the_removal_is_refused_everywhere_and_a_new_one_works(tmp_path) -> None:
    clock = Clock()
    people = team(tmp_path, clock, members=("ben",))
    ana, ben = people["ana"], people["ben"]
    kept = membership.invite(ana, "cal")  # cal keeps this one
    used = membership.invite(ana, "cal")
    cal = person(tmp_path, "cal", clock)
    trade(ana, cal)
    membership.join(cal, used)
    trade(ana, ben, cal)
    membership.remove(ana, "cal", reason="left the company")
    trade(ana, ben, cal)
    assert [i.id for i in ana.store.roster().pending_invites(clock.now)] == []  # not listed as pending
    back = person(tmp_path / "again", "cal", clock)
    trade(ana, back)
    with pytest.raises(NotAllowed, match="cal was removed from the team after this invitation was made"):
        membership.join(back, kept)
    assert ana.store.roster().member("cal") is None
    fresh = membership.invite(ana, "cal")
    trade(ana, back)
    membership.join(back, fresh)
    trade(ana, ben, back)
    for replica in (ana, ben, back):
        assert replica.store.roster().member("cal") is not None


def test_a_join_written_offline_with_the_old_code_is_refused_by_every_replica(tmp_path) -> None:
    clock = Clock()
    people = team(tmp_path, clock, members=("ben",))
    ana, ben = people["ana"], people["ben"]
    kept, used = membership.invite(ana, "cal"), membership.invite(ana, "cal")
    cal = person(tmp_path, "cal", clock)
    back = person(tmp_path / "again", "cal", clock)
    trade(ana, cal, back)  # back has seen the invitations and the founding, not the removal
    membership.join(cal, used)
    trade(ana, ben, cal)
    membership.remove(ana, "cal")
    membership.join(back, kept)  # allowed here: this home has not heard of the removal
    trade(ana, ben, cal, back)
    for replica in (ana, ben, cal, back):
        assert replica.store.roster().member("cal") is None


def test_team_lists_no_pending_code_for_a_removed_member(tmp_path) -> None:
    from baton.core.hlc import now_ms

    clock = Clock(now_ms())  # `baton team` lists codes not expired by the wall clock
    people = team(tmp_path, clock, members=("ben",))
    ana = people["ana"]
    membership.invite(ana, "cal")
    used = membership.invite(ana, "cal")
    cal = person(tmp_path, "cal", clock)
    trade(ana, cal)
    membership.join(cal, used)
    trade(ana, cal)
    membership.remove(ana, "cal")
    home = ana.home
    for replica in (*people.values(), cal):
        replica.close()
    listed = baton(home.root, "team").stdout
    assert "Invitations not used yet" not in listed and "cal as member" not in listed


def test_teammates_says_who_removed_someone_and_keeps_their_own_device_theirs(tmp_path) -> None:
    """Before: "1 device not on the team, not on the team" for a removed member's own laptop, as if a stranger."""
    import json

    from test_team_cli import Team

    crew = Team(tmp_path)
    crew.found()
    assert crew.join("cal", crew.invite("cal")).exit_code == 0
    for who in ("cal", "ana"):
        assert crew(who, "sync").exit_code == 0
    assert crew("ana", "team", "remove", "cal").exit_code == 0
    [cal] = [row for row in json.loads(crew("ana", "teammates", "--json").stdout) if row["user"] == "cal"]
    assert (cal["role"], cal["devices"], cal["unconfirmed_devices"]) == ("removed by ana", 1, 0)
    [line] = [line for line in crew("ana", "teammates").stdout.splitlines() if line.startswith("cal")]
    assert line.endswith("removed by ana") and "not on the team" not in line


def test_a_refused_join_leaves_a_home_made_with_mktemp_as_empty_as_it_was(tmp_path) -> None:
    """`BATON_HOME=$(mktemp -d)`: the folder exists before init. A refused code used to leave the checklist
    cache (checklists.json) behind in it."""
    from test_team_cli import Team

    crew = Team(tmp_path)
    crew.found()
    code = crew.invite("ben")
    assert crew.join("ben", code).exit_code == 0
    made = crew("ana", "new", "task-reassignment", "--title", "Handover", "--to", "ben")  # the folder holds work
    assert made.exit_code == 0, made.stderr
    for who in ("ben", "ana"):
        assert crew(who, "sync").exit_code == 0
    from conftest import run_process

    again_home = tmp_path / "ben-again"
    again_home.mkdir()
    # a process of its own: a first open writes the caches (one in-process run may have them in memory)
    again = run_process("init", "--user", "ben", "--invite", code, "--sync-dir", crew.shared, home=again_home)
    assert again.returncode == 5 and again.stderr.startswith("baton: ")
    assert list((tmp_path / "ben-again").iterdir()) == []
