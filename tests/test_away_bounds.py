"""Days away are for someone known, and for a spell a person could mean: before a team, `away --user nobody`
was recorded for a name nobody has, and `--to 2099-12-10` for 26,664 days, both with exit 0."""

from __future__ import annotations

from datetime import date

from cli_support import baton
from conftest import run

from baton.core.home import Home
from baton.core.members import MAX_AWAY_DAYS, away_problem, member
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


def test_a_spell_longer_than_a_year_is_refused_everywhere_days_away_are_recorded(tmp_path):
    now = 1_900_000_000_000  # 2030-03-17
    assert away_problem(date(2030, 12, 10), date(2031, 12, 10), now) is None  # 366 days, both ends included
    assert away_problem(date(2030, 12, 10), date(2031, 12, 11), now) == (
        "--from 2030-12-10 to --to 2031-12-11 is 367 days: record at most 366 at a time"
    )
    assert f"record at most {MAX_AWAY_DAYS} at a time" in (
        away_problem(date(2030, 12, 10), date(2099, 12, 10), now) or ""
    )
    home = tmp_path / "ana"
    assert baton(home, "init", "--user", "ana").exit_code == 0
    slip = baton(home, "away", "--from", "2030-12-10", "--to", "2099-12-10")
    assert slip.exit_code == 1 and slip.stderr == (
        "baton: --from 2030-12-10 to --to 2099-12-10 is 25,203 days: record at most 366 at a time\n"
    )
