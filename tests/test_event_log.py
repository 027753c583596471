"""The event log's short forms: every event comes back as it was written, whichever form it was kept in."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from baton.core.catalog import builtin_entries
from baton.core.comment_rows import comment_rows
from baton.core.event_log import own_stamp, split_payload, stored_id
from baton.core.store import EVENT_FIELDS, Store

TEMPLATE = json.dumps(builtin_entries()[0].template.as_dict(), sort_keys=True, separators=(",", ":"))
HEX = "0123456789abcdef"

ids = st.one_of(
    st.text(HEX, min_size=32, max_size=32),
    st.text(HEX + "ABCDEF", min_size=30, max_size=34),
    st.text(min_size=1, max_size=40),
)
names = st.one_of(st.sampled_from(["ana", "ben", "lea", "0" * 32, "f76966f982741a6e"]), st.text(max_size=20))
values = st.one_of(
    st.booleans(),
    st.integers(),
    st.text(max_size=40),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)


@st.composite
def payloads(draw: st.DrawFn) -> tuple[str, str]:
    """(kind, payload text): item sets as baton writes them, created events with a checklist, and any text."""
    choice = draw(st.integers(0, 4))
    if choice == 0:
        body = {"item": draw(st.text(max_size=12)), "value": draw(values)}
        if draw(st.booleans()):
            body["as_lead"] = True
        if draw(st.booleans()):
            body["undoes"] = draw(st.text(HEX, min_size=32, max_size=32))
        return "item_set", json.dumps(body, sort_keys=True, separators=(",", ":"))
    if choice == 1:
        head = draw(st.sampled_from(['{"item":"', '{"as_lead":true,"item":"']))
        return "item_set", head + draw(st.text(max_size=40)) + draw(st.sampled_from(["}", '"}', ""]))
    if choice == 2:
        title = json.dumps(draw(st.text(max_size=20)))
        return "created", f'{{"due":null,"template":{TEMPLATE},"title":{title},"to":"ben"}}'
    return draw(st.sampled_from(["commented", "sent", "weird"])), draw(st.text(max_size=60))


@st.composite
def rows(draw: st.DrawFn) -> dict[str, object]:
    replica = draw(names)
    at = draw(st.one_of(st.integers(0, 10**16), st.integers(-(2**62), 2**62)))
    counter = draw(st.integers(0, 3))
    hlc = draw(
        st.one_of(
            st.just(f"{at:016d}-{counter:04d}-{replica}"),
            st.text(max_size=40),
        )
    )
    kind, payload = draw(payloads())
    return {
        "id": draw(ids),
        "handoff_id": draw(names),
        "kind": kind,
        "hlc": hlc,
        "at": at,
        "author": draw(names),
        "replica": replica,
        "payload": payload,
    }


def _written(store: Store) -> list[tuple[object, ...]]:
    return [tuple(r[f] for f in EVENT_FIELDS.split(", ")[:8]) for r in store.event_rows()]


def _given(events: list[dict[str, object]]) -> list[tuple[object, ...]]:
    unique = {e["id"]: e for e in reversed(events)}  # the first copy of an id is the one kept
    return [tuple(e[f] for f in EVENT_FIELDS.split(", ")[:8]) for e in events if unique[e["id"]] is e]


NUL = {
    "id": "0" * 32,
    "handoff_id": "a\x00b",
    "kind": "item_set",
    "hlc": "0000000000000000-0000-\x00",
    "at": 0,
    "author": "a",
    "replica": "\x00",
    "payload": '{"item":"\x00","value":"\x00"}',
}
"""SQLite's printf ends a text at a NUL character: a stamp that holds one is kept as written."""


@given(st.lists(rows(), max_size=12))
@example([NUL])
@settings(max_examples=150, deadline=None)
def test_every_event_comes_back_as_it_was_written(events):
    store = Store(":memory:")
    assert store.insert_events([dict(e) for e in events]) == {e["id"] for e in events}
    assert _written(store) == _given(events)
    assert store.stored_ids([e["id"] for e in events]) == {e["id"] for e in events}
    store.close()


@given(st.lists(rows(), max_size=6))
@settings(max_examples=60, deadline=None)
def test_a_row_written_through_the_view_comes_back_the_same(events):
    store = Store(":memory:")
    store.conn.executemany(
        "INSERT OR IGNORE INTO events (id, handoff_id, kind, hlc, at, author, replica, payload) VALUES (?,?,?,?,?,?,?,?)",
        [tuple(e.values()) for e in events],
    )
    assert _written(store) == _given(events)
    store.close()


def test_the_short_forms_are_taken_only_where_they_give_the_text_back():
    assert stored_id("ab" * 16) == bytes.fromhex("ab" * 16)
    assert stored_id("AB" * 16) == "AB" * 16 and stored_id("ab" * 15) == "ab" * 15
    assert own_stamp("0000000000000005-0000-r1", 5, "r1")
    assert not own_stamp("0000000000000005-0001-r1", 5, "r1") and not own_stamp("0000000000000005-0000-r1", 6, "r1")
    assert split_payload('{"item":"seats","value":40}') == ("seats", False, "40")
    assert split_payload('{"as_lead":true,"item":"a","value":"x"}') == ("a", True, '"x"')
    assert split_payload('{"item":"a","undoes":"b","value":1}')[0] is None
    assert split_payload('{"item":"a\\"b","value":1}')[0] is None


def test_the_usual_event_keeps_no_text_but_its_value(team):
    handoff = team.draft()
    team["ana"].set_item(handoff, "summary", "Forty seats, annual plan")
    row = team.store.conn.execute(
        "SELECT typeof(id), payload FROM event_log WHERE item IS NOT NULL ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert tuple(row) == ("blob", '"Forty seats, annual plan"')
    [item] = team.store.query(
        "SELECT value, set_by FROM items WHERE handoff_id = ? AND item_id = 'summary'", (handoff,)
    )
    assert tuple(item) == ('"Forty seats, annual plan"', "ana")
    stored = team.store.conn.execute("SELECT value, set_by, value_event FROM item_rows WHERE value_event IS NOT NULL")
    assert all(r[0] is None and r[1] is None for r in stored)


def test_a_copy_that_lost_is_taken_out_by_its_id(team):
    handoff = team.draft()
    [created] = [r for r in team.store.event_rows() if r["handoff_id"] == handoff]
    assert [r["id"] for r in team.store.rows_by_id([created["id"], "f" * 32])] == [created["id"]]
    with team.store.writing():
        team.store.delete_event(created["id"])
    assert team.store.rows_by_id([created["id"]]) == []
    assert sqlite3.connect(team.store.path).execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_a_comment_whose_event_is_not_stored_is_kept_whole(team):
    handoff = team.draft()
    team["ben"].comment(handoff, "Stored with its event")
    store = team.store
    with store.writing():
        rows = comment_rows(store.conn, store.names, [("f" * 32, handoff, "lea", 5, "Not in the log")])
        assert rows[0][1] < 0 and rows[0][2:] == ("f" * 32, "lea", 5, "Not in the log")
        store.conn.executemany("INSERT INTO comment_rows VALUES (?,?,?,?,?,?)", rows)
    found = {tuple(r)[2:] for r in store.query("SELECT * FROM comments WHERE handoff_id = ?", (handoff,))}
    assert found == {("ben", found_at(store, handoff), "Stored with its event"), ("lea", 5, "Not in the log")}
    assert store.conn.execute("SELECT count(*) FROM comment_rows WHERE event > 0 AND text IS NULL").fetchone()[0] == 1


def found_at(store: Store, handoff: str) -> int:
    [at] = [r["at"] for r in store.event_rows() if r["handoff_id"] == handoff and r["kind"] == "commented"]
    return int(at)


colliding = st.builds(
    lambda head, tail: head + tail,
    st.sampled_from(["00000000", "0000000A", "00000001", "0000"]),
    st.one_of(st.text(HEX, min_size=24, max_size=24), st.text(HEX, max_size=30)),
)
"""Ids that share the 4 bytes `events_by_key` keeps (and texts that share its first 4 characters)."""


@given(st.lists(colliding, min_size=1, max_size=8, unique=True), st.lists(colliding, max_size=4), st.data())
@settings(max_examples=60, deadline=None)
def test_ids_that_share_a_key_are_found_kept_once_and_taken_out_one_by_one(stored, asked, data):
    store = Store(":memory:")
    events = [
        {
            "id": event_id,
            "handoff_id": "h",
            "kind": "commented",
            "hlc": "x",
            "at": 1,
            "author": "a",
            "replica": "r",
            "payload": "{}",
        }
        for event_id in stored
    ]
    assert store.insert_events(events) == set(stored)
    assert store.stored_ids(stored + asked) == set(stored)
    assert sorted(r["id"] for r in store.rows_by_id(stored + asked)) == sorted(stored)
    again = dict(events[0], handoff_id="other")
    with pytest.raises(sqlite3.IntegrityError), store.writing():  # a second copy of an id is refused, as before
        store.insert_events([again], stored_handoffs=set())  # (not looked up first: the insert finds it)
    assert store.stored_ids(stored + asked) == set(stored)
    gone = data.draw(st.sampled_from(stored))
    with store.writing():
        store.delete_event(gone)
    assert store.stored_ids(stored + asked) == set(stored) - {gone}
    store.close()
