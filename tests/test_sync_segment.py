"""Segments and the folder layout: whole files only, names that commit to content, litter ignored."""

from __future__ import annotations

import errno
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sync_support import event_line

from baton.core.events import Event
from baton.sync import segment, wire
from baton.sync.folder import SyncFolder, is_ignored

GOOD = dict(
    v=1,
    id="a" * 32,
    handoff="b" * 32,
    kind="commented",
    hlc="0001763740000000-0000-" + "c" * 16,
    at=1763740000000,
    author="ana",
    replica="c" * 16,
    payload={"text": "hello"},
)


def test_a_segment_round_trips_and_its_name_commits_to_its_content(tmp_path):
    lines = [event_line(**GOOD), event_line(**{**GOOD, "id": "d" * 32})]
    path, digest = segment.write(tmp_path, 1, lines)
    assert path.name == f"000001-{digest[:8]}.jsonl"
    assert segment.read(path).lines == lines
    trailer = json.loads(path.read_bytes().splitlines()[-1])
    assert trailer == {"count": 2, "sha256": digest}
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind


@given(cut=st.integers(min_value=1, max_value=400))
@settings(max_examples=60, deadline=None)
def test_a_segment_cut_anywhere_is_still_arriving(cut):
    data, _ = segment.encode([event_line(**GOOD), event_line(**{**GOOD, "id": "d" * 32})])
    cut = min(cut, len(data) - 1)
    with pytest.raises(segment.SegmentIncomplete):
        segment.decode(data[:-cut])


def test_a_trailer_that_does_not_match_is_not_a_segment():
    data, _ = segment.encode([event_line(**GOOD)])
    tampered = data.replace(b"hello", b"jello")
    with pytest.raises(segment.SegmentIncomplete, match="sha256"):
        segment.decode(tampered)
    body, trailer = data.rsplit(b"\n", 2)[0], json.loads(data.splitlines()[-1])
    wrong_count = body + b"\n" + json.dumps({**trailer, "count": 5}).encode() + b"\n"
    with pytest.raises(segment.SegmentIncomplete, match="counts 5"):
        segment.decode(wrong_count)


def test_an_empty_segment_is_valid():
    data, _ = segment.encode([])
    assert segment.decode(data).lines == []


def test_a_full_disk_leaves_no_file_behind(tmp_path, monkeypatch):
    real_write = open

    def failing_open(path, mode="r", *args, **kwargs):
        handle = real_write(path, mode, *args, **kwargs)
        if "x" in mode:

            def write(_data):
                raise OSError(errno.ENOSPC, "No space left on device")

            handle.write = write  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError) as caught:
        segment.write(tmp_path, 1, [event_line(**GOOD)])
    assert caught.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    [
        ".syncthing.000001-abcdef12.jsonl.tmp",
        "~syncthing~000001-abcdef12.jsonl.tmp",
        ".DS_Store",
        "desktop.ini",
        "Thumbs.db",
        ".baton-0a1b2c3d4e5f.tmp",
        "._000001-abcdef12.jsonl",
    ],
)
def test_temp_files_and_desktop_litter_are_ignored(name):
    assert is_ignored(name)


@pytest.mark.parametrize(
    "name,copy",
    [
        ("000001-abcdef12.jsonl", False),
        ("000001-abcdef12.sync-conflict-20261121-101010-ABCDEFG.jsonl", True),
        ("000001-abcdef12 (Ben's conflicted copy 2026-11-21).jsonl", True),
    ],
)
def test_segment_names_and_conflict_copies(name, copy):
    parsed = segment.parse_name(name)
    assert parsed is not None and parsed.seq == 1 and parsed.sha8 == "abcdef12" and parsed.copy is copy


def test_other_names_are_not_segments():
    assert segment.parse_name("notes.jsonl") is None
    assert segment.parse_name("000001-abcdef12.jsonl.bak") is None
    assert segment.parse_name("000001-abcdef12 copy.jsonl") is None


def test_a_folder_lists_segments_and_skips_litter(tmp_path):
    folder = SyncFolder(tmp_path)
    mine = folder.replicas / ("e" * 16)
    mine.mkdir(parents=True)
    for name in [
        "000002-abcdef12.jsonl",
        "000001-12345678.jsonl",
        ".DS_Store",
        ".syncthing.x.tmp",
        "000001-12345678.sync-conflict-20261121-101010-ABC.jsonl",
        "replica.json",
        "junk.jsonl",
    ]:
        (mine / name).write_text("")
    (folder.replicas / "not-a-replica").mkdir()
    [source] = folder.sources()
    assert [f.path.name for f in source.segments] == [
        "000001-12345678.jsonl",
        "000001-12345678.sync-conflict-20261121-101010-ABC.jsonl",
        "000002-abcdef12.jsonl",
    ]
    assert [p.name for p, _ in source.unreadable] == ["junk.jsonl"]


def test_a_missing_folder_has_no_sources(tmp_path):
    assert SyncFolder(tmp_path / "nowhere").sources() == []


# ---- the wire check -------------------------------------------------------


def test_a_good_line_becomes_the_same_row_the_model_makes():
    assert wire.event_row(event_line(**GOOD)) == Event.model_validate(GOOD).row()


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"v": 2}, "newer baton"),
        ({"kind": "teleported"}, "unknown event kind"),
        ({"id": "A" * 32}, "wrong shape: id"),
        ({"id": "a" * 32 + "\n"}, "wrong shape"),
        ({"at": "1763740000000"}, "form baton writes"),
        ({"at": True}, "wrong shape"),
        ({"v": True}, "wrong shape"),
        ({"payload": []}, "wrong shape: payload"),
        ({"author": "Ana"}, "wrong shape: author"),
        ({"hlc": "١٧٦٣٧٤٠٠٠٠٠٠٠٠٠٠-0000-" + "c" * 16}, "wrong shape"),
        ({"extra": 1}, "wrong shape: extra"),
    ],
)
def test_every_bad_shape_is_refused_with_a_reason(change, reason):
    with pytest.raises(wire.BadLine, match=reason) as caught:
        wire.event_row(event_line(**{**GOOD, **change}))
    assert caught.value.retry is (reason in ("newer baton", "unknown event kind"))


def test_missing_fields_and_garbage_are_refused():
    partial = {k: v for k, v in GOOD.items() if k != "hlc"}
    with pytest.raises(wire.BadLine, match="hlc"):
        wire.event_row(event_line(**partial))
    for junk in (b"\x00\xff garbage", b"[1, 2]", b'"text"', b"{"):
        with pytest.raises(wire.BadLine):
            wire.event_row(junk)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


@given(
    st.dictionaries(st.sampled_from(sorted(wire.FIELDS) + ["x"]), json_values, max_size=10)
    | st.fixed_dictionaries({}, optional={k: st.just(v) | json_values for k, v in GOOD.items()})
)
@settings(max_examples=300, deadline=None)
def test_whatever_the_fast_check_accepts_the_model_accepts_as_the_same_row(data):
    line = json.dumps(data).encode()
    try:
        row = wire.event_row(line)
    except wire.BadLine:
        return
    assert Event.model_validate(data).row() == row


answers = (
    st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.floats(allow_nan=False, allow_infinity=False) | st.text()
)


@given(
    kind_payload=st.tuples(st.just("commented"), st.fixed_dictionaries({"text": st.text()}))
    | st.tuples(
        st.just("item_set"),
        st.fixed_dictionaries({"item": st.just("seats"), "value": answers}, optional={"as_lead": st.booleans()}),
    )
)
@settings(max_examples=150, deadline=None)
def test_an_exported_line_imports_as_exactly_the_row_it_was_exported_from(kind_payload):
    from baton.sync.exporter import wire_line

    kind, payload = kind_payload
    row = Event.model_validate({**GOOD, "kind": kind, "payload": payload}).row()
    line = wire_line(tuple(row.values()))
    assert wire.event_row(line) == row
    spaced = json.dumps(json.loads(line), indent=1).replace("\n", " ").encode()  # another layout: re-encoded
    assert wire.event_row(spaced) == row


@pytest.mark.parametrize(
    "tail",
    [
        ',"payload":{"text":"second"}}',
        ', "payload" : {"text":"second"}}',
        ',"p\\u0061yload":{"text":"second"}}',
        ',"id":"' + "a" * 32 + '"}',
    ],
)
def test_a_key_after_the_payload_never_leaves_stored_text_that_is_not_the_payload(tail):
    line = event_line(**GOOD).decode()[:-1] + tail
    row = wire.event_row(line.encode())
    assert json.loads(row["payload"]) == json.loads(line)["payload"]
