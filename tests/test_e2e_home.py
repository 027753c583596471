"""A careless teammate's home: config.json edited by hand. Every command says one line, never a traceback."""

from __future__ import annotations

import json

import pytest
from conftest import run

from baton.core.team.checklists import builtin_checklists


@pytest.fixture(autouse=True)
def forget_builtin_checklists():
    """Each command here runs in this process: forget the built-ins it read, as a new process would."""
    yield
    builtin_checklists.cache_clear()


@pytest.fixture
def ana(tmp_path):
    home = tmp_path / "ana"
    assert run("init", "--user", "ana", "--tz", "UTC", home=home).returncode == 0
    handoff = run("new", "sales-to-onboarding", "--title", "Acme deal", "--to", "ben", home=home).stdout.strip()
    return home, handoff


def edit(home, **fields):
    path = home / "config.json"
    data = json.loads(path.read_text())
    data.update(fields)
    path.write_text(json.dumps(data))


COMMANDS = [("show", "{id}"), ("show", "{id}", "--json"), ("brief", "{id}"), ("team",), ("history", "{id}"), ("sync",)]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_unknown_time_zone_in_config_is_one_line_naming_it(ana, args):
    home, handoff = ana
    edit(home, tz="Mars/Olympus")
    result = run(*(a.format(id=handoff) for a in args), home=home)
    assert result.returncode == 1
    assert result.stderr.startswith("baton: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Mars/Olympus" in result.stderr and "unexpected error" not in result.stderr


def test_a_damaged_config_names_the_field(ana):
    home, _ = ana
    edit(home, role=5)
    result = run("sync", home=home)
    assert result.returncode == 1 and "role" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
