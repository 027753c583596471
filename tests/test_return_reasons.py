"""A return must tell the sender what is needed: a reason that is only a placeholder is refused at the
command, in one line, and nothing is written; returns that arrive through sync fold as they always did."""

from __future__ import annotations

import pytest
from conftest import CliTeam, Team, dump
from hypothesis import given
from hypothesis import strategies as st

from baton.core.answer_rules import load_answer_checks
from baton.core.errors import InvalidValue
from baton.core.metrics import report
from baton.core.return_reasons import placeholder_reason

PLACEHOLDERS = ["TBD TBD", "TBD", "n/a", "N/A, TBD", "see Slack", "???", "ask Tom", "to be confirmed", "-"]
SAYS_SOMETHING = [
    "The seat count is missing from the order form",
    "TBD: the kickoff date, ask the sponsor for it",
    "See Slack for context, but the summary must name the budget owner",
    "Wrong plan: growth, not enterprise",
    "Not ready",
]


@pytest.fixture(scope="module")
def checks(tmp_path_factory):
    return load_answer_checks(tmp_path_factory.mktemp("home"))


@pytest.mark.parametrize("reason", PLACEHOLDERS)
def test_a_placeholder_reason_is_refused_in_one_line_and_nothing_changes(cli_team: CliTeam, reason):
    handoff = cli_team.prepared(sent=True)
    before = dump(cli_team.home)
    result = cli_team("ben", "return", handoff, "--reason", reason)
    assert result.returncode == 1, (result.stdout, result.stderr)
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("baton: the reason “") and "does not say what the sender needs" in line
    assert dump(cli_team.home) == before


@pytest.mark.parametrize("reason", SAYS_SOMETHING)
def test_a_reason_that_says_what_is_needed_is_taken(team: Team, reason):
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ben"].return_(handoff, reason)
    assert team.store.state(handoff).return_reason == reason


@given(filler=st.sampled_from(PLACEHOLDERS), words=st.sampled_from(SAYS_SOMETHING))
def test_a_placeholder_with_a_real_reason_beside_it_passes(checks, filler, words):
    assert placeholder_reason(checks, filler) is not None
    assert placeholder_reason(checks, f"{filler}, {words}") is None
    assert placeholder_reason(checks, f"{words} ({filler})") is None


def test_the_app_and_every_caller_meet_the_same_refusal(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    with pytest.raises(InvalidValue, match="does not say what the sender needs"):
        team["ben"].return_(handoff, "TBD TBD")
    assert team.store.state(handoff).status == "sent"
    assert report(team.store.conn, team.wall.now).return_reasons == []


def test_a_placeholder_return_from_before_the_check_still_folds(team: Team):
    """A return written without the check (an older device, or before it existed) reaches the fold as an
    event: it applies as it always did, and the report shows it."""
    handoff = team.ready()
    team["ana"].send(handoff)
    ben = team["ben"]
    ben._change(handoff, lambda state: ben._event(state.id, "returned", {"reason": "TBD TBD"}))
    with team.store.writing():
        team.store.rebuild()
    state = team.store.state(handoff)
    assert (state.status, state.return_reason, state.conflicts) == ("returned", "TBD TBD", [])
    assert [r.reason for r in report(team.store.conn, team.wall.now).return_reasons] == ["TBD TBD"]
