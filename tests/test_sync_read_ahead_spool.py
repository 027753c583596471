"""The second process of a large import cannot write its answers (the local disk full, its temporary folder
gone): the import reads the segments itself, and no teammate's segment is blamed for it.

Such an error came back as the reading of the segment in hand, so each segment read ahead was said as
"cannot read: No space left on device" and nothing of them came in while the local disk stayed full.
"""

from __future__ import annotations

import tempfile

from test_sync_read_ahead import imported, team  # noqa: F401


def test_a_second_process_that_cannot_write_its_answers_leaves_the_import_to_this_one(team, monkeypatch, tmp_path):  # noqa: F811
    alone = imported(*team, "ben", monkeypatch, ahead=False)

    def full_disk(*args, **kwargs):  # the second process writes its answers under this: a file is no folder
        blocked = tmp_path / f"not-a-folder-{len(calls)}"
        blocked.write_text("")
        calls.append(blocked)
        return str(blocked)

    calls: list = []
    monkeypatch.setattr(tempfile, "mkdtemp", full_disk)
    ahead = imported(*team, "cy", monkeypatch, ahead=True)
    assert calls  # a second process was started
    assert ahead == alone  # every event in, the same problems: none of them "cannot read" a teammate's segment
