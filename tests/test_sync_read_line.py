"""`wire.read_line` (a compiled decoder first) agrees with the long way on every line: the same row and event
for a good line, the same reason (and retry) for a bad one, whatever is wrong with it."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.sync import wire
from baton.sync.snapshots import Snapshots

GOOD: dict[str, Any] = {
    "v": 1,
    "id": "0123456789abcdef0123456789abcdef",
    "handoff": "fedcba9876543210fedcba9876543210",
    "kind": "item_set",
    "hlc": "0001700000000000-0000-0123456789ab",
    "at": 1700000000000,
    "author": "ana",
    "replica": "0123456789ab",
    "payload": {"item": "tests-pass", "value": True},
}


def compact(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()


def long_way(line: bytes) -> Any:
    snapshots = Snapshots()
    try:
        text = wire.text_of(line)
        return wire.row_and_event(wire.parse(text, snapshots.loads), text, snapshots.reduced_of(text))
    except wire.BadLine as bad:
        return ("bad", bad.reason, bad.retry)


def fast_way(line: bytes) -> Any:
    snapshots = Snapshots()
    try:
        return wire.read_line(line, snapshots.loads, snapshots.reduced_of)
    except wire.BadLine as bad:
        return ("bad", bad.reason, bad.retry)


def agree(line: bytes) -> Any:
    fast = fast_way(line)
    assert fast == long_way(line)
    return fast


def test_a_good_line_gives_the_same_row_and_event_its_payload_text_as_written():
    row, event = agree(compact(GOOD))
    assert row["payload"] == '{"item":"tests-pass","value":true}'
    assert event["payload"] == {"item": "tests-pass", "value": True}


def reason(line: bytes) -> str:
    found = agree(line)
    assert found[0] == "bad", found
    return str(found[1])


def test_an_extra_field_is_set_aside_with_the_models_reason():
    assert "extra" in reason(compact({**GOOD, "extra": 1}))


def test_a_missing_field_a_wrong_type_and_a_bool_for_a_number_are_set_aside():
    assert "at: Field required" in reason(compact({k: v for k, v in GOOD.items() if k != "at"}))
    assert reason(compact({**GOOD, "at": "1700000000000"})).startswith("wrong shape")
    assert reason(compact({**GOOD, "at": True})).startswith("wrong shape")
    assert reason(compact({**GOOD, "v": 1.0})).startswith("wrong shape")
    assert reason(compact({**GOOD, "payload": {"item": "tests-pass", "value": True, "x": 1}})).startswith(
        "wrong shape: payload.x"
    )


def test_duplicate_keys_the_last_wins_as_in_json_and_the_payload_is_encoded_again():
    text = compact(GOOD).decode()
    twice = text[:-1] + ',"payload":{"item":"other","value":2}}'
    row, event = agree(twice.encode())
    assert event["payload"] == {"item": "other", "value": 2}
    assert row["payload"] == '{"item":"other","value":2}'
    inner = text.replace('"value":true', '"value":true,"value":false')
    row, event = agree(inner.encode())
    assert event["payload"]["value"] is False


def test_not_utf8_not_json_nan_and_lone_surrogates_get_the_same_reason():
    assert reason(compact(GOOD)[:-1] + b"\xff}") == "not JSON (not UTF-8 text)"
    assert reason(b"{not json") == "not JSON"
    assert reason(b"[1,2]").startswith("not an event")
    nan = compact(GOOD).replace(b"true", b"NaN")
    assert reason(nan).startswith("wrong shape: payload.value")
    surrogate = compact(GOOD).replace(b'"tests-pass"', b'"\\ud800"')
    assert reason(surrogate).startswith("wrong shape: payload.item")


def test_a_line_nested_too_deeply_is_refused_the_same_way():
    deep = {**GOOD, "kind": "commented", "payload": {"text": "x"}}
    nested: Any = "x"
    for _ in range(80):
        nested = [nested]
    deep["payload"]["text"] = nested
    assert "nested more than" in reason(compact(deep))


def test_two_lines_on_one_line_do_not_pass():
    assert reason(compact(GOOD) + b"\n" + compact(GOOD)) == "not JSON"
    assert reason(compact(GOOD) + b" " + compact(GOOD)) == "not JSON"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from([*GOOD, "x", "payload"]), JSON, max_size=4), st.booleans())
def test_any_change_to_a_good_line_is_read_alike(changes, drop):
    fields = {**GOOD, **changes}
    if drop and changes:
        fields.pop(next(iter(changes)))
    agree(json.dumps(fields, separators=(",", ":")).encode())


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=12), st.integers(min_value=0, max_value=400))
def test_bytes_spliced_into_a_good_line_are_read_alike(junk, at):
    line = compact(GOOD)
    at = min(at, len(line))
    agree(line[:at] + junk + line[at:])
