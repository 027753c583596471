"""Naming the shared folder: a typo is refused in one line and changes nothing; a new folder inside an
existing one is created and said so; the README's try-out with two homes on one machine works as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import GOOD_VALUES, run, write_relay

from baton.core.errors import BatonError


def one_line(result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("baton: ") and "Traceback" not in result.stderr
    return line


def sync_dir(home: Path) -> str | None:
    return json.loads((home / "config.json").read_text())["sync_dir"]


def test_init_with_a_folder_whose_parent_is_missing_is_refused_and_creates_nothing(tmp_path):
    typo = tmp_path / "Sycn" / "team"
    line = one_line(run("init", "--user", "ana", "--sync-dir", typo, home=tmp_path / "ana"))
    assert f"{typo.parent} does not exist: is the drive mounted?" in line
    assert not (tmp_path / "ana").exists() and not typo.parent.exists()


def test_init_creates_a_missing_folder_inside_an_existing_one_and_says_so(tmp_path):
    shared = tmp_path / "shared"
    result = run("init", "--user", "ana", "--sync-dir", shared, home=tmp_path / "ana")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Created shared folder {shared}"
    assert shared.is_dir() and sync_dir(tmp_path / "ana") == str(shared)
    again = run("init", "--user", "ben", "--sync-dir", shared, home=tmp_path / "ben")
    assert again.returncode == 0 and "Created" not in again.stdout


def test_a_refused_init_takes_the_folder_it_created_away(tmp_path):
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / "config.json").write_text("{ not json")  # a home that cannot be opened
    shared = tmp_path / "shared"
    result = run("init", "--user", "ana", "--sync-dir", shared, home=tmp_path / "ana")
    assert result.returncode != 0
    assert not shared.exists()


def test_sync_dir_typo_is_refused_and_the_real_folder_stays(tmp_path):
    shared, home = tmp_path / "shared", tmp_path / "ana"
    assert run("init", "--user", "ana", "--sync-dir", shared, home=home).returncode == 0
    for typo in (Path("/typo/path"), tmp_path / "shraed" / "team"):
        line = one_line(run("sync", "--dir", typo, home=home))
        assert f"{typo.parent} does not exist: is the drive mounted?" in line
        assert sync_dir(home) == str(shared) and not typo.parent.exists()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    refused = run("sync", "--dir", a_file, home=home)
    assert refused.returncode == 2 and "is a file" in refused.stderr  # click's own check on the path
    assert sync_dir(home) == str(shared)


def test_sync_dir_creates_a_new_folder_inside_an_existing_one(tmp_path):
    home, moved = tmp_path / "ana", tmp_path / "moved"
    assert run("init", "--user", "ana", home=home).returncode == 0
    result = run("sync", "--dir", moved, home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [f"Created shared folder {moved}", f"Shared folder set to {moved}"]
    assert sync_dir(home) == str(moved) and moved.is_dir()


def test_the_app_folder_dialog_meets_the_same_choice(tmp_path):
    from baton.core.home import Home
    from baton.core.replica import Replica
    from baton.tui.screens.set_folder import set_sync_dir

    replica = Replica.init(Home(tmp_path / "ana"), "ana", tz="UTC")
    try:
        with pytest.raises(BatonError, match="does not exist: is the drive mounted"):
            set_sync_dir(replica, str(tmp_path / "typo" / "team"))
        assert replica.config.sync_dir is None
        said = set_sync_dir(replica, str(tmp_path / "team"))
        assert said.startswith(f"Created shared folder {tmp_path / 'team'}") and (tmp_path / "team").is_dir()
    finally:
        replica.close()


def test_the_readme_try_out_with_two_homes_on_one_machine(tmp_path):
    """README, Sync: `BATON_HOME=/tmp/ana baton init --user ana --sync-dir /tmp/shared`, the same for ben,
    and `baton sync` in each (here under a fresh folder standing for /tmp)."""
    shared = tmp_path / "shared"
    for user in ("ana", "ben"):
        result = run("init", "--user", user, "--sync-dir", shared, home=tmp_path / user)
        assert result.returncode == 0, result.stderr
    write_relay(tmp_path / "ana" / "checklists")
    handoff = run("new", "relay", "--title", "Acme", "--to", "ben", home=tmp_path / "ana").stdout.strip()
    for item_id, raw in GOOD_VALUES.items():
        assert run("set", handoff, item_id, *([] if raw is None else [raw]), home=tmp_path / "ana").returncode == 0
    for user in ("ana", "ben"):
        result = run("sync", home=tmp_path / user)
        assert result.returncode == 0 and "will retry" not in result.stdout, result.stdout
    shown = run("show", handoff, "--json", home=tmp_path / "ben")
    assert shown.returncode == 0 and json.loads(shown.stdout)["title"] == "Acme"


@pytest.mark.parametrize("blocked", ["replicas a file", "baton a link", "v1 a link to nowhere"])
def test_a_folder_baton_could_not_write_in_is_refused_by_init_and_sync_dir(tmp_path, blocked):
    """Set up there, a home used to say nothing until its first sync found its segments had nowhere to go."""
    shared, home = tmp_path / "shared", tmp_path / "ana"
    level, kind = {"replicas a file": ("replicas", "file"), "baton a link": ("baton", "link")}.get(
        blocked, ("v1", "nowhere")
    )
    path = shared.joinpath(*("baton", "v1", "replicas")[: ("baton", "v1", "replicas").index(level) + 1])
    path.parent.mkdir(parents=True)
    if kind == "file":
        path.write_text("not a folder")
    else:
        path.symlink_to(tmp_path if kind == "link" else tmp_path / "unmounted")
    line = one_line(run("init", "--user", "ana", "--sync-dir", shared, home=home))
    assert line.startswith(f"baton: cannot keep your changes in {shared}: {path}: ") and "nothing was changed" in line
    assert not home.exists()
    assert run("init", "--user", "ana", home=home).returncode == 0
    assert one_line(run("sync", "--dir", shared, home=home)) == line
    assert sync_dir(home) is None and sorted(p.name for p in tmp_path.iterdir()) == ["ana", "shared"]


def test_a_folder_this_user_may_not_write_in_is_refused(tmp_path, monkeypatch):
    """Read-only for this user (a share mounted read-only, another user's folder): said at once, nothing saved."""
    import os

    from baton.core.home import Home
    from baton.sync.chosen_folder import chosen_sync_dir

    shared = tmp_path / "shared"
    (shared / "baton").mkdir(parents=True)
    real = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != shared / "baton" and real(path, mode))
    with pytest.raises(BatonError, match=f"^cannot keep your changes in {shared}: {shared / 'baton'}: you may not"):
        chosen_sync_dir(shared, Home(tmp_path / "ana"))
    (shared / "baton" / "v1").mkdir()  # the deepest level made is the one that counts
    assert chosen_sync_dir(shared, Home(tmp_path / "ana")) == (shared, False)
