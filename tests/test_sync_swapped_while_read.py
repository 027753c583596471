"""A segment swapped between being looked at and being opened (a FIFO, a link, a folder, a file grown past any
segment) is one line, retried, and changes nothing; the real one is taken in once it is back.

`segment.read_file` looks at a file before it opens it and checks what it opened; these swaps happen in
that gap, as a sync engine or a hostile teammate may make them. A link there was said in the OS's words
("Too many levels of symbolic links"), which tell a person nothing about the shared folder.
"""

from __future__ import annotations

import os

import pytest
from sync_support import event_ids, projection, segments, sync_once

from baton.sync import segment

SAID = {
    "a FIFO": "not a regular file (a FIFO): not read",
    "a link": "not a regular file (a symbolic link): not opened",
    "a folder": "not a regular file (a folder): not read",
    "a file grown past any segment": f"larger than baton writes there ({segment.MAX_BYTES:,} bytes): not read",
}


@pytest.mark.parametrize("swap", SAID)
def test_a_segment_swapped_while_it_is_opened_is_one_line_and_comes_in_once_back(pair, monkeypatch, swap):
    ana, ben = pair
    ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    [path] = segments(ana)
    genuine = path.read_bytes()
    opened = segment.os.open

    def swapped(name, flags, *args, **kwargs):
        if str(name) == str(path) and os.path.isfile(path) and not os.path.islink(path):
            os.unlink(path)
            if swap == "a FIFO":
                os.mkfifo(path)
            elif swap == "a link":
                os.symlink("/dev/zero", path)
            elif swap == "a folder":
                os.mkdir(path)
            else:
                with open(path, "wb") as handle:
                    handle.write(genuine)
                    handle.truncate(segment.MAX_BYTES + 1)
        return opened(name, flags, *args, **kwargs)

    before = (event_ids(ben), projection(ben))
    monkeypatch.setattr(segment.os, "open", swapped)
    report = sync_once(ben)
    monkeypatch.undo()
    assert [(p.file, p.reason, p.retry) for p in report.problems] == [(str(path), SAID[swap], True)]
    assert report.warnings == [] and (event_ids(ben), projection(ben)) == before
    os.rmdir(path) if swap == "a folder" else os.unlink(path)
    path.write_bytes(genuine)
    assert sync_once(ben).imported_events == 1
    assert projection(ben) == projection(ana)
