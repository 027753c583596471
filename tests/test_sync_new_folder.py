"""Moving to another shared folder (`sync --dir`, a moved Dropbox) is said in one line, not as damage.

Before, every one of your segments was reported as "was missing or changed in the shared folder:
written again", one warning a file, when the new folder simply had no folder of yours yet.
"""

from __future__ import annotations

from sync_support import segments, sync_once


def test_a_new_folder_gets_your_segments_with_one_line(pair, tmp_path) -> None:
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    ana.create("relay", "Globex pilot", "ben")
    sync_once(ana)
    moved = tmp_path / "moved"
    moved.mkdir()
    report = sync_once(ana, moved)
    assert report.warnings == ["this shared folder had no folder of yours: your 2 segment(s) written into it"]
    assert report.problems == []
    sync_once(ben, moved)
    in_new = {p.name for p in (moved / "baton" / "v1" / "replicas" / ana.config.replica_id).glob("*.jsonl")}
    assert in_new == {p.name for p in segments(ana)} and len(in_new) == 2


def test_one_segment_gone_from_your_folder_is_still_named(pair) -> None:
    ana, _ = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [mine] = segments(ana)
    mine.unlink()
    report = sync_once(ana)
    assert report.warnings == [f"your segment {mine.name} was missing or changed in the shared folder: written again"]
