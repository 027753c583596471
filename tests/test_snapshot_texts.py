"""Checklist snapshots are stored once, and every payload reads back byte for byte."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from layouts import previous_layout

from baton.core.catalog import builtin_entries
from baton.core.errors import BatonError
from baton.core.snapshot_texts import SnapshotTexts
from baton.core.store import SCHEMA, Store

BODIES = [json.dumps(entry.template.as_dict(), sort_keys=True, separators=(",", ":")) for entry in builtin_entries()][
    :3
]


def created_rows(store: Store) -> list[sqlite3.Row]:
    return list(store.query("SELECT payload, snapshot, snapshot_at FROM events WHERE kind = 'created'"))


def test_a_checklist_is_stored_once_and_each_payload_reads_back_whole(team):
    drafts = [team.draft(title=f"Acme — {n} seats") for n in (10, 20, 30)]
    assert next(team.store.query("SELECT count(*) FROM snapshots"))[0] == 1
    for row in created_rows(team.store):
        assert row["snapshot"] is not None and len(row["payload"]) < 200  # the checklist is not in the row
    whole = [json.loads(r["payload"]) for r in team.store.event_rows() if r["kind"] == "created"]
    assert sorted(p["title"] for p in whole) == ["Acme — 10 seats", "Acme — 20 seats", "Acme — 30 seats"]
    assert all(p["template"]["id"] == "relay" and p["template"]["items"] for p in whole)
    reopened = Store(team.store.path)  # nothing remembered: the texts come from the table
    assert [reopened.state(d).template.id for d in drafts] == ["relay"] * 3
    reopened.close()


@given(
    head=st.text(max_size=30),
    tail=st.text(max_size=30),
    body=st.sampled_from(BODIES),
    twice=st.booleans(),
    plain=st.text(max_size=60),
)
@settings(max_examples=200, deadline=None)
def test_cut_and_join_give_back_any_text_exactly(head, tail, body, twice, plain):
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    texts = SnapshotTexts(conn)
    whole = f'{head}"template":{body}{tail}'
    # The cut-short body may run on into the tail and make another whole text ("version":2 + "0}"):
    # any cut is fine there as long as it gives the payload back exactly.
    for payload in (whole, plain, f'{{"template":{body[:-1]}{tail}'):
        for _ in range(2 if twice else 1):
            stored, sha, at = texts.cut(payload)
            assert texts.join(stored, sha, at) == payload
            if sha is not None and payload is whole:
                assert len(stored) == len(payload) - len(body)


def test_short_texts_and_non_objects_are_stored_whole():
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    texts = SnapshotTexts(conn)
    for payload in ('{"template":{"id":"x"},"title":"t"}', '{"template":{' + '"a":1,' * 100, '{"template":"{}"}'):
        assert texts.cut(payload) == (payload, None, None)


def test_a_text_learnt_in_a_rolled_back_transaction_is_stored_with_the_next_one(team):
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        with team.store.lock, team.store.writing():
            team.draft(title="Rolled back")
            raise Boom
    assert next(team.store.query("SELECT count(*) FROM snapshots"))[0] == 0
    handoff = team.draft(title="Kept one")  # the text is remembered: only the reference is new
    assert next(team.store.query("SELECT count(*) FROM snapshots"))[0] == 1
    reopened = Store(team.store.path)
    assert reopened.state(handoff).title == "Kept one"
    reopened.close()


def test_a_database_from_before_keeps_its_whole_payloads_and_cuts_new_ones(team):
    old = team.draft(title="Written before")
    store = team.store
    previous_layout(store, snapshot_columns=False)  # the older layout: whole payloads, no snapshot columns
    store.close()
    reopened = Store(team.store.path)
    assert reopened.state(old).title == "Written before"
    team.store = reopened
    for person in team.people.values():
        person.store = reopened
    new = team.draft(title="Written after")
    cut = {r["snapshot"] is not None for r in created_rows(reopened)}
    assert cut == {True, False}  # the old row whole, the new one cut
    assert reopened.state(new).template.id == reopened.state(old).template.id == "relay"
    reopened.close()


def test_a_lost_snapshot_row_is_reported_not_a_traceback(team):
    handoff = team.draft()
    team.store.conn.execute("DELETE FROM snapshots")
    fresh = Store(team.store.path)
    with pytest.raises(BatonError, match="damaged: checklist snapshot"):
        fresh.state(handoff)
    fresh.close()


def test_the_cli_says_so_in_one_line_and_changes_nothing(cli_team):
    handoff = cli_team.new()
    with sqlite3.connect(cli_team.home / "baton.db") as conn:
        conn.execute("DELETE FROM snapshots")
        before = conn.execute("SELECT * FROM events ORDER BY id").fetchall()
    for args in (("show", handoff), ("set", handoff, "summary", "Forty seats, annual plan, kickoff on Monday")):
        result = cli_team("ana", *args)
        assert result.returncode != 0
        assert "damaged: checklist snapshot" in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    with sqlite3.connect(cli_team.home / "baton.db") as conn:
        assert conn.execute("SELECT * FROM events ORDER BY id").fetchall() == before
