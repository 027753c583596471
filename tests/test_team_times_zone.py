"""`baton team` and `team invite` say which zone their times (founded, added, an invitation's expiry) are in, as `list` and `show` do."""

from __future__ import annotations

from test_team_cli import Team, crew  # noqa: F401  (the fixture)


def test_team_says_which_zone_its_times_are_in(crew: Team) -> None:  # noqa: F811
    assert crew("ana", "team", "set", "ana", "--tz", "America/New_York").exit_code == 0
    shown = crew("ana", "team").stdout.splitlines()
    assert shown[0].startswith("Team founded by ana on ")
    assert "(times in America/New_York)" in shown


def test_an_invitation_says_which_zone_its_expiry_is_in(crew: Team) -> None:  # noqa: F811
    assert crew("ana", "team", "set", "ana", "--tz", "Asia/Singapore").exit_code == 0
    made = crew("ana", "team", "invite", "ben")
    first = made.stdout.splitlines()[0]
    assert first.startswith("Invitation for ben as member, valid once, until ")
    assert first.endswith(" (Asia/Singapore).")
