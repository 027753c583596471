"""Signed, chained segments: a damaged seal or a gap in the chain keeps a segment aside, never loses it.

Each case checks the victim's view: the segment's events are not applied, the
report says which file and why, and once the folder is put right everything
comes in. Attacks that need a team (forged devices, rewritten history) are in
test_sync_trust.py.
"""

from __future__ import annotations

import json
import shutil

import pytest
from sync_support import event_ids, own_folder, projection, segments, sync_once

from baton.core.team.keys import DeviceKey
from baton.sync import segment, verify


def trailer(path):
    return json.loads(path.read_bytes().splitlines()[-1])


def with_trailer(path, **changes):
    """The file with its trailer's fields changed (its lines untouched)."""
    lines = path.read_bytes().splitlines()
    path.write_bytes(b"\n".join([*lines[:-1], json.dumps({**trailer(path), **changes}).encode()]) + b"\n")


def test_every_segment_is_signed_and_names_its_predecessor(pair):
    ana, _ = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    ana.comment(handoff, "kickoff moved")
    sync_once(ana)
    first, second = segments(ana)
    key = DeviceKey.load(ana.home.device_key)
    assert trailer(first)["prev"] == "" and trailer(second)["prev"] == trailer(first)["sha256"]
    for number, path in enumerate((first, second), 1):
        seal = trailer(path)
        assert seal["key"] == key.public
        message = segment.signed_message(ana.config.replica_id, number, seal["prev"], seal["sha256"])
        assert verify.verify(seal["key"], message, seal["sig"])


def test_a_home_from_before_keys_gets_one_on_its_first_export(pair):
    ana, _ = pair
    ana.home.device_key.unlink(missing_ok=True)
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    assert ana.home.device_key.stat().st_mode & 0o777 == 0o600
    assert trailer(segments(ana)[0])["key"] == DeviceKey.load(ana.home.device_key).public


def test_a_damaged_device_key_is_one_line_and_the_changes_wait(pair):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    ana.home.device_key.unlink(missing_ok=True)
    ana.home.device_key.write_text("not a key\n")
    ana.home.device_key.chmod(0o600)
    report = sync_once(ana)
    [problem] = report.problems
    assert problem.file == str(ana.home.device_key) and "damaged" in problem.reason and problem.retry
    assert segments(ana) == [] and report.exported_events == 0


def test_a_bad_signature_is_kept_aside_and_applied_once_the_file_is_whole(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    genuine = path.read_bytes()
    sig = trailer(path)["sig"]
    with_trailer(path, sig=("A" if sig[0] != "A" else "B") + sig[1:])
    report = sync_once(ben)
    assert report.imported_events == 0 and handoff not in {r[0] for r in ben.store.query("SELECT id FROM handoffs")}
    [problem] = report.problems
    assert problem.file == str(path) and "signature does not match" in problem.reason and problem.retry
    assert [t.kind for t in report.trust] == [verify.SIGNATURE]
    assert sync_once(ben).imported_events == 0  # judged again, still kept aside
    path.write_bytes(genuine)
    assert sync_once(ben).imported_events == 1
    assert projection(ben) == projection(ana)


def test_lines_changed_under_a_recomputed_hash_fail_the_signature(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.comment(handoff, "the budget is 10k")
    sync_once(ana)
    [path] = segments(ana)
    lines = path.read_bytes().splitlines()[:-1]
    lines[1] = lines[1].replace(b"10k", b"99k")
    body = b"".join(line + b"\n" for line in lines)
    import hashlib

    with_trailer(path, sha256=hashlib.sha256(body).hexdigest())
    path.write_bytes(body + path.read_bytes().splitlines(keepends=True)[-1])
    report = sync_once(ben)
    assert report.imported_events == 0 and event_ids(ben) == set()
    assert any(p.file == str(path) and "signature" in p.reason for p in report.problems)


@pytest.mark.parametrize(
    "garbage, words",
    [
        ({"prev": 12}, "prev"),
        ({"key": "not a key!"}, "key"),
        ({"sig": None}, "sig"),
        ({"key": "A" * 43, "sig": "B" * 86}, "signature does not match"),
    ],
)
def test_a_garbage_trailer_is_kept_aside_with_one_line(pair, garbage, words):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    with_trailer(path, **garbage)
    report = sync_once(ben)
    assert report.imported_events == 0 and event_ids(ben) == set()
    [problem] = report.problems
    assert problem.file == str(path) and words in problem.reason and problem.retry
    assert "Traceback" not in problem.reason


def test_a_broken_chain_is_kept_aside_then_applied_when_the_predecessor_arrives(pair, tmp_path):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    for text in ("first", "second", "third"):
        sync_once(ana)
        ana.comment(handoff, text)
    sync_once(ana)
    paths = segments(ana)
    assert len(paths) == 4
    parked = tmp_path / paths[1].name
    shutil.move(paths[1], parked)
    report = sync_once(ben)
    assert report.imported_events == 1  # segment 1; 3 and 4 wait for 2
    waiting = {p.file: p for p in report.problems}
    assert set(waiting) == {str(paths[2]), str(paths[3])}
    assert paths[1].name[:15] in waiting[str(paths[2])].reason and waiting[str(paths[2])].retry
    assert {t.kind for t in report.trust} == {verify.CHAIN}
    assert [r[0] for r in ben.store.query("SELECT text FROM comments")] == []
    shutil.move(parked, paths[1])
    report = sync_once(ben)
    assert report.imported_events == 3 and report.problems == []
    assert projection(ben) == projection(ana)


def test_a_first_segment_that_names_a_predecessor_is_kept_aside(pair):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    lines = segment.read(path).lines
    key = DeviceKey.load(ana.home.device_key)
    path.unlink()

    def seal(sha256: str) -> segment.Seal:
        prev = "f" * 64
        return segment.Seal(prev, key.public, key.sign(segment.signed_message(ana.config.replica_id, 1, prev, sha256)))

    forged, _ = segment.write(own_folder(ana), 1, lines, seal)
    report = sync_once(ben)
    assert report.imported_events == 0 and any("number 1" in p.reason for p in report.problems)


def test_a_deleted_own_segment_is_written_again_byte_for_byte(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    ana.comment(handoff, "kickoff moved")
    sync_once(ana)
    first, second = segments(ana)
    kept = first.read_bytes(), second.read_bytes()
    first.unlink()
    second.unlink()
    report = sync_once(ana)
    assert (first.read_bytes(), second.read_bytes()) == kept
    assert report.exported_events == 0
    assert any(first.name in w and "written again" in w for w in report.warnings)
    assert sync_once(ana).warnings == []  # once
    assert sync_once(ben).imported_events == 2
    assert projection(ben) == projection(ana)


def test_an_own_segment_changed_in_place_is_written_again(pair):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    kept = path.read_bytes()
    with_trailer(path, sig="A" * 86)
    sync_once(ana)
    assert path.read_bytes() == kept
    assert sync_once(ben).imported_events == 1


def test_a_segment_written_before_keys_is_taken_in_and_the_next_one_chains_to_it(pair):
    ana, ben = pair
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    lines = segment.read(path).lines
    path.unlink()
    legacy, digest = segment.write(own_folder(ana), 1, lines)  # as the release before keys wrote it
    assert "sig" not in trailer(legacy)
    assert sync_once(ben).imported_events == 1
    ana.comment(handoff, "after the upgrade")
    sync_once(ana)
    newest = segments(ana)[-1]
    assert trailer(newest)["prev"] == digest
    assert sync_once(ben).imported_events == 1
    assert projection(ben) == projection(ana)


def test_two_processes_making_a_homes_first_key_at_once_sign_with_the_one_on_disk(tmp_path):
    import threading

    from baton.core.home import Home
    from baton.core.team import membership

    for attempt in range(5):
        home = Home(tmp_path / f"home-{attempt}")
        home.root.mkdir()
        barrier = threading.Barrier(4)
        keys: list[str] = []

        def make(home: Home, barrier: threading.Barrier, keys: list[str]) -> None:
            barrier.wait()
            keys.append(membership.device_key(home).public)

        threads = [threading.Thread(target=make, args=(home, barrier, keys)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert set(keys) == {DeviceKey.load(home.device_key).public}
        assert [p.name for p in home.root.iterdir()] == ["device.key"]  # no temp file left
