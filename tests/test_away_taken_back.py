"""Days away taken back: one core function (members.py `cancel_away`) for `baton away --cancel`, and the roster's
`away(cancel=True)` for `team away --cancel` and the team screen's dialog. Days never recorded as one spell are
refused with one message naming the spells there are, and nothing is written: the roster used to sign a
cancellation that dropped nothing, and the command said "no longer away" for days still counted.
"""

from __future__ import annotations

from datetime import date

import pytest
from cli_support import baton
from team_support import Clock, team

from baton.core.errors import NotFound
from baton.core.home import Home
from baton.core.members import add_away, cancel_away, member
from baton.core.replica import Replica
from baton.core.team import membership


def test_before_a_team_a_spell_recorded_here_is_taken_back_whole(tmp_path) -> None:
    replica = Replica.init(Home(tmp_path), "ana")
    try:
        add_away(replica.store, "ana", date(2030, 12, 1), date(2030, 12, 10), "winter break")
        add_away(replica.store, "ana", date(2031, 2, 1), date(2031, 2, 2))
        with pytest.raises(NotFound) as refused:
            cancel_away(replica, "ana", "2030-12-01", "2030-12-09")
        assert str(refused.value) == (
            "ana has no days away from 2030-12-01 to 2030-12-09 to take back "
            "(recorded: 2030-12-01 to 2030-12-10, 2031-02-01 to 2031-02-02)"
        )
        cancel_away(replica, "ana", "2030-12-01", "2030-12-10")
        found = member(replica.store, "ana")
        assert found is not None and [(a.start, a.end) for a in found.away] == [(date(2031, 2, 1), date(2031, 2, 2))]
    finally:
        replica.close()


def test_in_a_team_an_unknown_spell_is_refused_and_nothing_is_signed(tmp_path) -> None:
    people = team(tmp_path, Clock(), members=("ben",))
    ana = people["ana"]
    membership.away(ana, "ben", "2030-12-01", "2030-12-10", reason="winter break")
    before = len(ana.store.roster_events())
    with pytest.raises(NotFound) as refused:
        cancel_away(ana, "ben", "2030-12-02", "2030-12-10")
    assert str(refused.value) == "ben has no days away from 2030-12-02 to 2030-12-10 to take back " + (
        "(recorded: 2030-12-01 to 2030-12-10)"
    )
    assert len(ana.store.roster_events()) == before
    cancel_away(ana, "ben", "2030-12-01", "2030-12-10")
    ben = ana.store.roster().member("ben")
    assert ben is not None and ben.away == ()
    with pytest.raises(NotFound, match=r"\(none are recorded\)$"):
        membership.away(ana, "ben", "2030-12-01", "2030-12-10", cancel=True)  # `team away --cancel` again


def test_baton_away_cancel_says_it_once_and_refuses_days_not_recorded(tmp_path) -> None:
    assert baton(tmp_path, "init", "--user", "ana").exit_code == 0
    assert baton(tmp_path, "away", "--from", "2096-12-21", "--to", "2097-01-04").exit_code == 0
    wrong = baton(tmp_path, "away", "--from", "2096-12-21", "--to", "2097-01-05", "--cancel")
    assert wrong.exit_code == 4
    assert wrong.stderr == (
        "baton: ana has no days away from 2096-12-21 to 2097-01-05 to take back (recorded: 2096-12-21 to 2097-01-04)\n"
    )
    done = baton(tmp_path, "away", "--from", "2096-12-21", "--to", "2097-01-04", "--cancel")
    assert done.exit_code == 0 and done.stdout == "ana is no longer away 2096-12-21 to 2097-01-04.\n"
