"""Each way a damaged or hostile shared folder once broke a sync, held to what it must do now.

Found by damaging a real team's folder at random (test_sync_hostile_folder.py): a
traceback, a line said twice, a message naming a temp file, a link inside baton's
folders followed (so a sync wrote outside the shared folder), an own file left broken
for every teammate, a watcher that synced on every tick or watched a folder long gone.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from sync_support import event_ids, own_folder, segments, sync_once

from baton.sync import segment, watch
from baton.sync.folder import LAYOUT, REPLICA_FILE, SyncFolder


@pytest.fixture
def pair_with_news(pair):
    """ana and ben, each with a segment out; ben has taken ana's in and ana has news for him."""
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    ben.create("relay", "Ben's deal", "ana")
    for replica in (ana, ben, ana):
        sync_once(replica)
    ana.comment(handoff, "news for ben")
    sync_once(ana)
    return ana, ben


def lines(report) -> list[str]:
    return [f"{p.file}: {p.reason}" for p in report.problems]


def test_an_own_segment_replaced_by_a_huge_file_is_written_again(pair_with_news):
    ana, ben = pair_with_news
    [mine] = segments(ben)
    mine.unlink()
    with open(mine, "wb") as handle:
        handle.truncate(segment.MAX_BYTES + 1)  # sparse: a file far larger than any segment, by its size
    report = sync_once(ben)  # raised NotAFile out of the sync before
    assert report.warnings == [f"your segment {mine.name} was missing or changed in the shared folder: written again"]
    assert segment.read(mine).lines and report.problems == []


def test_a_file_met_twice_in_one_sync_is_said_once(pair_with_news):
    """An own segment renumbered past the export cursor is taken in ahead of the export (backup.py), then again
    with everything else: its problem was reported by both passes."""
    ana, ben = pair_with_news
    [mine] = segments(ben)
    moved = mine.with_name(mine.name.replace("000001-", "000002-"))
    os.replace(mine, moved)
    report = sync_once(ben)
    said = lines(report)
    assert said and len(said) == len(set(said))
    assert [p.file for p in report.problems].count(str(moved)) == 1
    assert len(report.trust) == len(set(report.trust))


@pytest.mark.parametrize("level", ["baton", "baton/v1", "baton/v1/replicas", "own folder"])
def test_a_link_inside_batons_folders_is_never_followed_nor_written_through(pair_with_news, tmp_path, level):
    ana, ben = pair_with_news
    shared = SyncFolder(ben.config.sync_dir)
    outside = tmp_path / "outside"
    path = shared.own(ben.config.replica_id) if level == "own folder" else shared.root / level
    shutil.copytree(path, outside, symlinks=True)  # what the link leads to looks like the real thing
    before = sorted(p.relative_to(outside) for p in outside.rglob("*"))
    shutil.rmtree(path)
    os.symlink(outside, path)
    ben.comment(ben.store.conn.execute("SELECT id FROM handoffs").fetchone()[0], "ben's own news")
    report = sync_once(ben)
    assert sorted(p.relative_to(outside) for p in outside.rglob("*")) == before  # nothing written there
    [said] = report.problems
    assert said.file == str(path) and "symbolic link" in said.reason and "not followed" in said.reason
    assert said.retry and report.exported_events == 0
    assert (report.imported_events > 0) == (level == "own folder")  # the teammates' folders are still read
    os.unlink(path)
    shutil.copytree(outside, path, symlinks=True)
    report = sync_once(ben)
    assert report.problems == [] and report.exported_events == 1
    assert event_ids(ana) - event_ids(ben) == set()


@pytest.mark.parametrize("kind", ["a file", "a FIFO"])
def test_a_file_where_batons_folder_belongs_is_one_line(pair_with_news, kind):
    ana, ben = pair_with_news
    level = SyncFolder(ben.config.sync_dir).root.joinpath(*LAYOUT[:2])
    shutil.rmtree(level)
    os.mkfifo(level) if kind == "a FIFO" else level.write_text("not a folder")
    report = sync_once(ben)
    assert lines(report) == [
        f"{level}: {kind} where baton's folder belongs: nothing read or written there until it is a folder again"
    ]


def test_a_shared_folder_that_is_a_file_is_said_so(pair_with_news):
    ana, ben = pair_with_news
    root = SyncFolder(ben.config.sync_dir).root
    shutil.rmtree(root)
    root.write_text("a file")
    report = sync_once(ben)
    assert lines(report) == [
        f"{root}: the shared folder is not a folder (a file has its name): nothing read or written there"
    ]


@pytest.mark.parametrize("to", ["itself", "a folder not there"])
def test_a_shared_folder_that_is_a_link_to_no_folder_is_one_line_and_waits(pair_with_news, to):
    ana, ben = pair_with_news
    root = SyncFolder(ben.config.sync_dir).root
    shutil.rmtree(root)
    os.symlink(root.name if to == "itself" else root.parent / "unmounted", root)
    report = sync_once(ben)  # a link to itself raised RuntimeError (Path.resolve) before
    assert lines(report) == [
        f"{root}: the shared folder is a link that leads to no folder (is the drive or share mounted?)"
    ]
    assert report.problems[0].retry


def test_an_own_segments_name_taken_by_a_folder_is_one_line_and_new_changes_still_go_out(pair_with_news):
    ana, ben = pair_with_news
    [mine] = segments(ben)
    mine.unlink()
    mine.mkdir()
    ben.comment(ben.store.conn.execute("SELECT id FROM handoffs").fetchone()[0], "ben's own news")
    report = sync_once(ben)  # named a temp file, and sent nothing, before
    [said] = report.problems
    assert said.file == str(own_folder(ben)) and said.reason.startswith(f"{mine.name}: cannot write it again")
    assert report.exported_events == 1


def test_a_write_that_fails_names_the_file_meant_not_its_temp_file(pair_with_news):
    ana, ben = pair_with_news
    acks = own_folder(ben) / "acks.json"
    acks.unlink()
    acks.mkdir()
    report = sync_once(ben)
    assert lines(report) == [f"{acks}: cannot publish what was imported or fold: Is a directory"]
    assert report.problems[0].retry


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"\xff\xfe{}", "replica.json is not JSON (not UTF-8 text)"),
        (b'{"user": "ana",', "replica.json is not JSON (Expecting"),
    ],
)
def test_a_replica_json_that_is_not_json_says_so(pair_with_news, content, reason):
    ana, ben = pair_with_news
    (own_folder(ana) / REPLICA_FILE).write_bytes(content)
    [said] = sync_once(ben).problems
    assert said.file == str(own_folder(ana) / REPLICA_FILE) and said.reason.startswith(reason) and said.retry


@pytest.mark.parametrize(
    "damage", ["another user's", "garbage", "a link to /dev/zero", "missing", "naming another device's key"]
)
def test_an_own_replica_json_damaged_is_written_again_so_teammates_can_read_the_folder(pair_with_news, damage):
    ana, ben = pair_with_news
    info = own_folder(ana) / REPLICA_FILE
    good = info.read_bytes()
    info.unlink()
    if damage == "another user's":
        shutil.copy(own_folder(ben) / REPLICA_FILE, info)
    elif damage == "garbage":
        info.write_bytes(b"\x00garbage")
    elif damage == "a link to /dev/zero":
        os.symlink("/dev/zero", info)
    elif damage == "naming another device's key":  # teammates would list ana's device as not on the team
        info.write_text(
            json.dumps(
                {
                    **json.loads(good),
                    "public_key": json.loads((own_folder(ben) / REPLICA_FILE).read_text())["public_key"],
                }
            )
        )
    report = sync_once(ana)
    assert not info.is_symlink() and info.read_bytes() == good
    restored = "your replica.json was damaged or replaced in the shared folder: written again"
    assert report.warnings == ([] if damage == "missing" else [restored])
    assert sync_once(ben).problems == [] and event_ids(ana) <= event_ids(ben)


def test_an_own_replica_json_that_is_a_folder_is_one_line(pair_with_news):
    ana, ben = pair_with_news
    info = own_folder(ana) / REPLICA_FILE
    info.unlink()
    info.mkdir()
    report = sync_once(ana)
    assert lines(report) == [f"{info}: a folder where your replica.json belongs: teammates cannot read your folder"]


class Ticks:
    """watchfiles.watch as the watcher sees it, without waiting: every call yields `per_call` empty batches
    (its timeout ticks), calling `on_tick(n)` before the n-th; the stop event is set after `total` ticks."""

    def __init__(self, stop, total: int, on_tick=lambda n: None, per_call: int = 100) -> None:
        self.stop, self.total, self.on_tick, self.per_call = stop, total, on_tick, per_call
        self.ticks, self.calls = 0, []

    def __call__(self, *paths, **kwargs):
        self.calls.append(paths)
        for _ in range(self.per_call):
            if self.ticks >= self.total:
                self.stop.set()
                yield set()
                return
            self.on_tick(self.ticks)
            self.ticks += 1
            yield set()


def run_watch(replica, monkeypatch, ticks_of) -> tuple[Ticks, list]:
    import threading

    stop = threading.Event()
    ticks = ticks_of(stop)
    monkeypatch.setattr(watch.watchfiles, "watch", ticks)
    reports: list = []
    watch.watch(replica, reports.append, stop, poll_seconds=3600)
    return ticks, reports


def test_a_watcher_over_a_folder_it_cannot_use_does_not_sync_on_every_tick(pair_with_news, monkeypatch):
    ana, ben = pair_with_news
    level = SyncFolder(ben.config.sync_dir).root.joinpath(*LAYOUT[:2])
    shutil.rmtree(level)
    level.write_text("not a folder")
    ticks, reports = run_watch(ben, monkeypatch, lambda stop: Ticks(stop, total=20))
    assert len(ticks.calls) == 1 and len(reports) == 1  # it synced on each of the 20 ticks, watching anew each time


def test_a_watcher_watches_anew_when_the_folder_it_watches_is_replaced(pair_with_news, monkeypatch):
    ana, ben = pair_with_news
    replicas = SyncFolder(ben.config.sync_dir).replicas
    saved = replicas.parent / "saved"

    def replaced(n: int) -> None:
        if n == 3:  # as a sync engine or a restore from backup does: deleted, and made again
            shutil.copytree(replicas, saved)
            shutil.rmtree(replicas)
            os.rename(saved, replicas)

    ticks, reports = run_watch(ben, monkeypatch, lambda stop: Ticks(stop, total=10, on_tick=replaced))
    # The home, the replica folders' folder and ana's, each time: the second watch is on the folders there now.
    assert [len(paths) for paths in ticks.calls] == [3, 3]
    assert len(reports) == 2 and all(not r.problems for r in reports)


def test_a_watcher_does_not_watch_through_a_link(pair_with_news, monkeypatch, tmp_path):
    ana, ben = pair_with_news
    replicas = SyncFolder(ben.config.sync_dir).replicas
    shutil.move(replicas, tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", replicas)
    ticks, reports = run_watch(ben, monkeypatch, lambda stop: Ticks(stop, total=5))
    assert [len(paths) for paths in ticks.calls] == [1]  # the home only
    assert json.dumps([p.reason for p in reports[0].problems]).count("symbolic link") == 1


def test_a_clash_names_the_damaged_copy_not_the_genuine_one_that_sorts_after_it(pair_with_news):
    ana, ben = pair_with_news
    genuine = segments(ana)[-1]
    damaged = genuine.with_name(genuine.name[:7] + "00000000.jsonl")  # sorts first: it was named "here" before
    damaged.write_bytes(b"\x00 not a segment\n")
    report = sync_once(ben)
    # Not a whole segment, so no second content: said once, as damaged (sync/damaged.py), with no alarm.
    assert [(p.file, p.reason.startswith("damaged: ")) for p in report.problems] == [(str(damaged), True)]
    assert report.warnings == []
    assert event_ids(ana) <= event_ids(ben)  # the genuine copy is taken in


def test_the_shortest_event_line_is_longer_than_a_segment_line_must_be():
    """segment.MIN_LINE refuses files of lines too short to be events: never one of real events."""
    from baton.sync import wire

    line = (
        '{"v":1,"id":"'
        + "a" * 32
        + '","handoff":"'
        + "b" * 32
        + '","kind":"sent","hlc":"'
        + "0" * 16
        + "-0000-"
        + "c" * 12
        + '","at":0,"author":"a","replica":"'
        + "c" * 12
        + '","payload":{}}'
    ).encode()
    assert wire.event_row(line)["kind"] == "sent"  # a real event, as short as one gets
    assert len(line) >= 2 * segment.MIN_LINE


def test_a_segment_of_a_million_empty_lines_is_refused_by_its_size(pair_with_news):
    ana, ben = pair_with_news
    forged, _ = segment.write(own_folder(ana), 50, [b""] * 1_000_000)
    report = sync_once(ben)  # split into a million lines and said line by line before: gigabytes
    [said] = [p for p in report.problems if p.file.startswith(str(forged))]
    assert said.file == str(forged) and "too short to be events" in said.reason and said.retry
    assert event_ids(ana) <= event_ids(ben)


def test_a_segment_of_many_bad_lines_is_a_few_lines_of_report(pair_with_news):
    from baton.sync.reading import PROBLEMS_SAID

    ana, ben = pair_with_news
    forged, _ = segment.write(own_folder(ana), 50, [b"x" * 150] * 5000)
    report = sync_once(ben)
    said = [p for p in report.problems if p.file.startswith(f"{forged}:")]
    assert len(said) == PROBLEMS_SAID + 1
    assert said[-1].file == f"{forged}:{PROBLEMS_SAID + 1}"
    assert said[-1].reason == f"and {5000 - PROBLEMS_SAID:,} more lines from here on that cannot be taken in either"
    assert event_ids(ana) <= event_ids(ben)


@pytest.mark.parametrize("squatter", ["garbage", "a seal in the wrong form", "a teammate's segment"])
def test_a_file_under_the_number_this_replica_writes_next_is_never_adopted(pair_with_news, squatter):
    ana, ben = pair_with_news
    handoff = ben.store.conn.execute("SELECT id FROM handoffs").fetchone()[0]
    ben.comment(handoff, "ben's unsent note")
    if squatter == "garbage":
        data = b"\x00\xff garbage\n"
    elif squatter == "a seal in the wrong form":
        data, _ = segment.encode([b"{}"])
        data = data.replace(b'"sha256"', b'"prev":7,"key":"k","sig":"s","sha256"')
    else:
        data = segments(ana)[0].read_bytes()
    (own_folder(ben) / "000002-0badf00d.jsonl").write_bytes(data)
    report = sync_once(ben)  # a seal in the wrong form raised out of the export before
    assert report.exported_events == 1
    sync_once(ana)
    assert "ben's unsent note" in [r[0] for r in ana.store.query("SELECT text FROM comments")]


def test_a_replica_folder_gone_while_it_is_listed_is_passed_over(pair_with_news, monkeypatch):
    """Where listing does not say a file's kind (some network file systems), asking for it finds a folder deleted
    meanwhile gone: that raised FileNotFoundError out of the sync."""
    import baton.sync.folder as folder_module

    ana, ben = pair_with_news
    listed = folder_module.os.scandir
    vanished = ana.config.replica_id

    class Gone:
        def __init__(self, entry):
            self.name, self.path = entry.name, entry.path

        def is_symlink(self):
            raise FileNotFoundError(2, "No such file or directory", self.path)

        is_dir = is_symlink

    class Listing(list):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def scandir(path):
        with listed(path) as entries:
            return Listing(Gone(e) if e.name == vanished else e for e in entries)

    monkeypatch.setattr(folder_module.os, "scandir", scandir)
    report = sync_once(ben)
    assert report.problems == [] and "ana" not in report.teammates
