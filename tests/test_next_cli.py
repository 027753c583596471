"""`baton next ID`: what follows an accepted handoff, said in one line whoever asks.

Before, `next` on a handoff whose checklist names no next one printed nothing and exited 0 (the
person could not tell whether a draft was opened), and a teammate asking after a chain the receiver
had already continued was refused, though the draft was open for anyone to read.
"""

from __future__ import annotations

from conftest import write_relay
from test_chains import CHAINED, ONWARD

from baton.core.members import set_profile


def accepted(cli_team) -> str:
    handoff = cli_team.prepared(sent=True)
    assert cli_team("ben", "accept", handoff, "--no-next").returncode == 0
    return handoff


def test_next_on_a_checklist_that_names_none_says_so(cli_team) -> None:
    handoff = accepted(cli_team)
    result = cli_team("ben", "next", handoff)
    assert result.returncode == 4
    assert result.stdout == ""
    assert result.stderr.strip() == "baton: nothing follows this handoff: the relay checklist names no next one"


def test_accept_of_a_checklist_that_names_none_says_nothing_more(cli_team) -> None:
    handoff = cli_team.prepared(sent=True)
    result = cli_team("ben", "accept", handoff)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.strip().splitlines() == ["Accepted. You own “Acme — 40 seats” now."]


def chained(cli_team) -> None:
    write_relay(cli_team.home / "checklists", CHAINED)
    write_relay(cli_team.home / "checklists", ONWARD, "onward.toml")
    set_profile(cli_team.replica("ana").store, "cal", stages=["gamma"])


def test_a_teammate_is_told_where_the_chain_went_once_the_receiver_opened_it(cli_team) -> None:
    chained(cli_team)
    handoff = accepted(cli_team)
    refused = cli_team("ana", "next", handoff)
    assert refused.returncode == 5
    assert refused.stderr.strip() == "baton: only ben (who accepted it) opens what comes next"
    opened = cli_team("ben", "next", handoff)
    assert opened.returncode == 0, opened.stderr
    draft = opened.stdout.split()[4]
    told = cli_team("ana", "next", handoff)
    assert told.returncode == 0, told.stderr
    assert told.stdout.strip() == f"Already open: {draft} — onward to cal"
    assert cli_team("ana", "list", "--all", "--json").stdout.count(draft) == 1  # nothing opened twice


def test_show_says_how_to_open_what_comes_next_until_it_is_open(cli_team) -> None:
    """`accept --no-next` (or a next that could not open then) left `show` silent about what follows: the
    receiver reads the command that opens it, until it is open; a teammate reads nothing of it."""
    chained(cli_team)
    handoff = cli_team.prepared(sent=True)
    assert cli_team("ben", "accept", handoff, "--no-next").returncode == 0
    line = f"  next: not opened yet (`baton next {handoff[:8]}` opens it)"
    assert line in cli_team("ben", "show", handoff).stdout.splitlines()
    assert "not opened yet" not in cli_team("ana", "show", handoff).stdout
    assert cli_team("ben", "next", handoff).returncode == 0
    shown = cli_team("ben", "show", handoff).stdout
    assert "not opened yet" not in shown and "  next: " in shown


def test_a_receiver_named_where_the_draft_is_open_already_is_checked_and_said(cli_team) -> None:
    """`next ID --to ''` or `--to @nostage` said "Already open" and exit 0, as if it had been taken."""
    chained(cli_team)
    handoff = accepted(cli_team)
    opened = cli_team("ben", "next", handoff)
    draft = opened.stdout.split()[4]
    for bad, said in (("", "invalid user name ''"), ("   ", "invalid user name"), ("@No Stage", "names no stage")):
        result = cli_team("ben", "next", handoff, "--to", bad)
        assert result.returncode == 1 and result.stdout == ""
        assert said in result.stderr, result.stderr
    other = cli_team("ben", "next", handoff, "--to", "ana")
    assert other.returncode == 0 and other.stdout.strip() == f"Already open: {draft} — onward to cal"
    assert other.stderr.strip() == (
        f"note: --to ana was not used: it was opened before, for cal (`baton reassign {draft} --receiver USER` "
        "gives it another)"
    )
