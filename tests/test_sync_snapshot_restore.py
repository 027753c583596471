"""An own snapshot damaged, cut or replaced in the shared folder is written again; a folder in its place is one
line and the export goes on.

After a fold the snapshot is the only copy of the folded segments in the folder. The owner wrote it again
only when no file had its name: a snapshot damaged in place, cut, or replaced by a link stayed for good, and a
teammate joining later never got the folded history nor anything chained after it. A folder in its place
stopped every export of the owner's new changes.
"""

from __future__ import annotations

import os

import pytest
from sync_support import own_folder, projection, sync_once
from test_sync_attacks import crew  # noqa: F401
from test_sync_trust import join


@pytest.fixture
def folded(crew):  # noqa: F811
    """ana's first segments folded into a snapshot, once ben and cleo acknowledged them."""
    ana, ben, cleo, handoff = crew
    for replica in (ben, cleo, ana, ben, cleo):
        sync_once(replica)
    assert sync_once(ana, fold=True).compacted_through > 0
    [snapshot] = own_folder(ana).glob("*.snapshot.jsonl")
    return ana, ben, cleo, handoff, snapshot


def damage(snapshot, how: str, outside) -> None:
    genuine = snapshot.read_bytes()
    before = snapshot.stat()
    if how == "changed at the same size and time":
        with open(snapshot, "r+b") as handle:
            handle.write(genuine.replace(b"budget 10k", b"budget 99k"))
        os.utime(snapshot, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif how == "cut":
        snapshot.write_bytes(genuine[: len(genuine) // 2])
    else:
        snapshot.unlink()
        if how == "a link to a file outside":
            os.symlink(outside, snapshot)
        else:
            os.mkfifo(snapshot)


@pytest.mark.parametrize("how", ["changed at the same size and time", "cut", "a link to a file outside", "a FIFO"])
def test_an_own_snapshot_damaged_or_replaced_is_written_again_and_a_newcomer_gets_everything(folded, tmp_path, how):
    ana, ben, cleo, handoff, snapshot = folded
    genuine = snapshot.read_bytes()
    outside = tmp_path / "outside.txt"
    outside.write_text("not baton's")
    damage(snapshot, how, outside)
    report = sync_once(ana)
    assert report.warnings == ["your snapshot was missing or changed in the shared folder: written again"]
    assert report.problems == []
    assert not snapshot.is_symlink() and snapshot.read_bytes() == genuine
    assert outside.read_text() == "not baton's"
    assert sync_once(ana).warnings == []  # once
    dee = join(tmp_path, ana.config.sync_dir, ana, "dee")
    for replica in (ana, dee, ben):
        assert sync_once(replica).problems == [], replica.user
    assert projection(dee) == projection(ana) == projection(ben)


def test_a_folder_in_an_own_snapshots_place_is_one_line_and_new_changes_still_go_out(folded):
    ana, ben, cleo, handoff, snapshot = folded
    snapshot.unlink()
    snapshot.mkdir()
    ana.comment(handoff, "after the fold")
    report = sync_once(ana)
    assert [(p.file, p.reason) for p in report.problems] == [
        (
            str(snapshot.parent),
            f"{snapshot.name}: cannot write your snapshot again: a folder has its name; move it away",
        )
    ]
    assert report.exported_events == 1 and list(snapshot.iterdir()) == []
    sync_once(ben)
    assert "after the fold" in [r[0] for r in ben.store.query("SELECT text FROM comments")]
