"""`vague = "block"`: the gate refuses a vague answer on every path, like any rule; warnings elsewhere."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import Wall, replica_for, write_relay
from hypothesis import given, settings
from hypothesis import strategies as st

from baton.core.answer_checks import Context
from baton.core.answer_rules import gate_checks
from baton.core.errors import Blocked, TemplateError
from baton.core.events import Event
from baton.core.gate import gate, progress
from baton.core.home import Home
from baton.core.ids import new_id
from baton.core.projection import fold
from baton.core.rules import check
from baton.core.store import Store
from baton.core.template import parse_template
from baton.core.values import problem

BLOCKING = """\
id = "careful"
version = 1
title = "Careful: alpha hands to beta"
from_stage = "alpha"
to_stage = "beta"
trigger = "Work is ready"

[[items]]
id = "goals"
text = "The client's goals, in their own words"
why = "The receiver must not ask the client again."
kind = "text"
required = true
vague = "block"

[[items]]
id = "go-live"
text = "Go-live date promised to the client"
why = "A promised date nobody saw slips first."
kind = "date"
vague = "block"

[[items]]
id = "notes"
text = "Anything unusual"
why = "Surprises cost the receiver most."
kind = "text"
"""

CORPUS = Path(__file__).parent / "data" / "answers.toml"
NOV_30 = int(datetime(2026, 11, 30, 9, 0, tzinfo=UTC).timestamp() * 1000)


@pytest.fixture
def people(tmp_path):
    home = Home(tmp_path / "team")
    write_relay(home.templates, BLOCKING, "careful.toml")
    store = Store(home.root / "baton.db")
    wall = Wall(NOV_30)
    return {
        "ana": replica_for(home, store, "ana", "member", wall),
        "ben": replica_for(home, store, "ben", "member", wall),
        "lea": replica_for(home, store, "lea", "lead", wall),
        "wall": wall,
    }


def test_template_accepts_warn_and_block_and_refuses_anything_else_in_one_line():
    data = {
        "id": "t",
        "version": 1,
        "title": "T t t",
        "from_stage": "a",
        "to_stage": "b",
        "trigger": "now",
        "items": [{"id": "x", "text": "xxx", "why": "yyy", "kind": "text", "vague": "block"}],
    }
    assert parse_template(data, "t.toml").items[0].vague == "block"
    data["items"][0]["vague"] = "warn"
    assert parse_template(data, "t.toml").items[0].vague == "warn"
    data["items"][0]["vague"] = "maybe"
    with pytest.raises(TemplateError) as caught:
        parse_template(data, "t.toml")
    assert caught.value.problems == ['item `x`, field `vague`: unknown value \'maybe\'; use "warn" or "block"']


def test_a_vague_answer_to_a_blocking_item_blocks_the_send_and_a_clear_one_passes(people):
    ana = people["ana"]
    handoff = ana.create("careful", "Northwind", "ben")
    ana.set_item(handoff, "goals", "TBD")
    ana.set_item(handoff, "notes", "see Slack")  # vague, but this item only warns
    with pytest.raises(Blocked) as caught:
        ana.send(handoff)
    assert [(b.item_id, b.reason) for b in caught.value.blockers] == [
        ("goals", "vague answer: “TBD” is a placeholder, not an answer")
    ]
    assert ana.state(handoff).status == "draft"
    assert ana.state(handoff).progress() == (0, 1)
    ana.set_item(handoff, "goals", '"Close the books in 3 days, not 8" (Dana Ruiz, CFO, on the demo call)')
    ana.send(handoff)
    state = ana.state(handoff)
    assert state.status == "sent"
    assert [(f.item_id, f.check) for f in ana.warnings(state)] == [("notes", "pointer")]


def test_a_promised_date_is_judged_at_the_send(people):
    ana, wall = people["ana"], people["wall"]
    handoff = ana.create("careful", "Northwind", "ben")
    ana.set_item(handoff, "goals", "Cut month-end close from 8 days to 3 (Dana Ruiz, CFO)")
    ana.set_item(handoff, "go-live", "2026-12-02")
    wall.advance(3 * 24 * 3_600_000)  # the draft waits; the promised date passes
    with pytest.raises(Blocked) as caught:
        ana.send(handoff)
    assert [b.item_id for b in caught.value.blockers] == ["go-live"]
    assert "2026-12-02 is already in the past" in caught.value.blockers[0].reason


def test_a_lead_waiver_gets_past_a_blocking_vague_answer(people):
    ana, lea = people["ana"], people["lea"]
    handoff = ana.create("careful", "Northwind", "ben")
    ana.set_item(handoff, "goals", "ask Tom")
    lea.waive(handoff, "goals", "Tom is the client's new CFO; onboarding calls him first")
    ana.send(handoff)
    assert ana.state(handoff).status == "sent"


def test_a_send_arriving_through_sync_meets_the_same_gate(people):
    """A replica that skipped the check (an older baton, a forged file) writes a send; every fold refuses it."""
    ana = people["ana"]
    handoff = ana.create("careful", "Northwind", "ben")
    ana.set_item(handoff, "goals", "https://northwind.slack.com/archives/C01/p1700000000")
    state = ana.state(handoff)
    forged = Event(
        id=new_id(),
        handoff=state.id,
        kind="sent",
        hlc=ana.clock.tick(),
        at=NOV_30 + 10_000,
        author="ana",
        replica=ana.config.replica_id,
        payload={},
    ).model_dump()
    problem = check(state, forged)
    assert problem is not None and problem[0] == "blocked" and "goals" in problem[1]
    folded = fold(state.id, [*state.applied, forged])
    assert folded.status == "draft"
    assert [c.kind for c in folded.conflicts] == ["sent"]
    assert "vague answer" in folded.conflicts[0].reason


def test_the_sent_event_records_the_vague_answers_its_sender_was_warned_about(people):
    ana = people["ana"]
    handoff = ana.create("careful", "Northwind", "ben")
    ana.set_item(handoff, "goals", "Cut month-end close from 8 days to 3 (Dana Ruiz, CFO)")
    ana.set_item(handoff, "notes", "TBD, will send later")
    ana.send(handoff)
    sent = next(e for e in ana.state(handoff).applied if e["kind"] == "sent")
    assert sent["payload"]["vague"] == [{"item": "notes", "check": "placeholder"}]  # one answer, one warning
    rows = ana.store.conn.execute("SELECT item_id, check_name FROM vague_sends ORDER BY 2").fetchall()
    assert [tuple(r) for r in rows] == [("notes", "placeholder")]


def test_a_malformed_vague_record_from_another_replica_is_skipped(people):
    from baton.core.answer_warnings import recorded_vague

    assert recorded_vague({"vague": "TBD"}) == []
    assert recorded_vague({"vague": [1, {"item": 2}, {"item": "a", "check": "pointer"}]}) == [("a", "pointer")]
    assert recorded_vague([]) == []


ANSWERS = [a["value"] for a in tomllib.loads(CORPUS.read_text(encoding="utf-8"))["answers"]]


@settings(max_examples=150, deadline=None)
@given(
    goals=st.one_of(st.sampled_from(ANSWERS), st.text(min_size=1, max_size=120)),
    notes=st.one_of(st.none(), st.sampled_from(ANSWERS), st.text(min_size=1, max_size=120)),
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
)
def test_the_gate_blocks_exactly_the_vague_answers_of_blocking_items(goals, notes, day):
    template = parse_template(tomllib.loads(BLOCKING), "careful.toml")
    values = {"goals": goals, "go-live": day.isoformat(), **({"notes": notes} if notes is not None else {})}
    now = NOV_30
    blocked = {b.item_id for b in gate(template, values, frozenset(), now)}
    ctx = Context(template.items, values, date(2026, 11, 30))
    for item in template.items:
        vague = bool(gate_checks().item(item, values.get(item.id), ctx))
        if item.vague == "block":
            assert (item.id in blocked) == (vague or problem(item, values.get(item.id)) is not None)
        else:
            assert item.id not in blocked  # a warning never blocks
    assert progress(template, values, frozenset(), now) == (0 if "goals" in blocked else 1, 1)
