"""A teammate's replica.json damaged or of a newer baton is said at every sync while it lasts.

It used to be said only while that folder held segments not yet taken in: once they were,
a replica.json replaced by a 300 MB file (or by junk) gave nothing, and its writer dropped
out of "teammates seen" without a word. One that claimed a later format was read as today's.
"""

from __future__ import annotations

import json

import pytest
from sync_support import own_folder, sync_once, teammate


def _said(report, folder) -> list[str]:
    return [p.reason for p in report.problems if p.file == str(folder / "replica.json")]


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        ("huge", "larger than baton writes there"),
        ("junk", "not JSON"),
        ("format 2", "format 2 of a newer baton: update baton"),
        ("format x", "no format this baton knows"),
    ],
)
def test_a_teammates_damaged_replica_json_is_said_even_with_nothing_left_to_take_in(tmp_path, shared, damage, words):
    ana = teammate(tmp_path, "ana", shared)
    ben = teammate(tmp_path, "ben", shared)
    ben.create("relay", "Acme", "ana")
    sync_once(ben)
    assert sync_once(ana).teammates == ["ben"]
    info = own_folder(ben) / "replica.json"
    if damage == "huge":
        with open(info, "wb") as big:
            big.truncate(300 << 20)
    elif damage == "junk":
        info.write_bytes(b"\x00\xff garbage")
    else:
        body = json.loads(info.read_text())
        info.write_text(json.dumps({**body, "format": 2 if damage == "format 2" else "x"}))

    report = sync_once(ana)
    [reason] = _said(report, own_folder(ben))
    assert words in reason and "its next segments will wait" in reason and report.problems[0].retry
    assert report.teammates == []

    later = ben.create("relay", "Globex", "ana")  # ben's baton writes its replica.json again at its sync
    sync_once(ben)
    report = sync_once(ana)
    assert not _said(report, own_folder(ben)) and report.teammates == ["ben"]
    assert ana.state(later).exists


def test_a_replica_json_of_a_newer_format_holds_its_new_segments(tmp_path, shared):
    ana = teammate(tmp_path, "ana", shared)
    ben = teammate(tmp_path, "ben", shared)
    sync_once(ben)
    handoff = ben.create("relay", "Acme", "ana")
    sync_once(ben)
    info = own_folder(ben) / "replica.json"
    info.write_text(json.dumps({**json.loads(info.read_text()), "format": 3}))
    report = sync_once(ana)
    [reason] = _said(report, own_folder(ben))
    assert "format 3 of a newer baton" in reason and "its segments wait" in reason
    assert not ana.store.conn.execute("SELECT 1 FROM handoffs WHERE id = ?", (handoff,)).fetchone()
