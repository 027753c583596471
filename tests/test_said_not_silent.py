"""Commands that used to accept a pointless request without a word now say why in one line and change
nothing: waiving an answered item, days away all in the past, a report since a future date, and a new
handoff on a checklist the team has not approved."""

from __future__ import annotations

import pytest
from conftest import CliTeam, Team, dump

from baton.core.allowed import Viewer, allowed_actions
from baton.core.errors import InvalidValue, NotAllowed


def refused(cli_team: CliTeam, user: str, code: int, *args: object) -> str:
    before = dump(cli_team.home)
    result = cli_team(user, *args)
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("baton: ") and "Traceback" not in result.stderr
    assert dump(cli_team.home) == before
    return line


def test_waiving_a_filled_item_is_refused_saying_it_is_filled(cli_team: CliTeam):
    handoff = cli_team.prepared()
    line = refused(cli_team, "lea", 1, "waive", handoff, "seats", "--reason", "Seats are in the order form")
    assert "is already filled (40): there is nothing to waive" in line


def test_a_filled_item_that_still_blocks_may_be_waived(team: Team):
    handoff = team.draft()
    team.fill(handoff, seats="900")  # over the checklist's limit: filled, and the gate still holds it
    team["lea"].waive(handoff, "seats", "The order form has the real count")
    assert "seats" in team.store.state(handoff).waivers


def test_an_item_not_asked_for_now_cannot_be_waived_ahead_of_its_condition(cli_team: CliTeam):
    """A waiver made while `security` does not count would later let the send past it unseen, once the plan is
    enterprise: refused, saying when it counts; once it does, the waiver is taken."""
    handoff = cli_team.prepared()  # plan: growth, so no security reviewer is asked for
    line = refused(cli_team, "lea", 1, "waive", handoff, "security", "--reason", "No review at this client")
    assert "is not asked for now (only while `plan` is enterprise): there is nothing to waive" in line
    assert cli_team("ana", "set", handoff, "plan", "enterprise").returncode == 0
    taken = cli_team("lea", "waive", handoff, "security", "--reason", "No review at this client")
    assert taken.returncode == 0, taken.stderr


def test_an_empty_item_may_be_waived_and_permission_is_said_first(team: Team):
    handoff = team.ready()
    team["ana"].clear_item(handoff, "code")
    with pytest.raises(NotAllowed, match="only a lead"):
        team["ana"].waive(handoff, "seats", "not needed")  # filled, but the first thing wrong is who asks
    team["lea"].waive(handoff, "code", "Billing assigns the code at kickoff")
    with pytest.raises(InvalidValue, match="already filled"):
        team["lea"].waive(handoff, "seats", "not needed")


def test_waive_is_not_offered_once_every_required_item_is_answered(team: Team):
    handoff = team.ready()
    offered = allowed_actions(team.store.state(handoff), Viewer("lea", True))
    assert offered["waive"] is not None and "nothing to waive" in offered["waive"]
    team["ana"].clear_item(handoff, "code")
    assert allowed_actions(team.store.state(handoff), Viewer("lea", True))["waive"] is None


def test_days_away_all_in_the_past_are_refused(cli_team: CliTeam):
    line = refused(cli_team, "ana", 1, "away", "--from", "2020-01-01", "--to", "2020-01-05")
    assert "--to 2020-01-05 is in the past everywhere: record days away from today on" in line
    assert cli_team("ana", "away", "--from", "2020-01-01", "--to", "2099-01-05").returncode == 0  # ends ahead


def test_days_away_in_the_past_are_refused_by_the_roster_too(tmp_path):
    from datetime import date

    from baton.core.hlc import now_ms
    from baton.core.members import away_problem

    now = now_ms()
    assert "is in the past" in (away_problem(date(2020, 1, 1), date(2020, 1, 5), now) or "")
    assert away_problem(date(2020, 1, 1), date(2099, 1, 5), now) is None
    assert "is before" in (away_problem(date(2099, 1, 5), date(2099, 1, 1), now) or "")


def test_days_away_over_everywhere_do_not_claim_a_wrong_today():
    """At 05:00 UTC it is the 1st in Berlin but still the 30th at UTC-12: the refusal must not say "today is"
    the 30th to someone whose today is the 1st."""
    from datetime import UTC, date, datetime

    from baton.core.members import away_problem

    now = int(datetime(2026, 12, 1, 5, 0, tzinfo=UTC).timestamp() * 1000)
    line = away_problem(date(2026, 11, 28), date(2026, 11, 29), now) or ""
    assert line == "--to 2026-11-29 is in the past everywhere: record days away from today on"
    assert away_problem(date(2026, 11, 28), date(2026, 11, 30), now) is None  # still the 30th somewhere


def test_a_report_since_a_future_day_is_refused_in_one_line(cli_team: CliTeam):
    for command in ("report", "export"):
        result = cli_team("lea", command, "--since", "2099-01-01")
        assert result.returncode == 2, (result.stdout, result.stderr)
        [line] = result.stderr.strip().splitlines()
        assert "2099-01-01 is in the future (today is " in line and "Traceback" not in result.stderr
    assert cli_team("lea", "report", "--since", "2020-01-01").returncode == 0
    assert cli_team("lea", "report", "--since", "7d").returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ("reassign", "{h}", "--to", ""),
        ("reassign", "{h}", "--to", "   "),
        ("reassign", "{h}", "--receiver", " "),
        ("remind", "--user", ""),
        ("stage", "beta", "--rule", "owner", "--owner", ""),
        ("away", "--user", "", "--from", "2099-01-01", "--to", "2099-01-02"),
    ],
    ids=["reassign-empty", "reassign-blank", "receiver-blank", "remind", "stage-owner", "away"],
)
def test_an_empty_or_blank_name_is_no_user_name(cli_team: CliTeam, args):
    """Said as "invalid user name ''" (exit 1), not as a teammate nobody invited with an empty name (exit 4)."""
    handoff = cli_team.prepared()
    line = refused(cli_team, "lea", 1, *(a.format(h=handoff) for a in args))
    assert "invalid user name" in line
