"""Upgrading, end to end: a home whose database the release before teams wrote, read by today's `baton`.

tests/data/old-home holds that database as SQL text (`sqlite3 baton.db .dump`), made with
the release of commit a15c759: `baton init --user ana --tz UTC`, `baton new
sales-to-onboarding --title "Old deal" --to ben`, `baton set ID plan growth`, `baton set ID seats 40`.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import run

from baton.core.team.checklists import builtin_checklists


@pytest.fixture(autouse=True)
def forget_builtin_checklists():
    """Each command here runs in this process: forget the built-ins it read, as a new process would."""
    yield
    builtin_checklists.cache_clear()


DATA = Path(__file__).parent / "data" / "old-home"
OLD_DEAL = "b5bc7c511bd3dce69b3253e1c95b667c"


@pytest.fixture
def old_home(tmp_path) -> Path:
    home = tmp_path / "ana"
    home.mkdir()
    shutil.copy(DATA / "config.json", home / "config.json")
    conn = sqlite3.connect(home / "baton.db")
    conn.executescript((DATA / "baton.sql").read_text(encoding="utf-8"))
    conn.close()
    return home


READS = [
    ("list", "--all"),
    ("list", "--all", "--json"),
    ("list", "--outbox"),
    ("show", OLD_DEAL),
    ("show", OLD_DEAL, "--json"),
    ("brief", OLD_DEAL),
    ("history", OLD_DEAL),
    ("report",),
    ("export",),
    ("export", "--format", "json"),
    ("remind", "--me"),
    ("teammates",),
]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_the_first_command_on_an_old_home_reads_it(old_home, args):
    result = run(*args, home=old_home)
    assert result.returncode == 0, result.stderr
    assert "Old deal" in result.stdout or args[0] in ("history", "report", "remind", "teammates")


def test_the_old_draft_is_listed_with_its_values(old_home):
    [row] = json.loads(run("list", "--all", "--json", home=old_home).stdout)
    assert row["id"] == OLD_DEAL and row["status"] == "draft" and row["progress"]["done"] == 2
