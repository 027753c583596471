"""A segment's name has one spelling: a byte-for-byte copy of a genuine segment under another spelling of its
number (an extra leading zero, other digits than ASCII ones, a trailing newline) is no second content.

Such a copy claims the number and hash of the genuine one; read as a segment, it was a second file under that
number signed by its owner's own key, and the owner's baton said its profile was copied or its key stolen.
"""

from __future__ import annotations

import shutil

import pytest
from sync_support import event_ids, projection, segments, sync_once
from test_sync_attacks import crew  # noqa: F401

from baton.sync import segment

SPELLINGS = {
    "an extra leading zero": lambda name: "0" + name,
    "Arabic-Indic digits": lambda name: name[:6].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + name[6:],
    "full-width digits": lambda name: (
        name[:6].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + name[6:]
    ),
    "a trailing newline": lambda name: name + "\n",
}


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_another_spelling_of_a_segment_name_is_not_a_segment_name(spelling):
    name = segment.segment_name(4, "ed0a17d7" + "0" * 56)
    assert segment.parse_name(name) == segment.SegmentName(4, "ed0a17d7", False)
    assert segment.parse_name(SPELLINGS[spelling](name)) is None


def test_numbers_past_six_digits_keep_their_only_spelling():
    assert segment.parse_name(segment.segment_name(1_234_567, "ab" * 32)) == segment.SegmentName(
        1_234_567, "abababab", False
    )


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_genuine_segment_copied_under_another_spelling_raises_no_alarm_and_changes_nothing(
    crew,  # noqa: F811
    spelling,
):
    ana, ben, cleo, handoff = crew
    genuine = segments(ana)[-1]
    copy = genuine.with_name(SPELLINGS[spelling](genuine.name))
    shutil.copy(genuine, copy)
    before = {r.user: (event_ids(r), projection(r)) for r in (ana, ben, cleo)}
    for replica in (ana, ben, cleo):
        report = sync_once(replica)
        assert report.warnings == [] and report.trust == [], (replica.user, report.warnings)
        said = [p for p in report.problems if p.file.startswith(str(copy.parent))]
        if copy.name.endswith(segment.SUFFIX):  # one line: not a segment name
            assert [(p.file, p.reason) for p in said] == [
                (str(copy), "not a segment name (expected NNNNNN-<sha8>.jsonl)")
            ]
        else:
            assert said == []
        assert (event_ids(replica), projection(replica)) == before[replica.user]
    assert genuine.read_bytes() == copy.read_bytes()
