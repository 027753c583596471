"""An own segment damaged or forged at the same size, keeping its modification time, is still written again.

A sync engine delivers a file with its source's modification time, and anyone can set one (`touch -r`). The
owner looked at its own segments again only when size or modification time changed, so such a copy stayed in
the folder for good: a teammate who joined later never got its events, nor anything chained after it.
"""

from __future__ import annotations

import os

import pytest
from sync_support import event_ids, projection, segments, sync_once
from test_sync_attacks import crew  # noqa: F401
from test_sync_trust import join


def same_size_and_time(path, how: str) -> bytes:
    """`path` with one event's text changed at the same length, its modification time put back; the genuine bytes."""
    genuine = path.read_bytes()
    damaged = genuine.replace(b"budget 10k", b"budget 99k")
    assert damaged != genuine and len(damaged) == len(genuine)
    before = path.stat()
    if how == "delivered by a sync engine":  # a new file renamed over it
        temp = path.with_name(".syncthing." + path.name + ".tmp")
        temp.write_bytes(damaged)
        os.utime(temp, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.replace(temp, path)
    else:  # written over in place, then `touch -r`
        with open(path, "r+b") as handle:
            handle.write(damaged)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    return genuine


@pytest.mark.parametrize("how", ["delivered by a sync engine", "written over in place"])
def test_an_own_segment_changed_at_the_same_size_and_time_is_written_again_and_a_newcomer_gets_it(
    crew,  # noqa: F811
    tmp_path,
    how,
):
    ana, ben, cleo, handoff = crew
    [path] = [p for p in segments(ana) if b"budget 10k" in p.read_bytes()]
    genuine = same_size_and_time(path, how)
    report = sync_once(ana)
    assert report.warnings == [f"your segment {path.name} was missing or changed in the shared folder: written again"]
    assert path.read_bytes() == genuine
    dee = join(tmp_path, ana.config.sync_dir, ana, "dee")
    for replica in (ana, dee, ben, cleo):
        assert not [p for p in sync_once(replica).problems if p.file == str(path)], replica.user
    assert event_ids(ana) <= event_ids(dee)
    assert [r[0] for r in dee.store.query("SELECT text FROM comments")] == ["budget 10k"]
    assert projection(dee) == projection(ana) == projection(ben)
