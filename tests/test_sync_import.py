"""Import survives what a shared folder really holds: each case is reported and skipped or retried, never half-applied."""

from __future__ import annotations

import errno
import json
import shutil

import pytest
from sync_support import event_ids, event_line, fill, own_folder, projection, segments, sync_once, teammate

from baton.core.errors import BatonError
from baton.core.events import LocalEvent
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.replica import Replica
from baton.sync import segment
from baton.sync.folder import SyncFolder


def statuses(replica):
    return {name: status for name, status in replica.store.conn.execute("SELECT name, status FROM sync_segments")}


def consistent(replica: Replica) -> None:
    """The stored projection is exactly what folding the stored events gives."""
    before = projection(replica)
    replica.store.rebuild()
    assert projection(replica) == before


def test_two_teammates_converge(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    fill(ana, handoff)
    ana.send(handoff)
    out = sync_once(ana)
    assert (out.exported_segments, out.exported_events) == (1, 9)
    got = sync_once(ben)
    assert (got.imported_segments, got.imported_events, got.teammates) == (1, 9, ["ana"])
    assert got.changed == {handoff}
    ben.accept(handoff)
    sync_once(ben)
    sync_once(ana)
    assert projection(ana) == projection(ben)
    assert ana.store.handoff_row(handoff)["status"] == "accepted"
    assert ben.store.teammates()["ana"]["last_seen"] is not None


def test_export_only_sends_new_local_events(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    ben.comment(handoff, "looks good so far")
    sync_once(ben)
    report = sync_once(ana)
    assert report.imported_events == 1 and report.exported_events == 0  # ben's comment is not ana's to send
    ana.comment(handoff, "thanks ben")
    assert sync_once(ana).exported_events == 1
    assert len(segments(ana)) == 2


def test_a_segment_still_arriving_is_retried_not_imported(pair):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    ana.create("relay", "Beta deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    whole = path.read_bytes()
    for torn in (
        whole[: len(whole) // 2],
        whole[: whole.rfind(b"\n", 0, len(whole) - 1) + 1],
        whole.replace(b"Beta", b"Bxta"),
    ):
        path.write_bytes(torn)
        report = sync_once(ben)
        assert report.imported_events == 0
        assert [(p.file, p.retry) for p in report.problems] == [(str(path), True)]
        assert event_ids(ben) == set() and statuses(ben) == {}
    path.write_bytes(whole)
    report = sync_once(ben)
    assert report.imported_events == 2 and not report.problems


def test_temp_files_and_litter_are_silently_ignored(pair):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    folder = own_folder(ana)
    for name in (
        ".syncthing.000002-abcdef12.jsonl.tmp",
        "~syncthing~000002-abcdef12.jsonl.tmp",
        ".baton-0123456789ab.tmp",
        ".DS_Store",
        "desktop.ini",
    ):
        (folder / name).write_bytes(b"\x00garbage\xff")
    report = sync_once(ben)
    assert report.imported_events == 1 and report.problems == []


def test_conflict_copies_are_extra_sources_nothing_lost_nothing_doubled(pair, tmp_path):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [first] = segments(ana)
    # Another device's version of the same file (as a sync engine would keep it), with one more event.
    other = ana.comment(handoff, "from the laptop")
    lines = segment.read(first).lines + [json.dumps(other.model_dump()).encode()]
    data, _ = segment.encode(lines)
    (first.parent / first.name.replace(".jsonl", ".sync-conflict-20261121-101010-LAPTOP1.jsonl")).write_bytes(data)
    (first.parent / first.name.replace(".jsonl", " (Ana's conflicted copy 2026-11-21).jsonl")).write_bytes(
        first.read_bytes()
    )
    report = sync_once(ben)
    assert report.problems == []
    assert report.imported_segments == 3 and report.imported_events == 2
    assert ben.store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 2
    assert ben.store.conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 1


def test_a_segment_before_its_predecessor_waits_and_a_comment_before_its_handoff(tmp_path, shared):
    ana, ben, carol = (teammate(tmp_path, user, shared) for user in ("ana", "ben", "carol"))
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    ana.comment(handoff, "kickoff moved to Tuesday")
    sync_once(ana)
    ben.comment(handoff, "noted, thanks")
    sync_once(ben)
    first, second = segments(ana)
    parked = tmp_path / first.name
    shutil.move(first, parked)
    report = sync_once(carol)
    assert report.imported_events == 1  # ben's comment; ana's second segment waits for her first
    [waiting] = [p for p in report.problems if p.file == str(second)]
    assert waiting.retry and first.name[:15] in waiting.reason and "missing" in waiting.reason
    [conflict] = report.conflicts
    assert conflict.kind == "commented" and "its handoff has not arrived yet" in conflict.reason
    assert carol.store.conn.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0] == 1
    shutil.move(parked, first)
    report = sync_once(carol)
    assert report.imported_events == 2 and report.conflicts == [] and report.problems == []
    assert carol.store.conn.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0] == 0
    assert carol.store.handoff_row(handoff)["conflicts"] == 0
    texts = sorted(r[0] for r in carol.store.query("SELECT text FROM comments"))
    assert texts == ["kickoff moved to Tuesday", "noted, thanks"]
    sync_once(ana)
    assert projection(carol) == projection(ana)


def test_the_same_segment_twice_and_one_that_comes_back_after_deletion(pair, tmp_path):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    assert sync_once(ben).imported_events == 1
    again = sync_once(ben)
    assert (again.imported_segments, again.imported_events) == (0, 0)
    kept = path.read_bytes()
    path.unlink()
    gone = sync_once(ben)
    assert gone.imported_events == 0 and ben.store.conn.execute("SELECT COUNT(*) FROM handoffs").fetchone()[0] == 1
    path.write_bytes(kept)
    back = sync_once(ben)
    assert (back.imported_segments, back.imported_events, back.problems) == (0, 0, [])


def _forge(replica: Replica, lines: list[bytes], seq: int = 50) -> str:
    path, _ = segment.write(own_folder(replica), seq, lines)
    return str(path)


def test_garbage_wrong_shape_and_unknown_kind_are_reported_and_the_rest_imported(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    good = ana.comment(handoff, "a good comment")
    base = good.model_dump()
    lines = [
        b"\x00\xff\xfe not json",
        b"[1,2,3]",
        event_line(**{**base, "id": "0" * 32, "kind": "teleported"}),
        event_line(**{k: v for k, v in base.items() if k != "at"}),
        json.dumps(base).encode(),
    ]
    forged = _forge(ana, lines)
    report = sync_once(ben)
    assert report.imported_events == 2  # the handoff and the one good comment
    reasons = {p.file: (p.reason, p.retry) for p in report.problems}
    assert reasons[f"{forged}:1"] == ("not JSON (not UTF-8 text)", False)
    assert "not an event" in reasons[f"{forged}:2"][0]
    assert "unknown event kind" in reasons[f"{forged}:3"][0] and reasons[f"{forged}:3"][1]
    assert "at" in reasons[f"{forged}:4"][0]
    consistent(ben)


def test_a_whole_file_of_garbage_with_a_segment_name_is_reported(pair):
    ana, ben = pair
    sync_once(ana)
    (own_folder(ana) / "000009-deadbeef.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n garbage \xff")
    report = sync_once(ben)
    assert [p.retry for p in report.problems] == [False] and report.imported_events == 0
    assert report.problems[0].reason.startswith("damaged: not a segment baton wrote")  # never "still arriving"


def test_a_newer_schema_is_skipped_and_retried_after_upgrade(pair, monkeypatch):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    future = {**ana.comment(handoff, "from baton 2").model_dump(), "v": 2}
    forged = _forge(ana, [event_line(**future)])
    for _ in range(2):  # reported every time, applied never
        report = sync_once(ben)
        assert [(p.file, p.retry) for p in report.problems] == [(f"{forged}:1", True)]
        assert "newer baton" in report.problems[0].reason
    assert ben.store.conn.execute("SELECT COUNT(*) FROM comments").fetchone()[0] == 0
    monkeypatch.setattr("baton.sync.wire.SCHEMA_VERSION", 2)  # what an upgraded reader accepts
    report = sync_once(ben)
    assert report.imported_events == 1 and report.problems == []
    assert statuses(ben)[forged.rsplit("/", 1)[1]] == "done"


def test_an_event_whose_author_is_not_the_folders_user_is_skipped(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    forged_event = {**ana.comment(handoff, "I am ben, honest").model_dump(), "author": "ben"}
    real = ana.comment(handoff, "a real one").model_dump()
    forged = _forge(ana, [event_line(**forged_event), json.dumps(real).encode()])
    report = sync_once(ben)
    assert [(p.file, "in ana's folder" in p.reason) for p in report.problems] == [(f"{forged}:1", True)]
    assert [r[0] for r in ben.store.query("SELECT text FROM comments")] == ["a real one"]


def test_an_event_of_another_replica_in_a_folder_is_skipped(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    stray = {**ana.comment(handoff, "stray").model_dump(), "replica": "f" * 16}
    forged = _forge(ana, [event_line(**stray)])
    report = sync_once(ben)
    assert [p.file for p in report.problems] == [f"{forged}:1"] and "replica" in report.problems[0].reason


def test_two_devices_with_one_replica_id_are_reported_loudly_and_nothing_is_lost(tmp_path, shared):
    ana = teammate(tmp_path, "ana", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.close()
    shutil.copytree(tmp_path / "home-ana", tmp_path / "home-ana-laptop")  # a copied profile
    desk = Replica.open(Home(tmp_path / "home-ana"))
    laptop = Replica.open(Home(tmp_path / "home-ana-laptop"))
    ben = teammate(tmp_path, "ben", shared)
    desk.comment(handoff, "from the desk")
    laptop.comment(handoff, "from the laptop")
    sync_once(desk)
    sync_once(laptop)
    report = sync_once(ben)
    assert any("TWO DEVICES" in w for w in report.warnings)
    assert any("another content under number" in p.reason for p in report.problems)
    texts = sorted(r[0] for r in ben.store.query("SELECT text FROM comments"))
    assert texts == ["from the desk", "from the laptop"]
    mine = sync_once(desk)
    assert any("another device is writing as this replica" in w for w in mine.warnings)


def test_a_missing_or_emptied_teammate_folder_is_no_news(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    sync_once(ben)
    before = projection(ben)
    folder = own_folder(ana)
    for path in segments(ana):
        path.unlink()
    assert sync_once(ben).imported_events == 0 and projection(ben) == before
    shutil.rmtree(folder)
    report = sync_once(ben)
    assert report.imported_events == 0 and projection(ben) == before
    assert ben.store.handoff_row(handoff)["title"] == "Acme deal"


def test_a_teammate_folder_without_replica_json_waits(pair):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    (own_folder(ana) / "replica.json").unlink()
    report = sync_once(ben)
    assert report.imported_events == 0 and [p.retry for p in report.problems] == [True]


def test_a_sync_dir_that_holds_the_database_is_refused(tmp_path):
    ana = teammate(tmp_path, "ana", None)
    for bad in (tmp_path, ana.home.root, tmp_path / "home-ana" / "."):
        with pytest.raises(BatonError, match="contains baton's own database"):
            sync_once(ana, bad)
    assert not (tmp_path / "baton").exists()


def test_no_sync_dir_set_is_one_clear_error(tmp_path):
    ana = teammate(tmp_path, "ana", None)
    with pytest.raises(BatonError, match="no shared folder set"):
        sync_once(ana)


def test_an_empty_or_missing_shared_folder(tmp_path, shared):
    ana = teammate(tmp_path, "ana", shared)
    report = sync_once(ana)
    assert report.problems == [] and report.imported_events == 0
    ana.create("relay", "Acme deal", "ben")
    gone = tmp_path / "unmounted"
    report = sync_once(ana, gone)
    assert [p.retry for p in report.problems] == [True] and "does not exist" in report.problems[0].reason
    assert not gone.exists()
    assert sync_once(ana).exported_events == 1  # the cursor did not move while the folder was gone


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_disk_or_read_only_folder_keeps_changes_for_next_time(pair, monkeypatch, error):
    ana, ben = pair
    sync_once(ana)  # replica.json is there already
    handoff = ana.create("relay", "Acme deal", "ben")
    real = segment.os.fsync

    def failing(fd):
        raise OSError(error, "simulated")

    monkeypatch.setattr(segment.os, "fsync", failing)
    report = sync_once(ana)
    assert report.exported_events == 0 and [p.retry for p in report.problems] == [True]
    assert "cannot export" in report.problems[0].reason
    assert segments(ana) == [] and [p.name for p in own_folder(ana).iterdir()] == ["replica.json"]
    assert ana.store.meta("sync.export_rowid") in (None, "0")
    ana.comment(handoff, "local writes keep working")
    monkeypatch.setattr(segment.os, "fsync", real)
    assert sync_once(ana).exported_events == 2
    assert sync_once(ben).imported_events == 2


def test_a_read_only_shared_folder_still_imports(pair, monkeypatch):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(SyncFolder))

    monkeypatch.setattr("baton.sync.folder.SyncFolder.prepare", refuse)
    report = sync_once(ben)
    assert report.imported_events == 1 and "cannot export" in report.problems[0].reason


def test_conflicts_from_a_race_are_reported_on_both_sides(tmp_path, shared):
    from conftest import Wall

    wall = Wall()
    ana, ben = teammate(tmp_path, "ana", shared, wall), teammate(tmp_path, "ben", shared, wall)
    handoff = ana.create("relay", "Acme deal", "ben")
    fill(ana, handoff)
    ana.send(handoff)
    sync_once(ana)
    sync_once(ben)
    ana.cancel(handoff, "client walked away")  # earlier
    ben.accept(handoff)  # later: not valid once the cancel is in place
    sync_once(ana)
    at_ben = sync_once(ben)  # ben learns that his own accept did not take
    [conflict] = at_ben.conflicts
    assert (conflict.kind, conflict.author) == ("accepted", "ben") and "cancelled" in conflict.reason
    assert any("conflict on" in line and "acceptance was not applied" in line for line in at_ben.lines())
    at_ana = sync_once(ana)
    assert at_ana.conflicts == [conflict]
    assert projection(ben) == projection(ana)
    assert ben.store.handoff_row(handoff)["status"] == "cancelled"


def test_two_processes_of_one_replica_never_write_one_number_twice(pair):
    import threading

    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    copies = [Replica.open(ana.home) for _ in range(2)]  # as a watcher and a CLI run would
    reports = []

    def work(replica: Replica, n: int) -> None:
        for i in range(6):
            replica.comment(handoff, f"note {n}-{i}")
            reports.append(sync_once(replica))

    threads = [threading.Thread(target=work, args=(copy, n)) for n, copy in enumerate(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    reports.append(sync_once(ana))
    assert not any(r.warnings for r in reports), [r.warnings for r in reports]
    numbers = [segment.parse_name(p.name).seq for p in segments(ana)]
    assert len(numbers) == len(set(numbers))
    lines = [line for p in segments(ana) for line in segment.read(p).lines]
    assert len(lines) == len(set(lines)) == 13
    assert sync_once(ben).imported_events == 13
    for copy in copies:
        copy.close()


def test_one_person_on_two_devices_is_one_teammate_and_a_quiet_sync_writes_nothing(tmp_path, shared):
    ana = teammate(tmp_path, "ana", shared, tz="Europe/Berlin")
    laptop = teammate(tmp_path, "ana", shared, tz="America/New_York", device="-laptop")
    ben = teammate(tmp_path, "ben", shared)
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    for title in ("Beta deal", "Gamma deal"):  # two segments: the busier folder
        laptop.create("relay", title, "ben")
        sync_once(laptop)
    report = sync_once(ben)
    assert report.teammates == ["ana"] and report.imported_events == 3
    assert ben.store.teammates()["ana"]["tz"] == "America/New_York"  # from the busier device's folder
    changes = ben.store.conn.total_changes
    for _ in range(2):
        assert sync_once(ben).quiet
    assert ben.store.conn.total_changes == changes


def test_a_segment_left_by_a_killed_export_is_adopted_not_written_again(pair, monkeypatch):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)  # replica.json and segment 1
    ana.comment(handoff, "first")
    from baton.sync import ledger as ledger_module

    def killed(self, rowid, seq):  # the process dies after the rename, before the commit
        raise KeyboardInterrupt

    monkeypatch.setattr(ledger_module.Ledger, "advance", killed)
    with pytest.raises(KeyboardInterrupt):
        sync_once(ana)
    monkeypatch.undo()
    assert len(segments(ana)) == 2 and ana.store.meta("sync.export_seq") == "1"
    ana.comment(handoff, "second, written before the next sync")
    report = sync_once(ana)
    assert report.exported_events == 2 and report.warnings == []
    numbers = [segment.parse_name(p.name).seq for p in segments(ana)]
    assert numbers == [1, 2, 3]
    got = sync_once(ben)
    assert got.imported_events == 3 and got.warnings == [] and got.problems == []


def test_a_handoff_spread_over_batches_is_folded_whole_even_when_written_to_between_them(tmp_path, shared, monkeypatch):
    """Batches are folded once at the end from the events parsed; a write in between must not be lost from it."""
    from baton.sync import importer
    from baton.sync.landing import Landing

    ana, ben = teammate(tmp_path, "ana", shared), teammate(tmp_path, "ben", shared)
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.set_item(handoff, "signed")
    sync_once(ana)
    sync_once(ben)
    ben.comment(handoff, "Who signed it?")
    sync_once(ben)
    fill(ana, handoff)
    sync_once(ana)
    cy = teammate(tmp_path, "cy", shared)
    monkeypatch.setattr(importer, "FLUSH_EVENTS", 1)  # one batch per segment: ana 1, ben 1, ana 2
    take = Landing.take
    batches = []

    def take_then_comment(landing, pending):
        take(landing, pending)
        if pending.rows:
            batches.append({row["handoff_id"] for row in pending.rows})
        if len(batches) == 1:  # another writer of this replica (its handoff is not folded here yet)
            event = LocalEvent(new_id(), handoff, "commented", cy.clock.tick(), 1, "cy", cy.config.replica_id)
            cy.store.append([{**event.row(), "payload": '{"text":"Written between two batches"}'}])

    monkeypatch.setattr(Landing, "take", take_then_comment)
    report = sync_once(cy)
    assert report.imported_segments == 3 and len(batches) == 3 and all(handoff in b for b in batches)
    texts = [r[0] for r in cy.store.conn.execute("SELECT text FROM comments WHERE handoff_id = ?", (handoff,))]
    assert sorted(texts) == ["Who signed it?", "Written between two batches"]
    assert cy.store.handoff_row(handoff)["required_done"] == 7
    consistent(cy)
