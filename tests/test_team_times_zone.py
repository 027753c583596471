"""`baton team` says which zone its times (founded, added) are in, as `list` and `show` do."""

from __future__ import annotations

from test_team_cli import Team, crew  # noqa: F401  (the fixture)


def test_team_says_which_zone_its_times_are_in(crew: Team) -> None:  # noqa: F811
    assert crew("ana", "team", "set", "ana", "--tz", "America/New_York").exit_code == 0
    shown = crew("ana", "team").stdout.splitlines()
    assert shown[0].startswith("Team founded by ana on ")
    assert "(times in America/New_York)" in shown
