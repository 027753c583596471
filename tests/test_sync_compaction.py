"""Compaction: a replica folds its own segments into one signed snapshot once every active teammate has them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import Wall, write_relay
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_support import event_ids, own_folder, projection, segments, sync_once, teammate

from baton.core.home import Home
from baton.core.replica import Replica
from baton.sync import acks, compaction, segment
from baton.sync.compaction import compacted


def bursts(replica: Replica, count: int, start: int = 0) -> None:
    """`count` bursts of edits, each going out as its own segment."""
    for n in range(start, start + count):
        handoff = replica.create("relay", f"Deal {n}", "ben")
        replica.comment(handoff, f"note {n}")
        sync_once(replica)


def snapshots_of(replica: Replica) -> list[Path]:
    return [p for p in segments(replica) if segment.parse_name(p.name).snapshot]


def test_folder_keeps_a_snapshot_once_everyone_acknowledged(tmp_path, shared):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    sync_once(ben)  # ben's folder is there: before a team, that is what makes him a teammate
    bursts(ana, 12)
    assert len(segments(ana)) == 12
    report = sync_once(ana, fold=True)
    assert report.compacted_through == 0, "ben has acknowledged nothing yet"
    sync_once(ben)
    assert acks.read(own_folder(ben), ben.config.replica_id, ben_key(ben)) == {ana.config.replica_id: 12}
    report = sync_once(ana, fold=True)
    assert (report.compacted_through, report.compacted_files) == (12, 12)
    files = segments(ana)
    assert [p.name for p in files] == [p.name for p in snapshots_of(ana)] and len(files) == 1
    # the chain goes on from the snapshot: new segments after it reach ben and a newcomer
    bursts(ana, 2, start=12)
    assert len(segments(ana)) == 3
    report = sync_once(ben)
    assert not report.problems and not report.trust, report.lines()
    assert event_ids(ben) == event_ids(ana)
    # a second fold takes in the old snapshot and what came after
    sync_once(ben)
    report = sync_once(ana, fold=True)
    assert report.compacted_through == 14 and len(segments(ana)) == 1
    cat = teammate(tmp_path, "cat", shared, wall)
    report = sync_once(cat)
    assert not report.problems and not report.trust, report.lines()
    assert event_ids(cat) == event_ids(ana) == event_ids(ben)
    assert projection(cat) == projection(ana) == projection(ben)


def ben_key(replica: Replica) -> str:
    return json.loads((own_folder(replica) / "replica.json").read_text())["public_key"]


def test_an_offline_teammate_holds_back_what_they_have_not_seen(tmp_path, shared):
    wall = Wall()
    ana, ben, dan = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben", "dan"))
    bursts(ana, 3)
    sync_once(ben), sync_once(dan)  # dan takes in 1..3, then goes offline for months
    bursts(ana, 5, start=3)
    sync_once(ben)
    wall.advance(120 * 24 * 3600 * 1000)
    report = sync_once(ana, fold=True)
    assert report.compacted_through == 3
    names = sorted(p.name for p in segments(ana))
    assert len(names) == 6 and [segment.parse_name(n).seq for n in names] == [3, 4, 5, 6, 7, 8]
    # dan comes back: everything he missed is still there, chained on from the snapshot
    report = sync_once(dan)
    assert not report.problems and not report.trust, report.lines()
    assert event_ids(dan) == event_ids(ana)
    report = sync_once(ana, fold=True)
    assert report.compacted_through == 8 and len(segments(ana)) == 1


def test_a_newcomer_after_compaction_converges(tmp_path, shared):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    bursts(ana, 4)
    for n in range(3):
        ben.create("relay", f"Back {n}", "ana")
        sync_once(ben)
    sync_once(ana), sync_once(ben), sync_once(ana)
    assert sync_once(ana, fold=True).compacted_through == 4
    assert sync_once(ben, fold=True).compacted_through == 3
    for written in shared.rglob("starter.*"):  # the snapshots themselves (test_sync_starter.py: with a starter)
        written.unlink()
    cat = teammate(tmp_path, "cat", shared, wall)
    report = sync_once(cat)
    assert report.imported_segments == 2 and not report.problems, report.lines()
    assert projection(cat) == projection(ana) == projection(ben)


def test_a_tampered_snapshot_is_kept_aside(tmp_path, shared):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    bursts(ana, 3)
    sync_once(ben)
    sync_once(ana, fold=True)
    for written in shared.rglob("starter.*"):  # the newcomer reads the snapshot itself
        written.unlink()
    (snap,) = snapshots_of(ana)
    found = segment.read(snap)
    forged = [*found.lines[:-1], found.lines[-1].replace(b"note 2", b"note X")]
    data, digest = segment.encode(forged, lambda _: found.seal, found.fold)
    snap.unlink()
    (snap.parent / segment.snapshot_name(3, digest)).write_bytes(data)
    cat = teammate(tmp_path, "cat", shared, wall)
    report = sync_once(cat)
    assert any(issue.kind == "bad signature" for issue in report.trust), report.lines()
    assert not any(
        b"note X" in line for line in (r[0].encode() for r in cat.store.conn.execute("SELECT payload FROM events"))
    )
    assert len(event_ids(cat)) < len(event_ids(ana))
    # ana's next sync writes her real snapshot back, and cat takes it in
    sync_once(ana)
    sync_once(cat)
    assert event_ids(cat) == event_ids(ana)


def test_restore_never_writes_folded_segments_again(tmp_path, shared):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    bursts(ana, 3)
    sync_once(ben)
    sync_once(ana, fold=True)
    assert compacted(ana) == 3
    report = sync_once(ana)
    assert len(segments(ana)) == 1 and not report.warnings, report.lines()
    # a snapshot deleted from the folder is written again, the same file, and a newcomer gets everything
    (snap,) = snapshots_of(ana)
    data = snap.read_bytes()
    snap.unlink()
    report = sync_once(ana)
    assert snap.read_bytes() == data and any("snapshot was missing or changed" in w for w in report.warnings)
    cat = teammate(tmp_path, "cat", shared, wall)
    sync_once(cat)
    assert event_ids(cat) == event_ids(ana)


def test_back_from_an_old_backup_loses_and_doubles_nothing(tmp_path, shared):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    bursts(ana, 2)
    backup = tmp_path / "backup"
    ana.close()
    shutil.copytree(ana.home.root, backup)
    ana = Replica.open(Home(ana.home.root), wall=wall)
    bursts(ana, 3, start=2)
    sync_once(ben)
    sync_once(ana, fold=True)
    before = event_ids(ana)
    ana.close()
    shutil.rmtree(ana.home.root)
    shutil.copytree(backup, ana.home.root)
    ana = Replica.open(Home(ana.home.root), wall=wall)
    report = sync_once(ana)
    assert event_ids(ana) == before, report.lines()
    assert not any("another device" in w for w in report.warnings), report.lines()  # its own, not a copy's
    assert not any("another device" in w for w in sync_once(ana).warnings)
    bursts(ana, 1, start=9)
    report = sync_once(ben)
    assert not report.problems and not report.trust, report.lines()
    assert event_ids(ben) == event_ids(ana)
    assert projection(ben) == projection(ana)


def founded(tmp_path: Path, shared: Path) -> dict[str, Replica]:
    from team_support import Clock, team

    people = team(tmp_path / "homes", Clock(), lead="ana", members=("ben", "dan"))
    for replica in people.values():
        replica.config = replica.config.with_(sync_dir=str(shared))
        write_relay(replica.home.templates)
    return people


def notes(replica: Replica, count: int, start: int = 0) -> None:
    handoff = replica.create("relay", "Deal", "ben")
    for n in range(start, start + count):
        replica.comment(handoff, f"note {n}")
        sync_once(replica)


def test_a_silent_member_blocks_until_a_lead_removes_them(tmp_path, shared):
    people = founded(tmp_path, shared)
    ana, ben = people["ana"], people["ben"]
    for replica in people.values():
        sync_once(replica)
    notes(ana, 4)
    sync_once(ben)
    # dan is on the roster but has not synced since: nothing past what he has is folded
    before = [p.name for p in segments(ana)]
    assert len(before) == 5
    report = sync_once(ana, fold=True)
    assert report.compacted_through == 0 and [p.name for p in segments(ana)] == before, report.lines()
    # no time rule: a silent member blocks for as long as they stay on the team
    membership_remove(ana, "dan")
    sync_once(ana), sync_once(ben)
    report = sync_once(ana, fold=True)
    assert report.compacted_through > 1 and len(segments(ana)) == 1, report.lines()
    # ben, who had everything, still agrees with ana after the fold
    report = sync_once(ben)
    assert not report.trust and event_ids(ben) == event_ids(ana), report.lines()


def membership_remove(replica: Replica, user: str) -> None:
    from baton.core.team import membership

    membership.remove(replica, user, "left the team")


def test_a_forged_cursor_acknowledges_nothing(tmp_path, shared):
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    sync_once(ben)
    bursts(ana, 3)
    stranger = teammate(tmp_path, "mallory", None, wall)
    from baton.core.team.membership import device_key

    forged_key = device_key(stranger.home)  # a cursor claiming ben has everything, signed by another key
    body = {"v": 1, "replica": ben.config.replica_id, "acks": {ana.config.replica_id: 3}, "key": forged_key.public}
    body["sig"] = forged_key.sign(acks.message(ben.config.replica_id, body["acks"]))
    (own_folder(ben) / "acks.json").write_text(json.dumps(body))
    assert sync_once(ana, fold=True).compacted_through == 0
    assert len(segments(ana)) == 3


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(["write", "write", "ben", "dan", "fold"]), min_size=1, max_size=14))
def test_any_order_of_writes_syncs_and_folds_loses_nothing(steps):
    """Whatever order ana writes, folds and her teammates sync in, each teammate ends with all her events,
    nothing kept aside, and a newcomer gets them too."""
    import tempfile

    with tempfile.TemporaryDirectory() as raw:
        root = Path(raw)
        shared = root / "shared"
        shared.mkdir()
        wall = Wall()
        ana, ben, dan = (teammate(root, user, shared, wall) for user in ("ana", "ben", "dan"))
        sync_once(ben), sync_once(dan)
        handoff = ana.create("relay", "Deal", "ben")
        for n, step in enumerate(steps):
            if step == "write":
                ana.comment(handoff, f"note {n}")
                sync_once(ana)
            elif step == "fold":
                sync_once(ana, fold=True)
            else:
                report = sync_once(ben if step == "ben" else dan)
                assert not report.trust, report.lines()
        sync_once(ana)
        for mate in (ben, dan, teammate(root, "cat", shared, wall)):
            report = sync_once(mate)
            assert not report.trust and not report.problems, report.lines()
            assert event_ids(mate) == event_ids(ana)
            assert projection(mate) == projection(ana)
        for replica in (ana, ben, dan):
            replica.close()


def test_a_fold_after_a_home_came_back_from_a_backup_keeps_every_event(tmp_path, shared):
    """Its newer segments were taken back in from its own folder; a fold counted only those it wrote itself since,
    stopped short of its newest events and folded them away, and every copy then said the snapshot left them out."""
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    sync_once(ben)
    bursts(ana, 2)
    backup = tmp_path / "backup"
    ana.close()
    shutil.copytree(ana.home.root, backup)
    ana = Replica.open(Home(ana.home.root), wall=wall)
    bursts(ana, 3, start=2)  # segments 3..5, then the home goes back to the backup
    ana.close()
    shutil.rmtree(ana.home.root)
    shutil.copytree(backup, ana.home.root)
    ana = Replica.open(Home(ana.home.root), wall=wall)
    sync_once(ana)  # takes 3..5 back in from its own folder
    bursts(ana, 2, start=5)
    sync_once(ben)
    report = sync_once(ana, fold=True)
    assert report.compacted_through == 7, report.lines()
    for replica in (ben, ana):
        report = sync_once(replica)
        assert not report.trust and not report.warnings, report.lines()
    for written in shared.rglob("starter.*"):  # the newcomer reads the snapshot itself
        written.unlink()
    cat = teammate(tmp_path, "cat", shared, wall)
    report = sync_once(cat)
    assert not report.trust, report.lines()
    assert event_ids(cat) == event_ids(ana) == event_ids(ben)


def test_a_plain_sync_folds_on_its_own_once_enough_is_written(tmp_path, shared, monkeypatch):
    """Without `--compact` a folder would keep one file per burst of edits for good: a plain sync folds once
    FOLD_AFTER segments are written since the last fold and every teammate has them, and leaves no starter."""
    monkeypatch.setattr(compaction, "FOLD_AFTER", 4)
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    sync_once(ben)
    bursts(ana, 3)
    sync_once(ben)
    assert sync_once(ana).compacted_through == 0 and len(segments(ana)) == 3, "3 written: not enough yet"
    bursts(ana, 2, start=3)  # 5 written, 3 of them acknowledged: what ben has is not enough either
    assert len(segments(ana)) == 5 and not snapshots_of(ana)
    sync_once(ben)
    report = sync_once(ana)
    assert (report.compacted_through, report.compacted_files) == (5, 5)
    assert [p.name for p in segments(ana)] == [p.name for p in snapshots_of(ana)]
    assert not list(shared.rglob("starter.*")), "a starter is a copy of the store: only --compact writes one"
    bursts(ana, 3, start=5)
    sync_once(ben)
    assert sync_once(ana).compacted_through == 0 and len(segments(ana)) == 4, "3 since the last fold"
    cat = teammate(tmp_path, "cat", shared, wall)
    report = sync_once(cat)
    assert not report.problems and not report.trust, report.lines()
    assert event_ids(cat) == event_ids(ana) == event_ids(ben)


def test_files_put_in_a_replica_s_folder_by_someone_else_neither_stop_nor_bring_on_its_folds(
    tmp_path, shared, monkeypatch
):
    """Anyone can write into the shared folder: a large file under a snapshot's name, or segment names nobody
    wrote, counted toward the fold's size or its number of segments, stopped every fold or forced them."""
    monkeypatch.setattr(compaction, "FOLD_AFTER", 4)
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    sync_once(ben)
    bursts(ana, 2)
    sync_once(ben)
    for n in range(3, 9):  # six names in ana's folder that she never wrote
        (own_folder(ana) / segment.segment_name(n, "deadbeef")).write_text("{}\n")
    assert sync_once(ana).compacted_through == 0, "2 written by ana: not enough, whatever else is there"
    bursts(ana, 3, start=2)
    planted = own_folder(ana) / "000001-deadbeef.snapshot.jsonl"
    with open(planted, "wb") as handle:
        handle.truncate(segment.MAX_WRITE + 1)  # sparse: no disk taken
    sync_once(ben)
    report = sync_once(ana)
    assert report.compacted_through == 5, report.lines()
    assert not planted.exists()
    cat = teammate(tmp_path, "cat", shared, wall)
    sync_once(cat)
    assert event_ids(cat) == event_ids(ana)
