"""Whatever a teammate's folder holds, `baton sync` raises nothing and the others' good segments come in.

Arbitrary JSON values and byte strings as event lines, as payloads of real event
kinds, as trailers and as replica.json, each in the folder of one teammate (mal),
while another (cal) writes good segments the victim (ben) must still take in.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_support import event_ids, own_folder, projection, sync_once, teammate

from baton.core.event_check import SHAPES
from baton.core.events import KINDS
from baton.sync import segment
from baton.sync.folder import REPLICA_FILE

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["ben", "seats", "a" * 32, "2026-12-03", "", 9223372036854775807, -1, 2**64]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
nested = st.integers(1, 3000).map(lambda n: "[" * n + "]" * n) | st.integers(1, 3000).map(
    lambda n: '{"a":' * n + "1" + "}" * n
)
plausible = (
    st.sampled_from(["seats", "plan", "ben", "ana", "a" * 32, True, 5, 1.5, "growth", "two words"]) | json_values
)
near_events = st.sampled_from(sorted(SHAPES)).flatmap(
    lambda kind: st.tuples(
        st.just(kind),
        st.fixed_dictionaries(
            {name: plausible for name in SHAPES[kind][0]}, optional={name: plausible for name in SHAPES[kind][1]}
        ),
    )
)
"""Events of a real kind with the fields it has, holding values that are often right and often not."""
byte_lines = st.binary(max_size=200).map(lambda b: b.replace(b"\n", b" "))


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    shared = root / "shared"
    shared.mkdir()
    mal, cal, ben = (teammate(root, user, shared) for user in ("mal", "cal", "ben"))
    handoff = mal.create("relay", "Mal's deal", "ben")
    sync_once(mal)
    sync_once(ben)
    return mal, cal, ben, handoff


def _line_for(mal, handoff, kind_payload):
    kind, payload = kind_payload
    event = mal.comment(handoff, "template").model_dump()
    mal.store.conn.execute("DELETE FROM events WHERE id = ?", (event["id"],))
    return json.dumps({**event, "kind": kind, "payload": payload}).encode()


@given(
    lines=st.lists(
        json_values.map(lambda v: json.dumps(v).encode())
        | byte_lines
        | nested.map(str.encode)
        | st.tuples(st.sampled_from(sorted(KINDS)), st.dictionaries(st.text(max_size=8), json_values, max_size=4))
        | near_events,
        max_size=5,
    ),
    trailer=st.none() | json_values.map(lambda v: json.dumps(v).encode()) | byte_lines | nested.map(str.encode),
    replica_json=st.none() | json_values.map(lambda v: json.dumps(v).encode()) | byte_lines | nested.map(str.encode),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_nothing_in_a_folder_escapes_sync_and_good_segments_still_come_in(team, lines, trailer, replica_json):
    mal, cal, ben, handoff = team
    folder = own_folder(mal)
    info = folder / REPLICA_FILE
    saved = info.read_bytes()
    written = []
    try:
        body = [line if isinstance(line, bytes) else _line_for(mal, handoff, line) for line in lines]
        if trailer is None:
            path, _ = segment.write(folder, 900, body)
        else:
            path = folder / "000901-0badc0de.jsonl"
            path.write_bytes(b"".join(line + b"\n" for line in body) + trailer + b"\n")
        written.append(path)
        if replica_json is not None:
            info.write_bytes(replica_json)
        news = cal.create("relay", "Cal's news", "ben")
        sync_once(cal)
        before = event_ids(ben)
        report = sync_once(ben)  # nothing may escape
        json.dumps(report.as_json())
        assert news in {r[0] for r in ben.store.query("SELECT id FROM handoffs")}
        assert event_ids(cal) <= event_ids(ben) and before <= event_ids(ben)
        ben.store.rebuild()
    finally:
        info.write_bytes(saved)
        for path in written:
            path.unlink(missing_ok=True)
    shown = projection(ben)
    assert shown["handoffs"]


def test_the_fuzzed_folder_still_converges_once_cleaned(team):
    mal, cal, ben, handoff = team
    for path in own_folder(mal).glob("0009*"):
        path.unlink()
    mal.comment(handoff, "back to normal")
    sync_once(mal)
    sync_once(ben)
    # ben also keeps the fuzzed events that were whole (mal's own store never held them)
    assert set(projection(mal)["comments"]) <= set(projection(ben)["comments"])
