"""Hooks: they receive the event as JSON, and a failing, hanging or garbage-printing
hook is reported while the change it follows stays committed.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Team, run

from baton.core.hooks import Hooks
from baton.core.metrics import HOUR
from baton.core.remind import announce_breaches


def hook(team_or_home, name: str, body: str, executable: bool = True) -> Path:
    root = team_or_home.home.root if isinstance(team_or_home, Team) else Path(team_or_home)
    folder = root / "hooks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755 if executable else 0o644)
    return path


def test_a_hook_gets_the_event_as_json_on_stdin(team: Team):
    hook(team, "on-send", 'cat > "$BATON_HOME/got.json"\necho "posted to #handoffs for $BATON_USER"')
    handoff = team.ready()
    team["ana"].send(handoff)
    got = json.loads((team.home.root / "got.json").read_text())
    assert got["hook"] == "on-send"
    assert got["event"]["kind"] == "sent" and got["event"]["author"] == "ana"
    assert got["handoff"]["id"] == handoff and got["handoff"]["status"] == "sent"
    assert got["handoff"]["receiver"] == "ben" and got["handoff"]["answer_by"].endswith("Z")
    [outcome] = team["ana"].hook_outcomes
    assert outcome.ok and outcome.line() == "hook on-send: posted to #handoffs for ana"


def test_accept_and_return_hooks_carry_the_reason(team: Team):
    for name in ("on-accept", "on-return"):
        hook(team, name, f'cat > "$BATON_HOME/{name}.json"')
    handoff = team.ready()
    team["ana"].send(handoff)
    team["ben"].return_(handoff, "The summary is too vague to start")
    team["ana"].send(handoff)
    team["ben"].accept(handoff)
    returned = json.loads((team.home.root / "on-return.json").read_text())
    assert returned["event"]["payload"]["reason"] == "The summary is too vague to start"
    assert returned["handoff"]["status"] == "returned" and returned["handoff"]["returns"] == 1
    accepted = json.loads((team.home.root / "on-accept.json").read_text())
    assert accepted["handoff"]["owner"] == "ben"
    assert [o.ok for o in team["ben"].hook_outcomes] == [True, True]


def test_a_failing_hook_is_reported_and_the_send_stands(team: Team):
    hook(team, "on-send", 'echo "cannot reach the chat server" >&2\nexit 2')
    handoff = team.ready()
    team["ana"].send(handoff)
    assert team.store.handoff_row(handoff)["status"] == "sent"
    [outcome] = team["ana"].hook_outcomes
    assert not outcome.ok
    assert outcome.line() == "hook on-send failed (exit 2): cannot reach the chat server"


def test_a_hanging_hook_is_stopped_at_its_time_limit(team: Team, monkeypatch):
    monkeypatch.setenv("BATON_HOOK_TIMEOUT", "0.5")
    # The shell waits on a child that holds the output pipe: the whole group must go.
    hook(team, "on-send", "sleep 60\necho never")
    handoff = team.ready()
    team["ana"].send(handoff)
    assert team.store.handoff_row(handoff)["status"] == "sent"
    [outcome] = team["ana"].hook_outcomes
    assert not outcome.ok and "took longer than 0.5 s" in outcome.line()


def test_garbage_output_is_reported_not_shown(team: Team):
    hook(team, "on-send", r"printf '\000\377\376binary'")
    handoff = team.ready()
    team["ana"].send(handoff)
    [outcome] = team["ana"].hook_outcomes
    assert not outcome.ok and "not text" in outcome.line()
    assert team.store.handoff_row(handoff)["status"] == "sent"


def test_a_hook_that_is_not_executable_is_reported(team: Team):
    hook(team, "on-send", "exit 0", executable=False)
    handoff = team.ready()
    team["ana"].send(handoff)
    [outcome] = team["ana"].hook_outcomes
    assert "not executable" in outcome.line()


def test_a_hook_that_ignores_a_large_input_still_finishes(team: Team):
    hook(team, "on-send", "exit 0")
    handoff = team.ready()
    team["ana"].set_item(handoff, "notes", "x" * 200_000)
    team["ana"].send(handoff)
    assert [o.ok for o in team["ana"].hook_outcomes] == [True]


def test_no_hooks_no_outcomes(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    assert team["ana"].hook_outcomes == []


def test_bad_timeout_setting_falls_back(monkeypatch, tmp_path):
    from baton.core.hooks import DEFAULT_TIMEOUT, timeout_from_env

    for raw in ("soon", "-3", "0"):
        monkeypatch.setenv("BATON_HOOK_TIMEOUT", raw)
        assert timeout_from_env() == DEFAULT_TIMEOUT
    monkeypatch.setenv("BATON_HOOK_TIMEOUT", "2.5")
    assert timeout_from_env() == 2.5


def test_each_breach_is_announced_once(team: Team):
    hook(team, "on-breach", 'cat >> "$BATON_HOME/breaches.jsonl"\necho >> "$BATON_HOME/breaches.jsonl"')
    handoff = team.ready()
    team["ana"].send(handoff)
    conn = sqlite3.connect(team.store.path)
    conn.row_factory = sqlite3.Row
    hooks = Hooks(team.home.hooks, user="lea")
    assert announce_breaches(conn, hooks, team.wall.now + 23 * HOUR) == []  # still inside the window
    [outcome] = announce_breaches(conn, hooks, team.wall.now + 25 * HOUR)
    assert outcome.ok
    assert announce_breaches(conn, hooks, team.wall.now + 26 * HOUR) == []  # already announced
    lines = [line for line in (team.home.root / "breaches.jsonl").read_text().splitlines() if line.strip()]
    assert len(lines) == 1
    got = json.loads(lines[0])
    assert got["hook"] == "on-breach" and got["handoff"]["id"] == handoff
    assert got["breach"]["receiver"] == "ben" and got["breach"]["late_by_minutes"] == pytest.approx(60, abs=1)
    # Returned, sent again and late again: a new breach, announced once more.
    team.wall.advance(30 * HOUR)
    team["ben"].return_(handoff, "Please add the project code")
    team["ana"].send(handoff)
    assert len(announce_breaches(conn, hooks, team.wall.now + 25 * HOUR)) == 1
    conn.close()


def test_breaches_are_not_claimed_without_a_hook(team: Team):
    handoff = team.ready()
    team["ana"].send(handoff)
    conn = sqlite3.connect(team.store.path)
    conn.row_factory = sqlite3.Row
    assert announce_breaches(conn, Hooks(team.home.hooks), team.wall.now + 25 * HOUR) == []
    assert conn.execute("SELECT COUNT(*) FROM breach_alerts").fetchone()[0] == 0
    hook(team, "on-breach", "exit 0")
    assert len(announce_breaches(conn, Hooks(team.home.hooks), team.wall.now + 25 * HOUR)) == 1
    conn.close()


def test_cli_reports_a_failing_hook_in_one_line_and_succeeds(cli_team):
    hook(cli_team.home, "on-send", 'echo "webhook returned 500" >&2\nexit 2')
    handoff = cli_team.ready()
    result = cli_team("ana", "send", handoff)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "hook on-send failed (exit 2): webhook returned 500"
    shown = run("list", "--all", "--json", home=cli_team.home)
    assert json.loads(shown.stdout)[0]["status"] == "sent"


def test_running_hooks_leaves_no_pipe_open(tmp_path: Path):
    import gc
    import warnings

    hook(tmp_path, "on-send", 'cat >/dev/null; echo "posted"; echo "noted" >&2')
    hook(tmp_path, "on-return", "sleep 30")
    hooks = Hooks(tmp_path / "hooks", user="ana", timeout=0.3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        outcomes = [hooks.run("on-send", {"n": n}) for n in range(3)] + [hooks.run("on-return", {})]
        gc.collect()
    assert [o.ok for o in outcomes] == [True, True, True, False]
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
