"""Days away that overlap a spell already recorded are refused in one line naming it, and nothing is written.

Both spells (12-03..12-04 and 12-04..12-07) used to be kept and listed, and taking one back left the
person away on the days the other covered. The same dates again only take the new reason.
"""

from __future__ import annotations

from datetime import date

import pytest
from cli_support import baton
from team_support import Clock, team

from baton.core.errors import InvalidValue
from baton.core.home import Home
from baton.core.members import add_away, member
from baton.core.replica import Replica
from baton.core.team import membership

REFUSAL = (
    "ben is already away 2030-12-03 to 2030-12-04, which overlaps 2030-12-04 to 2030-12-07: take those days back "
    "first (--cancel) and record 2030-12-03 to 2030-12-07, or record days that do not overlap"
)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2030-12-04", "2030-12-07"),
        ("2030-12-01", "2030-12-03"),
        ("2030-12-01", "2030-12-09"),
        ("2030-12-04", "2030-12-04"),
    ],
)
def test_in_a_team_an_overlapping_spell_is_refused_and_nothing_is_signed(tmp_path, start, end) -> None:
    people = team(tmp_path, Clock(), members=("ben",))
    ana = people["ana"]
    membership.away(ana, "ben", "2030-12-03", "2030-12-04", reason="dentist")
    before = len(ana.store.roster_events())
    with pytest.raises(InvalidValue, match=r"^ben is already away 2030-12-03 to 2030-12-04, which overlaps"):
        membership.away(ana, "ben", start, end, reason="trip")
    assert len(ana.store.roster_events()) == before
    membership.away(ana, "ben", "2030-12-03", "2030-12-04", reason="dentist, then rest")  # the same days: a reason
    membership.away(ana, "ben", "2030-12-05", "2030-12-07", reason="trip")  # next to it: no overlap
    found = member(ana.store, "ben")
    assert found is not None
    assert [(str(a.start), str(a.end), a.reason) for a in found.away] == [
        ("2030-12-03", "2030-12-04", "dentist, then rest"),
        ("2030-12-05", "2030-12-07", "trip"),
    ]


def test_the_refusal_names_the_whole_spell_to_record(tmp_path) -> None:
    people = team(tmp_path, Clock(), members=("ben",))
    membership.away(people["ana"], "ben", "2030-12-03", "2030-12-04")
    with pytest.raises(InvalidValue) as refused:
        membership.away(people["ana"], "ben", "2030-12-04", "2030-12-07")
    assert str(refused.value) == REFUSAL


def test_before_a_team_the_same_rule_holds(tmp_path) -> None:
    replica = Replica.init(Home(tmp_path), "ben")
    try:
        add_away(replica.store, "ben", date(2030, 12, 3), date(2030, 12, 4), "dentist")
        with pytest.raises(InvalidValue) as refused:
            add_away(replica.store, "ben", date(2030, 12, 4), date(2030, 12, 7), "trip")
        assert str(refused.value) == REFUSAL
        add_away(replica.store, "ben", date(2030, 12, 3), date(2030, 12, 4), "dentist, then rest")
        found = member(replica.store, "ben")
        assert found is not None and [(a.start, a.end, a.reason) for a in found.away] == [
            (date(2030, 12, 3), date(2030, 12, 4), "dentist, then rest")
        ]
    finally:
        replica.close()


def test_the_command_says_it_in_one_line_and_writes_nothing(tmp_path) -> None:
    home = tmp_path / "ben"
    assert baton(home, "init", "--user", "ben").exit_code == 0
    assert baton(home, "away", "--from", "2030-12-03", "--to", "2030-12-04").exit_code == 0
    refused = baton(home, "away", "--from", "2030-12-04", "--to", "2030-12-07")
    assert refused.exit_code == 1 and refused.stderr.strip() == f"baton: {REFUSAL}"
    assert refused.stdout == ""
    replica = Replica.open(Home(home))
    try:
        found = member(replica.store, "ben")
        assert found is not None and [(str(a.start), str(a.end)) for a in found.away] == [("2030-12-03", "2030-12-04")]
    finally:
        replica.close()
