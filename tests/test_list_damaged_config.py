"""`baton list` (its fast path) checks config.json as every other command does: a damaged one is one line,
not `(times in 5)`, `(times in Mars/Olympus)` or an empty inbox for `"user": 5`."""

from __future__ import annotations

import json

import pytest
from conftest import CliTeam, run, run_process


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"tz": 5}, "tz: not a text"),
        ({"tz": "Mars/Olympus"}, "tz: unknown time zone 'Mars/Olympus'"),
        ({"user": 5}, "user: not a text"),
        ({"user": "Not A Name"}, "user: 'Not A Name' is not a user name"),
    ],
)
@pytest.mark.parametrize("args", [("list",), ("list", "--all", "--json"), ("show", "abc")])
def test_a_damaged_config_is_one_line_for_list_as_for_show(cli_team: CliTeam, change, says, args):
    cli_team.new()
    config = cli_team.home / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), **change}))
    result = run(*args, home=cli_team.home)
    assert result.returncode == 1, (result.stdout, result.stderr)
    if "--json" in args:  # a script reading stdout reads the refusal (test_cli_json_refusals.py)
        refusal = json.loads(result.stdout)
        assert refusal["exit"] == 1 and refusal["error"].startswith(f"{config} is damaged: {says}")
    else:
        assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"baton: {config} is damaged: {says}"), line


def test_the_list_process_says_the_same(cli_team: CliTeam):
    cli_team.new()
    config = cli_team.home / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "tz": 5}))
    result = run_process("list", home=cli_team.home)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"baton: {config} is damaged: tz: not a text"]
