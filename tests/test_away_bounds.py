"""Days away are for someone known: before a team, `away --user nobody` was recorded for a name nobody has, with
exit 0 (a team's roster refuses anyone not on it)."""

from __future__ import annotations

from cli_support import baton
from conftest import run

from baton.core.home import Home
from baton.core.members import member
from baton.core.replica import Replica


def test_before_a_team_days_away_for_a_name_nobody_has_are_refused(tmp_path):
    home = tmp_path / "maya"
    assert run("demo", home=home).returncode == 0
    typo = baton(home, "away", "--user", "bne", "--from", "2030-12-10", "--to", "2030-12-12")
    assert typo.exit_code == 4 and typo.stderr == "baton: no teammate named 'bne': did you mean ben?\n"
    nobody = baton(home, "away", "--user", "nobody", "--from", "2030-12-10", "--to", "2030-12-12")
    assert nobody.exit_code == 4 and nobody.stderr.startswith("baton: no teammate named 'nobody': teammates here: ben")
    replica = Replica.open(Home(home))
    try:
        assert member(replica.store, "nobody") is None and member(replica.store, "bne") is None
    finally:
        replica.close()
    assert baton(home, "away", "--user", "ben", "--from", "2030-12-10", "--to", "2030-12-12").exit_code == 0
