"""A home on one team naming another team's shared folder (`sync --dir`, the app's folder dialog) is refused in one
line and changes nothing. Before, its segments were written there, and every copy of the other team said "a
device claiming to be ben is not on the team" at every sync, for good."""

from __future__ import annotations

import json

import pytest
from cli_support import baton
from sync_support import sync_once, teammate
from test_sync_trust import join

from baton.core.errors import BatonError
from baton.core.replica import Replica
from baton.core.team import membership
from baton.tui.screens.set_folder import set_sync_dir


@pytest.fixture
def two_teams(tmp_path):
    """ana's team (ana, ben) in one folder; cleo's team in another."""
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    ana = teammate(tmp_path, "ana", ours, role="lead")
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, ours, ana, "ben")
    cleo = teammate(tmp_path, "cleo", theirs, role="lead")
    membership.found(cleo)
    sync_once(cleo)
    return ana, ben, cleo, ours, theirs


def files(folder) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_sync_dir_naming_another_teams_folder_is_refused_and_changes_nothing(two_teams) -> None:
    ana, ben, cleo, ours, theirs = two_teams
    home, before = ben.home, files(theirs)
    ben.close()
    result = baton(home.root, "sync", "--dir", str(theirs))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"baton: {theirs} holds another team (founded by cleo, fingerprint {json.loads(next(theirs.rglob('team.json')).read_text())['fingerprint']}), "
        "not the one this home belongs to: name your own team's shared folder (nothing was changed)\n"
    )
    assert json.loads((home.root / "config.json").read_text())["sync_dir"] == str(ours)
    assert files(theirs) == before
    assert not sync_once(cleo).problems  # nothing of ben's to be alarmed by


def test_the_apps_folder_dialog_refuses_it_too_and_ones_own_folder_is_taken(two_teams, tmp_path) -> None:
    ana, ben, cleo, ours, theirs = two_teams
    with pytest.raises(BatonError, match="holds another team"):
        set_sync_dir(ben, str(theirs))
    assert ben.config.sync_dir == str(ours)
    moved = tmp_path / "moved"
    moved.mkdir()
    assert set_sync_dir(ben, str(moved)) == f"shared folder set to {moved}"  # empty: the team's new place
    assert set_sync_dir(ben, str(ours)) == f"shared folder set to {ours}"  # back to its own team's folder
    ben.close()
    reopened = Replica.open(ben.home)
    assert reopened.config.sync_dir == str(ours)
    reopened.close()


def test_config_json_edited_to_another_teams_folder_syncs_nothing_there_and_says_why(two_teams) -> None:
    """Set by hand in config.json (or a share remounted at the other team's path), the folder was written into
    at once. Now every sync refuses it in one problem, exit 1, and writes nothing there."""
    ana, ben, cleo, ours, theirs = two_teams
    home, before = ben.home, files(theirs)
    ben.close()
    config = json.loads((home.root / "config.json").read_text())
    (home.root / "config.json").write_text(json.dumps({**config, "sync_dir": str(theirs)}))
    result = baton(home.root, "sync")
    assert result.exit_code == 1
    assert f"{theirs} holds another team (founded by cleo, fingerprint " in result.stdout
    assert "not yours: nothing written or read there; point baton at your team's folder" in result.stdout
    assert files(theirs) == before
    assert not sync_once(cleo).problems
    assert baton(home.root, "sync", "--dir", str(ours)).exit_code == 0  # back home: syncs as before
