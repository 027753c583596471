"""The hot commands' fast path and click say the same: output, stderr and exit code, for the same argv.

tui/entry.py runs the simple forms of `show`, `send` and `list` without click
(tui/cli/fast_path.py); click's commands call the same bodies. Each case runs both
ways on its own copy of one home (a send changes it): in this process on a frozen
clock, and in real processes (where the fast path writes without click loaded).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest
from conftest import CliTeam

from baton.tui.cli.fast_path import recognised

FROZEN_NS = 1_767_000_000_000 * 1_000_000


def scene(cli_team: CliTeam) -> dict[str, str]:
    """A ready draft, a blocked one, a sent one and a returned one (ana's home)."""
    ready = cli_team.prepared()
    blocked = cli_team.replica("ana").create("relay", "Globex — 12 seats", "ben")
    sent = cli_team.prepared(sent=True)
    returned = cli_team.prepared(sent=True)
    cli_team.replica("ben").return_(returned, "The seat count does not match the contract")
    cli_team.replica("ana").comment(ready, "Kickoff moved to Thursday")
    cli_team.become("ana")
    return {"ready": ready, "blocked": blocked, "sent": sent, "returned": returned}


CASES = [
    ["show", "{ready}"],
    ["show", "{ready}", "--json"],
    ["show", "--json", "{returned}"],
    ["show", "{sent:6}"],
    ["show", "{blocked}"],
    ["show", "zzz"],
    ["show", "zzz", "--json"],
    ["show", "abcdef12"],
    ["send", "{ready}"],
    ["send", "{blocked}"],
    ["send", "{sent}"],
    ["send", "{returned}"],
    ["send", "0123"],
    ["list"],
    ["list", "--all"],
    ["list", "--inbox", "--json"],
    ["list", "--outbox", "--status", "draft"],
    ["list", "--status=returned", "--json"],
    ["list", "--status", "cancelled"],
]


def argv(case: list[str], ids: dict[str, str]) -> list[str]:
    return [word.format(**ids) for word in case]


def in_process(main_path: str, args: list[str], home: Path) -> tuple[int, str, str]:
    """Run `main` (the console script's, or click's) here, as conftest.run does."""
    from click.testing import CliRunner

    module, name = main_path.rsplit(".", 1)
    main = getattr(__import__(module, fromlist=[name]), name)
    with CliRunner().isolation(env={"BATON_HOME": str(home), "BATON_DEBUG": None}) as (out, err, _):
        saved, sys.argv = sys.argv, ["baton", *args]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            code = 1
        finally:
            sys.argv = saved
            sys.stdout.flush()
            sys.stderr.flush()
        return code, out.getvalue().decode(), err.getvalue().decode()


def both_ways(
    home: Path, tmp: Path, run, args: list[str], fast_main: str = "baton.tui.entry.main"
) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """`args` the fast way, then click's, each on a fresh copy of `home` at the same path."""
    said = []
    for main_path in (fast_main, "baton.tui.cli.main"):
        copy = tmp / "copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(home, copy)
        said.append(run(main_path, args, copy))
    return said[0], said[1]


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c) for c in CASES])
def test_in_process_the_fast_path_and_click_agree(cli_team: CliTeam, tmp_path, monkeypatch, case):
    ids = scene(cli_team)
    args = argv(case, ids)
    assert recognised(args) is not None, args  # every case here takes the fast path
    monkeypatch.setattr(time, "time_ns", lambda: FROZEN_NS)
    fast, slow = both_ways(cli_team.home, tmp_path, in_process, args)
    assert fast == slow
    if case[0] == "send" and "{ready}" in case:
        assert fast[0] == 0 and fast[1].startswith("Sent to ben.")
    if case == ["send", "{blocked}"]:
        assert fast[0] == 3 and "cannot send" in fast[2]
    if case == ["show", "abcdef12"]:
        assert fast[0] == 4 and fast[2] == "baton: no handoff 'abcdef12'\n"


def in_a_process(main_path: str, args: list[str], home: Path) -> tuple[int, str, str]:
    module, name = main_path.rsplit(".", 1)
    env = {**os.environ, "BATON_HOME": str(home)}
    env.pop("BATON_DEBUG", None)
    code = f"from {module} import {name}; {name}()"
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "case",
    [
        ["show", "{ready}"],
        ["show", "{returned}", "--json"],
        ["show", "nope"],
        ["send", "{blocked}"],
        ["send", "{ready}"],
        ["list", "--all"],
    ],
    ids=lambda c: " ".join(c),
)
def test_in_real_processes_the_fast_path_and_click_agree(cli_team: CliTeam, tmp_path, case):
    """Without click loaded the fast path writes itself, and the console script (`script`) leaves without
    tearing the interpreter down: the same output all the same. A minute turning between the runs is retried."""
    ids = scene(cli_team)
    args = argv(case, ids)
    for _ in range(3):
        minute = time.time() // 60
        fast, slow = both_ways(cli_team.home, tmp_path, in_a_process, args, fast_main="baton.tui.entry.script")
        if time.time() // 60 == minute:
            break
    assert fast == slow
    assert fast[0] == (
        4 if "nope" in case else {"show": 0, "send": 3 if "{blocked}" in case else 0, "list": 0}[case[0]]
    )


def test_a_send_that_leaves_at_once_is_written_all_the_same(cli_team: CliTeam):
    """The console script's quick exit comes after the replica is closed: the send is in the database."""
    from conftest import run_process

    ids = scene(cli_team)
    sent = run_process("send", ids["ready"], home=cli_team.home)
    assert sent.returncode == 0 and sent.stdout.startswith("Sent to ben."), sent
    assert "status: sent" in run_process("show", ids["ready"], home=cli_team.home).stdout


def test_hook_outcomes_and_a_broken_checks_file_are_said_the_same_way(cli_team: CliTeam, tmp_path, monkeypatch):
    """What open_replica says once the command is done (hooks), and read_warnings' one line per broken file."""
    ids = scene(cli_team)
    hooks = cli_team.home / "hooks"
    hooks.mkdir()
    (hooks / "on-send").write_text('#!/bin/sh\necho "posted to #handoffs"\n', encoding="utf-8")
    (hooks / "on-send").chmod(0o755)
    (cli_team.home / "answer-checks.toml").write_text("[[checks]\n", encoding="utf-8")
    monkeypatch.setattr(time, "time_ns", lambda: FROZEN_NS)
    said = {}
    for args in (["send", ids["ready"]], ["show", ids["ready"]]):
        fast, slow = both_ways(cli_team.home, tmp_path, in_process, args)
        assert fast == slow
        said[args[0]] = fast
    assert said["send"][0] == 0 and "hook on-send: posted to #handoffs" in said["send"][2]
    assert all("answer-checks.toml is not valid TOML" in err for _, _, err in said.values())


def test_without_a_home_both_ways_say_so(tmp_path, monkeypatch):
    empty = tmp_path / "nothing"
    empty.mkdir()
    for args in (["show", "abc"], ["send", "abc"], ["list"]):
        fast, slow = both_ways(empty, tmp_path, in_process, args)
        assert fast == slow and fast[0] != 0 and fast[2].startswith("baton: ")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["show"],
        ["show", "--help"],
        ["show", "-h"],
        ["show", "a", "b"],
        ["show", "a", "--json", "--json"],
        ["show", "--", "a"],
        ["show", "-x"],
        ["show", ""],
        ["send"],
        ["send", "a", "--json"],
        ["send", "--help"],
        ["list", "--help"],
        ["list", "--inbox", "--outbox"],
        ["list", "--json", "--json"],
        ["list", "--status"],
        ["list", "--status", "lost"],
        ["list", "--status=lost"],
        ["list", "--status", "sent", "--status", "draft"],
        ["list", "extra"],
        ["new", "relay"],
        ["history", "a"],
    ],
    ids=lambda a: " ".join(a) or "(nothing)",
)
def test_anything_but_a_simple_form_is_left_to_click(args):
    assert recognised(args) is None


def test_shell_completion_is_left_to_click(monkeypatch):
    assert recognised(["show", "abc"]) is not None
    monkeypatch.setenv("_BATON_COMPLETE", "bash_complete")
    assert recognised(["show", "abc"]) is None


@pytest.mark.parametrize(
    "args",
    [["show", "--help"], ["list", "--status", "lost"], ["send"], ["show", "a", "b"]],
    ids=lambda a: " ".join(a),
)
def test_usage_and_help_are_clicks_words(cli_team: CliTeam, tmp_path, args):
    """A form the fast path leaves alone reaches click from the console script: the same words as click's own."""
    fast, slow = both_ways(cli_team.home, tmp_path, in_process, args)
    assert fast == slow
    assert fast[0] == (0 if "--help" in args else 2)


def test_list_json_is_valid_both_ways(cli_team: CliTeam, tmp_path):
    scene(cli_team)
    fast, slow = both_ways(cli_team.home, tmp_path, in_process, ["list", "--all", "--json"])
    assert fast == slow
    assert len(json.loads(fast[1])) == 4
