"""An empty `baton list` says where the handoffs asked for are, instead of "Start one with `baton new`".

A cancelled (or accepted and handed on) handoff is in nobody's inbox or outbox, so `list --status cancelled`
always answered "No handoffs here. Start one with …", with the team's cancelled ones one `--all` away."""

from __future__ import annotations

from conftest import CliTeam


def test_a_status_found_only_in_the_team_says_the_command_that_lists_it(cli_team: CliTeam):
    handoff = cli_team.replica("ana").create("relay", "Acme — 40 seats", "ben")
    assert cli_team("ana", "cancel", handoff, "--reason", "The client chose a competitor").returncode == 0
    for args, where in ((["list"], "your inbox or outbox"), (["list", "--outbox"], "your outbox")):
        result = cli_team("ana", *args, "--status", "cancelled")
        assert result.returncode == 0
        assert result.stdout.strip() == (
            f"No cancelled handoffs in {where}; the team has 1: `baton list --all --status cancelled`."
        )
    assert cli_team("ana", "list", "--all", "--status", "cancelled").stdout.startswith("ID")


def test_none_anywhere_says_so_and_a_new_home_is_told_how_to_start(cli_team: CliTeam):
    assert (
        cli_team("ana", "list", "--status", "accepted").stdout.strip() == "No accepted handoffs, yours or the team's."
    )
    assert (
        cli_team("ana", "list", "--all", "--status", "sent").stdout.strip() == "No sent handoffs, yours or the team's."
    )
    assert cli_team("ana", "list").stdout.startswith("No handoffs here. Start one with `baton new")


def test_handoffs_only_the_team_has_are_pointed_to(cli_team: CliTeam):
    cli_team.replica("ana").create("relay", "Acme — 40 seats", "ben")
    result = cli_team("cal", "list")
    assert result.stdout.strip() == "No handoffs in your inbox or outbox; the team has 1: `baton list --all`."
    assert cli_team("cal", "list", "--json").stdout.strip() == "[]"  # JSON stays as it was: an empty list
