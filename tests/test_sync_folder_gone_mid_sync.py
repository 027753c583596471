"""A shared folder that goes while a sync writes into it stays gone.

The sync checks the folder is there, then makes baton's levels and this replica's folder
inside it. A drive unmounted (or a folder deleted) between the two used to be made again
as an empty folder on this disk, with this replica's segments in it: no teammate saw them,
and the watcher took the folder for back and never said it had gone.
"""

from __future__ import annotations

import shutil

import pytest
from sync_support import fill, sync_once, teammate

from baton.sync.folder import SyncFolder


def test_the_shared_folder_removed_between_the_check_and_the_write_is_not_made_again(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    ana = teammate(tmp_path, "ana", shared)
    fill(ana, ana.create("relay", "Acme — 40 seats", "ben"))
    checked = SyncFolder.layout_problem
    unmounted: list[bool] = []

    def unmounted_right_after_the_check(self: SyncFolder):
        found = checked(self)
        if not unmounted:  # once: were the folder made again, a later check must see it
            shutil.rmtree(self.root)
            unmounted.append(True)
        return found

    monkeypatch.setattr(SyncFolder, "layout_problem", unmounted_right_after_the_check)
    report = sync_once(ana, shared)
    assert not shared.exists()
    assert [problem.retry for problem in report.problems] == [True], report.problems  # said, retried later
    monkeypatch.undo()
    assert "does not exist" in " ".join(problem.reason for problem in sync_once(ana, shared).problems)
    assert not shared.exists()


def test_making_a_level_inside_never_makes_the_shared_folder(tmp_path):
    folder = SyncFolder(tmp_path / "unmounted")
    with pytest.raises(FileNotFoundError):
        folder.make_inside(folder.own("r1"))
    assert not folder.root.exists()
    folder.root.mkdir()
    folder.make_inside(folder.own("r1"))
    assert folder.own("r1").is_dir()
