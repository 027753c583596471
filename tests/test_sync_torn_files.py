"""A file in a teammate's folder that is not a whole segment is one clear line, never an alarm, never retried forever.

Junk, a torn conflict copy of a sync tool, an empty or cut file: each is said once per
sync, naming the file and whose folder it is in, and nothing of it is applied. Only a
file that may still be written (changed a moment ago, cut in a line) is "still
arriving"; a segment after it says it waits for it.
"""

from __future__ import annotations

import os
import random
import time

import pytest
from sync_support import event_ids, own_folder, segments, sync_once, teammate

from baton.sync import segment


@pytest.fixture
def team(tmp_path, shared):
    """ben has written three segments that ana and cal have taken in."""
    ana, ben, cal = (teammate(tmp_path, user, shared) for user in ("ana", "ben", "cal"))
    handoff = ben.create("relay", "Acme deal", "ana")
    sync_once(ben)
    for words in ("two", "three"):
        ben.comment(handoff, words)
        sync_once(ben)
    sync_once(ana)
    sync_once(cal)
    assert len(segments(ben)) == 3
    return ana, ben, cal


def aged(path, minutes: int = 60) -> None:
    """The file's last change made long ago (a copy that stopped, not one being written)."""
    then = time.time() - minutes * 60
    os.utime(path, (then, then))


def one_line(report, path) -> str:
    assert [p.file for p in report.problems] == [str(path)], report.problems
    return report.problems[0].reason


JUNK = {
    "random bytes": random.Random(7).randbytes(3000),
    "random bytes ending in a newline": random.Random(8).randbytes(3000) + b"\n",
    "zeros": bytes(4096),
    "text": b"not a segment at all\n",
}


@pytest.mark.parametrize("junk", sorted(JUNK))
@pytest.mark.parametrize("number", [1, 9], ids=["under a number taken in", "under a new number"])
def test_junk_under_a_segment_name_is_one_damaged_line_and_no_tampering_alarm(team, junk, number):
    ana, ben, cal = team
    path = own_folder(ben) / f"{number:06d}-deadbeef.jsonl"
    path.write_bytes(JUNK[junk])
    before = event_ids(ana)
    for reader in (ana, cal, ben, ana):  # ben's own copy too: nothing says another device writes as him
        report = sync_once(reader)
        reason = one_line(report, path)
        assert reason.startswith("damaged: ") and "in ben's folder" in reason and "nothing of it is applied" in reason
        assert not report.problems[0].retry
        assert report.warnings == [] and report.trust == []
    assert event_ids(ana) == before == event_ids(ben)


def test_a_torn_conflict_copy_is_named_as_one_whose_original_is_here(team):
    ana, ben, cal = team
    third = segments(ben)[2]
    data = third.read_bytes()
    copy = third.with_name(third.stem + ".sync-conflict-20261202-031500-XYZ.jsonl")
    copy.write_bytes(data[: len(data) // 2])
    for reader in (ana, cal, ana):
        reason = one_line(sync_once(reader), copy)
        assert reason.startswith("a conflict copy made by your sync tool in ben's folder")
        assert f"the original ({third.name}) is here, so this copy is safe to delete" in reason
        assert "still arriving" not in reason


@pytest.mark.parametrize("cut", ["empty", "in a line", "before its trailer"])
def test_a_cut_file_is_still_arriving_while_it_changes_and_damaged_once_it_stopped(team, cut):
    ana, ben, cal = team
    handoff = ben.create("relay", "Second deal", "ana")
    sync_once(ben)
    fourth = segments(ben)[3]
    data = fourth.read_bytes()
    kept = {"empty": b"", "in a line": data[:40], "before its trailer": data[: data.rindex(b"{")]}[cut]
    fourth.write_bytes(kept)
    arriving = sync_once(ana)
    assert one_line(arriving, fourth).startswith("still arriving: ") and arriving.problems[0].retry
    aged(fourth)
    for _ in range(2):
        stopped = sync_once(ana)
        reason = one_line(stopped, fourth)
        assert reason.startswith("damaged: not a whole segment") and "in ben's folder" in reason
        assert "unchanged for over 10 min" in reason
        assert not stopped.problems[0].retry
    fourth.write_bytes(data)  # the whole file comes after all: taken in, nothing lost
    report = sync_once(ana)
    assert report.problems == [] and ana.store.handoff_row(handoff) is not None


@pytest.mark.parametrize("state", ["still arriving", "damaged"])
def test_segments_after_a_cut_one_say_they_wait_for_it_not_that_it_is_missing(team, state):
    ana, ben, cal = team
    handoff = ben.create("relay", "Second deal", "ana")
    sync_once(ben)
    for words in ("five", "six"):
        ben.comment(handoff, words)
        sync_once(ben)
    fourth, fifth, sixth = segments(ben)[3:]
    data = fourth.read_bytes()
    fourth.write_bytes(data[: len(data) // 2])
    if state == "damaged":
        aged(fourth)
    report = sync_once(ana)
    lines = {p.file: p.reason for p in report.problems}
    assert list(lines) == [str(fourth), str(fifth), str(sixth)]
    assert lines[str(fourth)].startswith(state)
    assert f"it waits for the segment before it ({fourth.name[:15]}), which is {state} here" in lines[str(fifth)]
    assert f"it waits for the segment before it ({fifth.name[:15]}), which is kept aside here too" in lines[str(sixth)]
    assert not any("missing" in reason for reason in lines.values())
    fourth.write_bytes(data)
    assert sync_once(ana).problems == []
    assert event_ids(ana) >= event_ids(ben)


def test_a_second_whole_content_under_a_number_still_raises_the_alarm_beside_junk(team):
    ana, ben, cal = team
    first = segments(ben)[0]
    data, digest = segment.encode([b'{"written":"' + b"by someone else " * 10 + b'"}'])
    forged = first.with_name(segment.segment_name(1, digest))
    forged.write_bytes(data)
    junk = first.with_name("000001-deadbeef.jsonl")
    junk.write_bytes(JUNK["random bytes"])
    report = sync_once(ana)
    [warning] = report.warnings
    assert warning.startswith(f"TAMPERING OR TWO DEVICES WRITING AS REPLICA {ben.config.replica_id}")
    assert "segment 000001 has 2 contents" in warning and "deadbeef" not in warning
    assert [t.file for t in report.trust if t.kind == "tampering"] == [str(forged)]
    lines = {p.file: p.reason for p in report.problems}
    assert lines[str(junk)].startswith("damaged: ")
