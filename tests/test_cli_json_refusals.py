"""Every `--json` command refused says so on stdout as one JSON object, as well as on stderr.

A script reading `baton show ID --json` or `baton report --json` parses stdout; an empty stdout on a
refusal would fail it with a parse error that hides the reason. The object is `{"error", "exit"}`,
the same message and exit code as the line on stderr. Commands not asked for JSON keep stdout empty.
"""

from __future__ import annotations

import json

import pytest
from cli_support import baton, started
from conftest import run_process


def refusal(result) -> dict:
    """The one JSON object a refused `--json` command printed on stdout."""
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["show", "0123abcd", "--json"], 4, "no handoff '0123abcd'"),
        (["remind", "--user", "nobody", "--json"], 4, "nobody"),
        (["sync", "--json"], 1, "no shared folder"),
        (["report", "--json", "--transition", "nosuch"], 4, "nosuch"),
    ],
)
def test_a_refused_json_command_prints_the_refusal_as_json(tmp_path, args, code, words):
    started(tmp_path)
    result = baton(tmp_path, *args)
    assert result.exit_code == code, result.output
    said = refusal(result)
    assert said["exit"] == code and words in said["error"]
    assert said["error"] in " ".join(result.stderr.split())


def test_a_command_not_asked_for_json_keeps_stdout_empty(tmp_path):
    started(tmp_path)
    result = baton(tmp_path, "show", "0123abcd")
    assert result.exit_code == 4 and result.stdout == ""


def test_the_same_refusal_in_a_real_process_on_both_paths(tmp_path):
    """The fast path (`show ID --json`, no click) and click's path (a usage error) both print the JSON."""
    started(tmp_path)
    fast = run_process("show", "--json", "0123abcd", home=tmp_path)
    assert fast.returncode == 4
    assert refusal(fast) == {"error": "no handoff '0123abcd'", "exit": 4}
    usage = run_process("list", "--json", "--status", "bogus", home=tmp_path)
    assert usage.returncode == 2
    assert refusal(usage)["exit"] == 2 and "'bogus' is not one of" in refusal(usage)["error"]
    plain = run_process("list", "--status", "bogus", home=tmp_path)
    assert plain.returncode == 2 and plain.stdout == ""
