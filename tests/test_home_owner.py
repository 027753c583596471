"""Another home's baton.db copied into this one is refused in one line, not used: its next sync would have written
this home's segments with the other home's events, and every teammate would have been told of tampering for good.

What must go on working: a home's own database (recorded at `init`, or taken on by an older one's first open),
its own backup put back, the demo, a database lost and brought back by `baton sync`."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import run
from test_sync_lost_database import _alarmed, _team
from test_sync_starter import crew, newcomer  # noqa: F401  (the fixture)

from baton.core.config import load_config
from baton.core.home import Home
from baton.core.home_owner import OWNER, ForeignDatabase
from baton.core.replica import Replica


def meta(database: Path, key: str) -> str | None:
    conn = sqlite3.connect(database)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def forget_owner(database: Path) -> None:
    """A database as a baton from before the record left it."""
    conn = sqlite3.connect(database)
    try:
        with conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (OWNER,))
    finally:
        conn.close()


def copy_database(source: Path, into: Path) -> None:
    """`source`'s baton.db copied over `into`'s, as a person copies the file of a home whose baton is closed."""
    conn = sqlite3.connect(source / "baton.db")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for suffix in ("", "-wal", "-shm"):
        (into / f"baton.db{suffix}").unlink(missing_ok=True)
    shutil.copy(source / "baton.db", into / "baton.db")


def folder_files(shared: Path) -> dict[str, bytes]:
    return {str(p.relative_to(shared)): p.read_bytes() for p in sorted(shared.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("recorded", [True, False], ids=["recorded", "from-before-the-record"])
def test_a_teammates_database_copied_in_is_refused_then_the_homes_own_comes_back(tmp_path, recorded):
    team, handoff = _team(tmp_path)
    ana, ben = team.home("ana"), team.home("ben")
    own = load_config(Home(ana)).replica_id
    assert meta(ana / "baton.db", OWNER) == own  # recorded at `init`
    if not recorded:
        forget_owner(ben / "baton.db")
    copy_database(ben, ana)
    copied = (ana / "baton.db").read_bytes()
    shared = folder_files(team.shared)
    for args in (("sync",), ("list",), ("show", handoff), ("comment", handoff, "hello"), ("report",)):
        refused = run(*args, home=ana)
        assert refused.returncode == 1, (args, refused)
        assert refused.stderr.startswith(f"baton: {ana / 'baton.db'} is another home's database"), refused.stderr
        assert f"this home is replica {own}" in refused.stderr and "move it out of" in refused.stderr
        assert len(refused.stderr.splitlines()) == 1 and refused.stdout == "", (args, refused)
    assert (ana / "baton.db").read_bytes() == copied  # nothing written to it
    assert folder_files(team.shared) == shared  # nothing sent
    with pytest.raises(ForeignDatabase):
        Replica.open(Home(ana))
    from baton.tui.launch import build_app

    with pytest.raises(ForeignDatabase):
        build_app(Home(ana))  # the app: before its first frame draws ben's queue as ana's
    shutil.move(ana / "baton.db", tmp_path / "bens-copy.db")  # as the message says
    for suffix in ("-wal", "-shm"):
        (ana / f"baton.db{suffix}").unlink(missing_ok=True)
    synced = run("sync", home=ana)
    assert synced.returncode == 0 and not _alarmed(synced.stdout + synced.stderr), synced
    assert json.loads(team("ana", "show", handoff, "--json").stdout)["title"] == "Move the Acme work"
    seen = run("sync", home=ben)
    assert seen.returncode == 0 and not _alarmed(seen.stdout + seen.stderr), seen


def test_an_own_database_from_before_the_record_takes_it_on_its_first_open(tmp_path):
    team, handoff = _team(tmp_path)
    ana = team.home("ana")
    forget_owner(ana / "baton.db")
    assert run("list", home=ana).returncode == 0  # a reader records nothing
    assert meta(ana / "baton.db", OWNER) is None
    synced = run("sync", home=ana)
    assert synced.returncode == 0 and not _alarmed(synced.stdout + synced.stderr), synced
    assert meta(ana / "baton.db", OWNER) == load_config(Home(ana)).replica_id


def test_a_homes_own_backup_put_back_opens_and_syncs_without_an_alarm(tmp_path):
    team, handoff = _team(tmp_path)
    ana = team.home("ana")
    backup = tmp_path / "backup"
    shutil.copytree(ana, backup)
    assert team("ana", "comment", handoff, "after the backup").exit_code == 0
    assert team("ana", "sync").exit_code == 0
    shutil.rmtree(ana)
    shutil.copytree(backup, ana)
    synced = run("sync", home=ana)
    assert synced.returncode == 0 and not _alarmed(synced.stdout + synced.stderr), synced
    comments = [c["text"] for c in json.loads(team("ana", "show", handoff, "--json").stdout)["comments"]]
    assert comments == ["after the backup"]


def test_init_over_another_homes_database_is_refused_and_leaves_it_as_it_was(tmp_path):
    team, _ = _team(tmp_path)
    home = tmp_path / "fresh"
    home.mkdir()
    copy_database(team.home("ben"), home)
    copied = (home / "baton.db").read_bytes()
    refused = run("init", "--user", "ana", home=home)
    assert refused.returncode == 1 and "is another home's database" in refused.stderr, refused
    assert sorted(p.name for p in home.iterdir()) == ["baton.db"]
    assert (home / "baton.db").read_bytes() == copied


def test_the_demo_is_mayas_home(tmp_path):
    home = tmp_path / "demo"
    built = run("demo", "--home", home, home=home)
    assert built.returncode == 0, built
    assert meta(home / "baton.db", OWNER) == load_config(Home(home)).replica_id
    assert run("list", home=home).returncode == 0
    Replica.open(Home(home)).close()


def test_a_newcomer_who_starts_from_a_teammates_starter_keeps_a_database_of_its_own(tmp_path, shared, crew):  # noqa: F811
    from baton.sync import starter

    ana, ben, wall = crew
    cleo = newcomer(tmp_path, shared, ana, wall)
    assert starter.started_from(cleo) is not None  # ana's rows, not her meta
    own = cleo.config.replica_id
    assert meta(cleo.home.database, OWNER) == own
    cleo.close()
    synced = run("sync", home=cleo.home.root)
    assert synced.returncode == 0 and not _alarmed(synced.stdout + synced.stderr), synced
    assert meta(cleo.home.database, OWNER) == own
