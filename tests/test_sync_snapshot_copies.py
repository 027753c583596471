"""A sync engine's conflict copy of a snapshot is a copy of a snapshot, never a second content under its number.

Syncthing names it `NNNNNN-<sha8>.snapshot.sync-conflict-….jsonl`, Dropbox
`NNNNNN-<sha8>.snapshot (… conflicted copy …).jsonl`. Read as a copy of a plain segment, its hash (the
snapshot's) stood beside the hash of the segment under that number, and every teammate was told of
tampering or two devices writing as the owner, the genuine snapshot named as the other content.
"""

from __future__ import annotations

import shutil

import pytest
from sync_support import own_folder, projection, sync_once
from test_sync_attacks import crew  # noqa: F401
from test_sync_trust import join

from baton.sync import segment

COPIES = {
    "Syncthing": ".snapshot.sync-conflict-20261201-101010-ABCDEFG.jsonl",
    "Dropbox": ".snapshot (Ana's conflicted copy 2026-12-01).jsonl",
}


@pytest.mark.parametrize("engine", COPIES)
def test_a_conflict_copy_of_a_snapshot_is_a_copy_of_a_snapshot(engine):
    name = segment.snapshot_name(4, "ab" * 32)
    assert segment.parse_name(name.replace(".snapshot.jsonl", COPIES[engine])) == segment.SegmentName(
        4, "abababab", True, True
    )
    assert segment.parse_name(segment.segment_name(4, "ab" * 32).replace(".jsonl", ".sync-conflict-x.jsonl")) == (
        segment.SegmentName(4, "abababab", True, False)
    )


@pytest.mark.parametrize("engine", COPIES)
def test_a_conflict_copy_of_a_snapshot_alarms_nobody_and_a_newcomer_gets_everything(
    crew,  # noqa: F811
    tmp_path,
    engine,
):
    ana, ben, cleo, handoff = crew
    for replica in (ben, cleo, ana, ben, cleo):  # every teammate acknowledges ana's segments
        sync_once(replica)
    assert sync_once(ana, fold=True).compacted_through > 0
    [snapshot] = own_folder(ana).glob("*.snapshot.jsonl")
    shutil.copy(snapshot, snapshot.with_name(snapshot.name.replace(".snapshot.jsonl", COPIES[engine])))
    dee = join(tmp_path, ana.config.sync_dir, ana, "dee")
    for replica in (ana, ben, cleo, dee, ana, ben, cleo, dee):
        report = sync_once(replica)
        assert (report.warnings, report.trust, report.problems) == ([], [], []), replica.user
    assert projection(dee) == projection(ana) == projection(ben) == projection(cleo)
