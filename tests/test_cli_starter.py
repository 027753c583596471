"""`baton init --invite` on a folder with a lead's starter: ready at once, told where its history came from, and
the next `baton sync` says the check's outcome; the CLI's contract run in a real process too."""

from __future__ import annotations

import json

import pytest
from conftest import run_process
from test_team_cli import Team


@pytest.fixture
def crew(tmp_path) -> Team:
    crew = Team(tmp_path)
    crew.found()
    code = crew.invite("ben", "--stage", "onboarding")
    assert crew.join("ben", code).exit_code == 0
    assert crew("ana", "sync").exit_code == 0
    made = crew("ana", "new", "sales-to-onboarding", "--title", "Acme rollout", "--to", "ben")
    assert made.exit_code == 0, made.stderr
    assert crew("ana", "sync", "--compact").exit_code == 0
    return crew


def titles(crew: Team, user: str) -> set[str]:
    shown = crew(user, "list", "--all", "--json")
    assert shown.exit_code == 0, shown.stderr
    return {h["title"] for h in json.loads(shown.stdout)}


def test_a_newcomer_joins_from_the_leads_starter_and_the_next_sync_checks_it(crew):
    code = crew.invite("cleo", "--stage", "onboarding")
    assert crew("ana", "sync", "--compact").exit_code == 0
    joined = crew.join("cleo", code)
    assert joined.exit_code == 0, joined.stderr
    assert "started from ana's copy of the team's history" in joined.stderr
    assert "Acme rollout" in titles(crew, "cleo")
    synced = crew("cleo", "sync")
    assert synced.exit_code == 0, synced.stderr
    assert "history: started from ana's copy, which matches the team's segments" in synced.stdout
    again = crew("cleo", "sync")
    assert "starter" not in again.stdout + again.stderr


def test_the_contract_in_a_real_process(crew, tmp_path):
    code = crew.invite("cleo", "--stage", "onboarding")
    assert crew("ana", "sync", "--compact").exit_code == 0
    home = crew.home("cleo")
    done = run_process("init", "--user", "cleo", "--invite", code, "--sync-dir", crew.shared, home=home)
    assert done.returncode == 0, done.stderr
    assert "started from ana's copy" in done.stderr and "Traceback" not in done.stderr
    synced = run_process("sync", "--json", home=home)
    assert synced.returncode == 0, synced.stderr
    report = json.loads(synced.stdout)
    assert "matches the team's segments" in report["history"]
    assert not report["problems"]


def test_doctor_says_where_the_history_came_from_and_whether_it_was_checked(crew):
    code = crew.invite("cleo", "--stage", "onboarding")
    assert crew("ana", "sync", "--compact").exit_code == 0
    assert crew.join("cleo", code).exit_code == 0
    before = crew("cleo", "doctor")
    assert before.exit_code == 0, before.output
    assert "history: started from ana's copy" in before.stdout and "not checked" in before.stdout
    assert crew("cleo", "sync").exit_code == 0
    after = crew("cleo", "doctor", "--json")
    assert json.loads(after.stdout)["started_from"]["checked"] is True
    assert "checked: it matches the team's segments" in crew("cleo", "doctor").stdout
    assert "history:" not in crew("ana", "doctor").stdout
