"""The command line's small promises, in process through click's runner: one warning line for a saved
value that still blocks, nothing written twice, usage errors for bad options, did-you-mean,
whole help lines, aligned columns, each item's rules in `show --json`, and a quiet closed pipe."""

from __future__ import annotations

import json
import subprocess

from cli_support import baton, started
from conftest import BATON, GOOD_VALUES


def event_count(home) -> int:
    import sqlite3

    conn = sqlite3.connect(home / "baton.db")
    try:
        return conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()


def test_a_saved_value_that_fails_a_rule_warns_and_exits_0(home):
    handoff = started(home)
    result = baton(home, "set", handoff, "summary", "too short")
    assert result.exit_code == 0
    assert "warning: saved, but it blocks sending" in result.stderr and "too short" in result.stderr


def test_the_same_value_again_writes_nothing(home):
    handoff = started(home)
    assert baton(home, "set", handoff, "plan", "Enterprise").exit_code == 0
    before = event_count(home)
    result = baton(home, "set", handoff, "plan", "enterprise")
    assert result.exit_code == 0 and "nothing written" in result.stdout
    assert event_count(home) == before
    history = baton(home, "history", handoff).stdout
    assert "enterprise → enterprise" not in history


def test_did_you_mean_an_item(home):
    handoff = started(home)
    result = baton(home, "set", handoff, "sumary", "x")
    assert result.exit_code == 4 and "did you mean `summary`" in result.stderr


def test_since_that_is_no_date_is_a_usage_error(home):
    started(home)
    for command in ("report", "export"):
        result = baton(home, command, "--since", "xyz")
        assert result.exit_code == 2, (command, result.output)
        assert "'xyz' is not a date" in result.stderr and "Traceback" not in result.stderr


def test_permission_is_checked_before_the_reason(home):
    handoff = started(home)
    for raw in GOOD_VALUES.items():
        baton(home, "set", handoff, raw[0], *([] if raw[1] is None else [raw[1]]))
    assert baton(home, "send", handoff).exit_code == 0
    result = baton(home, "return", handoff, "--reason", "no")  # ana is the sender, not the receiver
    assert result.exit_code == 5, result.stderr


def test_help_summaries_are_whole(home):
    text = baton(home, "--help").stdout
    assert "..." not in text.split("Commands:")[1]
    assert "exit 3 with every blocker when the gate" in text


def test_columns_line_up(home):
    started(home)
    lines = baton(home, "templates", "list").stdout.splitlines()
    header = lines[0]
    start = header.index("TRIGGER")
    assert all(line[start - 2 : start] == "  " and line[start] != " " for line in lines[1:])
    lines = baton(home, "list").stdout.splitlines()
    title_at = lines[0].index("TITLE")
    assert lines[1][title_at - 2 : title_at] == "  " and lines[1][title_at:].startswith("Acme")


def test_show_json_gives_each_items_rules(home):
    handoff = started(home)
    shown = json.loads(baton(home, "show", handoff, "--json").stdout)
    rules = {item["id"]: item["rules"] for item in shown["items"]}
    assert rules["summary"]["min_length"] == 10
    assert rules["plan"]["choices"] == ["starter", "growth", "enterprise"]
    assert rules["seats"]["min"] == 1 and rules["seats"]["max"] == 500
    assert rules["code"]["pattern"] == "[A-Z]{3}-[0-9]+"
    assert rules["security"]["when"] == {"item": "plan", "equals": "enterprise"}


def test_a_closed_pipe_is_quiet(home):
    handoff = started(home)
    env = {"BATON_HOME": str(home), "PATH": "/usr/bin:/bin"}
    script = f"'{BATON}' brief {handoff} | head -1; '{BATON}' show {handoff} | head -1"
    done = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert "Broken pipe" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
