"""A database lost or damaged on one laptop comes back from the shared folder, without a false alarm.

The folder holds every segment this replica sent, signed by its own device key. When its database
is deleted, or damaged and moved aside, commands say so and what to do (never open an empty copy as
if nothing had happened); `baton sync` takes those segments back in as this replica's own, goes on
numbering after them, and says nothing about "another device writing as this replica".
"""

from __future__ import annotations

import json
import shutil

from conftest import run
from test_team_cli import Team


def _team(tmp_path):
    crew = Team(tmp_path)
    crew.found("ana")
    assert crew.join("ben", crew.invite("ben")).exit_code == 0
    for user in ("ben", "ana"):
        assert crew(user, "sync").exit_code == 0
    made = crew("ana", "new", "task-reassignment", "--title", "Move the Acme work", "--to", "ben")
    handoff = made.stdout.strip()
    assert crew("ana", "set", handoff, "reason", "planned leave").exit_code == 0
    assert crew("ana", "sync").exit_code == 0
    return crew, handoff


def _alarmed(text: str) -> bool:
    return "another device" in text or "TAMPERING" in text or "copied" in text


def test_a_deleted_database_is_refused_in_words_then_brought_back_by_sync(tmp_path):
    crew, handoff = _team(tmp_path)
    home = crew.home("ana")
    before = json.loads(crew("ana", "show", handoff, "--json").stdout)
    (home / "baton.db").unlink()
    for suffix in ("-wal", "-shm"):
        (home / f"baton.db{suffix}").unlink(missing_ok=True)
    for args in (("list",), ("show", handoff), ("comment", handoff, "hello"), ("report",), ("doctor",)):
        refused = run(*args, home=home)
        assert refused.returncode == 1, (args, refused)
        assert "baton.db was moved or deleted): `baton sync` brings back" in refused.stderr, (args, refused.stderr)
        assert not (home / "baton.db").exists(), args  # nothing opened empty behind the user's back
    synced = run("sync", home=home)
    assert synced.returncode == 0 and not _alarmed(synced.stdout + synced.stderr), synced
    assert json.loads(crew("ana", "show", handoff, "--json").stdout)["items"] == before["items"]
    again = run("sync", home=home)
    assert not _alarmed(again.stdout + again.stderr), again
    assert crew("ana", "comment", handoff, "back from the folder").exit_code == 0
    assert crew("ana", "sync").exit_code == 0
    seen = run("sync", home=crew.home("ben"))
    assert seen.returncode == 0 and not _alarmed(seen.stdout + seen.stderr), seen
    comments = [c["text"] for c in json.loads(crew("ben", "show", handoff, "--json").stdout)["comments"]]
    assert comments == ["back from the folder"]
    assert "nothing kept aside" in run("doctor", home=home).stdout


def test_a_damaged_database_says_to_move_it_aside_and_sync(tmp_path):
    crew, handoff = _team(tmp_path)
    home = crew.home("ana")
    data = (home / "baton.db").read_bytes()
    for suffix in ("-wal", "-shm"):
        (home / f"baton.db{suffix}").unlink(missing_ok=True)
    (home / "baton.db").write_bytes(data[: len(data) // 3])
    for args in (("list",), ("show", handoff), ("sync",), ("report",)):
        refused = run(*args, home=home)
        assert refused.returncode == 1, (args, refused)
        assert refused.stderr.startswith("baton: the database ") and "move it aside" in refused.stderr, refused
        assert len(refused.stderr.splitlines()) == 1
    shutil.move(home / "baton.db", home / "baton.db.damaged")
    synced = run("sync", home=home)
    assert synced.returncode == 0 and not _alarmed(synced.stdout + synced.stderr), synced
    assert json.loads(crew("ana", "show", handoff, "--json").stdout)["title"] == "Move the Acme work"
