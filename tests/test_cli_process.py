"""The command-line contract through the installed `baton` script, one real process a command.

Most command tests run in-process (conftest's `run`); these few prove that what they
see is what a shell sees: the exit status of the process for every code (0 ok,
1 error, 2 usage, 3 blocked by the gate, 4 not found, 5 not allowed), exactly one
`baton: ...` line on stderr for a refusal (a blocked send adds its blockers under it),
no traceback, and nothing written.
"""

from __future__ import annotations

import pytest
from conftest import CliTeam, Ran, dump, run, run_process


def as_process(team: CliTeam, user: str, *args: object) -> Ran:
    """`user` runs `baton *args` in a new process on the team's home."""
    team.become(user)
    result = run_process(*args, home=team.home)
    return Ran(result.returncode, result.stdout, result.stderr)


@pytest.mark.parametrize(
    "user, args, code, words",
    [
        ("ana", ["show", "abcdef12"], 4, "no handoff 'abcdef12'"),
        ("ana", ["list", "--status", "lost"], 2, "Invalid value for '--status'"),
        ("ana", ["send", "{draft}"], 3, "cannot send"),
        ("ben", ["send", "{draft}"], 5, "only ana (the sender)"),
        ("ana", ["comment", "{draft}", "   "], 1, "comment"),
    ],
)
def test_a_refusal_is_one_line_and_its_exit_status(cli_team, user, args, code, words):
    draft = cli_team.new()
    before = dump(cli_team.home)
    result = as_process(cli_team, user, *(arg.format(draft=draft) for arg in args))
    assert result.returncode == code, (result.stdout, result.stderr)
    first = result.stderr.splitlines()[0]
    assert first.startswith("baton: ") and words in first, result.stderr
    assert "Traceback" not in result.stderr
    if code == 3:  # a blocked send lists each blocker under its line, and records that it was tried
        assert all(line.startswith("  ✗ ") for line in result.stderr.strip().splitlines()[1:]), result.stderr
    else:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert dump(cli_team.home) == before


def test_success_exits_zero_with_nothing_on_stderr(cli_team):
    handoff = cli_team.ready()
    result = as_process(cli_team, "ana", "send", handoff)
    assert (result.returncode, result.stderr) == (0, "")
    listed = run_process("list", "--all", home=cli_team.home)
    assert listed.returncode == 0 and "Acme" in listed.stdout


def test_no_replica_yet(home):
    result = run_process("list", home=home)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"baton: no replica in {home}: run `baton init --user USER` first"]


def test_in_process_runs_match_the_script(cli_team):
    """The in-process runner the other tests use gives the same code, stdout and stderr as the script."""
    draft = cli_team.new()
    for args in (["show", draft, "--json"], ["send", draft], ["show", "zz-top"], ["nope"]):
        real = run_process(*args, home=cli_team.home)
        here = run(*args, home=cli_team.home)
        assert (here.returncode, here.stdout, here.stderr) == (real.returncode, real.stdout, real.stderr), args
