"""A snapshot that leaves events out is said as tampering by every copy that holds the segments it stands for.

A modified baton can sign a snapshot of its own folder without an event it once published (a return
its writer would rather nobody saw), then take the segments away. Copies that took them in keep the
event; a newcomer never sees it. The copies that can tell, whichever of the two files they meet first,
say so on every sync, and `baton doctor` lists it.
"""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from conftest import Wall
from sync_support import event_ids, own_folder, segments, sync_once, teammate
from test_sync_compaction import bursts, snapshots_of

from baton.core.team.writing import device_key
from baton.sync import segment
from baton.sync.compaction import snapshot_lines, write_snapshot
from baton.sync.ledger import Ledger
from baton.tui.cli import cli


def forged_snapshot(replica, last, left_out):
    """The writer's own events of segments 1..last, but `left_out`'s line, signed with the writer's key."""
    lines, tip = snapshot_lines(replica, Ledger(replica.store), last)
    kept = [line for line in lines if left_out.encode() not in line]
    assert len(kept) == len(lines) - 1
    return write_snapshot(own_folder(replica), replica.config.replica_id, last, kept, tip, device_key(replica.home))


def a_comment(replica, n):
    """The id of the writer's `n`-th comment."""
    return [r[0] for r in replica.store.conn.execute("SELECT id FROM events WHERE kind = 'commented' ORDER BY hlc")][n]


def gaps(report):
    return [issue for issue in report.trust if issue.kind == "tampering" and "leaves out" in issue.reason]


def test_a_copy_holding_the_segments_says_the_snapshot_leaves_an_event_out(tmp_path, shared, monkeypatch):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    sync_once(ben)
    bursts(ana, 3)
    sync_once(ben)  # ben holds segments 1..3
    hidden = a_comment(ana, 0)
    forged_snapshot(ana, 3, hidden)
    for path in segments(ana):
        if not segment.parse_name(path.name).snapshot:
            path.unlink()
    report = sync_once(ben)
    (gap,) = gaps(report)
    assert gap.replica == ana.config.replica_id and "1 event " in gap.reason, report.lines()
    assert any("leaves out 1 event" in line for line in report.warnings)
    assert hidden in event_ids(ben), "the copy keeps the event"
    # said again on every sync while this copy knows of it, not only when the file was read, and by doctor
    assert gaps(sync_once(ben))
    monkeypatch.setenv("BATON_HOME", str(ben.home.root))
    doctor = CliRunner().invoke(cli, ["doctor"])
    assert "leaves out 1 event" in doctor.output and "Traceback" not in doctor.output, doctor.output
    # a newcomer reads the snapshot alone: it cannot tell, and has not the event
    cat = teammate(tmp_path, "cat", shared, wall)
    assert not gaps(sync_once(cat)) and hidden not in event_ids(cat)


def test_the_snapshot_met_before_the_segments_is_caught_by_the_segments(tmp_path, shared):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    bursts(ana, 3)
    hidden = a_comment(ana, 1)
    aside = tmp_path / "aside"
    aside.mkdir()
    for path in segments(ana):
        shutil.move(path, aside / path.name)
    forged_snapshot(ana, 3, hidden)
    first = sync_once(ben)
    assert not gaps(first) and hidden not in event_ids(ben), first.lines()
    for path in aside.iterdir():  # the segments arrive late (a slow share), or the forger left them
        shutil.copy(path, own_folder(ana) / path.name)
    report = sync_once(ben)
    assert hidden in event_ids(ben)
    (gap,) = gaps(report)
    assert gap.replica == ana.config.replica_id, report.lines()


def test_an_honest_fold_is_never_accused(tmp_path, shared):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    sync_once(ben)
    bursts(ana, 4)
    sync_once(ben)
    assert sync_once(ana, fold=True).compacted_through == 4
    assert snapshots_of(ana)
    bursts(ana, 2, start=4)
    for _ in range(2):
        report = sync_once(ben)
        assert not report.trust and not report.warnings, report.lines()
    sync_once(ben)
    assert sync_once(ana, fold=True).compacted_through == 6  # a second fold over the first snapshot
    for replica in (ben, teammate(tmp_path, "cat", shared, wall)):
        report = sync_once(replica)
        assert not report.trust and not report.warnings, report.lines()
        assert event_ids(replica) == event_ids(ana)
