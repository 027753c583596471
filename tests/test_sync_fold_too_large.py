"""A history larger than one snapshot a reader takes whole is left as segments, and `--compact` says so, where it
used to report nothing folded without a word; a plain sync's own fold passes it over quietly, pass after pass."""

from __future__ import annotations

from conftest import Wall
from sync_support import event_ids, segments, sync_once, teammate
from test_sync_compaction import bursts

from baton.sync import compaction, segment


def test_a_history_too_large_to_fold_is_said_by_compact_and_kept_whole(tmp_path, shared, monkeypatch) -> None:
    wall = Wall()
    ana, ben = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben"))
    sync_once(ben)
    bursts(ana, 6)
    sync_once(ben)  # ben has all six: nothing else holds the fold back
    monkeypatch.setattr(segment, "MAX_WRITE", 1000)  # the six segments' bytes are past it
    monkeypatch.setattr(compaction, "FOLD_AFTER", 4)
    written = sorted(p.name for p in segments(ana))
    report = sync_once(ana, fold=True)
    assert report.compacted_through == 0 and not report.problems
    [said] = [w for w in report.warnings if "more than one snapshot holds" in w]
    assert said.startswith("your history in the shared folder is ") and "your segments are left as they are" in said
    assert sorted(p.name for p in segments(ana)) == written  # nothing folded, nothing taken away
    plain = sync_once(ana)  # due: six since the last fold, more than four
    assert plain.compacted_through == 0 and not any("snapshot holds" in w for w in plain.warnings)
    cat = teammate(tmp_path, "cat", shared, wall)
    sync_once(cat)
    assert event_ids(cat) == event_ids(ana)
