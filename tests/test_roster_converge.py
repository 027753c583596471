"""Replicas that receive roster and handoff events in any order, with duplicates and delays, agree.

The scenario: Ana (lead) made Ben a lead; Cleo (member) drafts a handoff to Ana.
Then, concurrently, Ana demotes Ben and Ben waives a required item; Cleo, who saw
the waiver but not the demotion, sends. Whether Ben's waiver counts depends only
on the stamps: the same verdict, roster and projection on every replica.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.core.demo import fill
from baton.core.store import Store
from baton.core.team import membership
from baton.core.team.roster import TeamPin
from tests.team_support import Clock, team, trade

TABLES = ("handoffs", "items", "comments", "conflicts", "sends")


def _scenario(root: Path, demotion_first: bool) -> tuple[list[dict], TeamPin, str]:
    clock = Clock()
    people = team(root, clock, members=("ben", "cleo"))
    ana, ben, cleo = people["ana"], people["ben"], people["cleo"]
    membership.set_member(ana, "ben", role="lead")
    trade(ana, ben, cleo)
    handoff = cleo.create("sales-to-onboarding", "Acme onboarding", "ana")
    template = cleo.state(handoff).template
    fill(cleo, handoff, template, random.Random(7), skip=("crm-record",))
    trade(ana, ben, cleo)
    if demotion_first:
        membership.set_member(ana, "ben", role="member")
        ben.waive(handoff, "crm-record", "the old system has the record")
    else:
        ben.waive(handoff, "crm-record", "the old system has the record")
        membership.set_member(ana, "ben", role="member")
    trade(ben, cleo)  # Cleo sees the waiver, not the demotion
    cleo.send(handoff)
    rows = {row["id"]: row for r in people.values() for row in r.store.event_rows()}
    pin = ana.store.team_pin()
    assert pin is not None
    return list(rows.values()), pin, handoff


@pytest.fixture(scope="module", params=[True, False], ids=["demotion-first", "waiver-first"])
def scenario(request, tmp_path_factory):
    """The scenario's events, and what a replica shows that received them all at once (the reference)."""
    rows, pin, handoff = _scenario(tmp_path_factory.mktemp("team"), request.param)
    return (rows, pin, handoff), request.param, _deliver(pin, [rows])


def _state(store: Store) -> dict[str, object]:
    roster = store.roster()
    seen: dict[str, object] = {
        table: sorted(tuple(row) for row in store.conn.execute(f"SELECT * FROM {table}")) for table in TABLES
    }
    seen["roster"] = (roster.version(), [(m.user, m.role) for m in roster.members()])
    return seen


def _deliver(pin: TeamPin, batches: list[list[dict]]) -> dict[str, object]:
    store = Store(":memory:")  # the same rules and projection as on disk; orders are what vary here
    try:
        store.pin_team(pin)
        for batch in batches:
            store.append(batch)
        return _state(store)
    finally:
        store.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_delivery_order_gives_the_same_roster_verdicts_and_projection(scenario, data):
    (rows, pin, handoff), demotion_first, reference = scenario
    for replica in range(2):
        order = data.draw(st.permutations(rows), label=f"order {replica}")
        extra = data.draw(st.lists(st.sampled_from(rows), max_size=6), label=f"duplicates {replica}")
        stream = list(order) + extra
        cuts = sorted(data.draw(st.sets(st.integers(1, len(stream) - 1), max_size=8), label=f"delays {replica}"))
        batches = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
        got = _deliver(pin, batches)
        assert got == reference
    conflicts = reference["conflicts"]
    waived = next(row for row in reference["items"] if row[1] == "crm-record")[10]
    status = next(row for row in reference["handoffs"] if row[0] == handoff)
    if demotion_first:
        assert any("only a lead can waive" in row[5] for row in conflicts)
        assert any("the gate did not pass" in row[5] for row in conflicts)
        assert "draft" in status
        assert waived == 0
    else:
        assert not any("waive" in row[5] for row in conflicts)
        assert "sent" in status
        assert waived == 1


def test_the_scenario_holds_on_the_writers_own_replicas(tmp_path):
    rows, pin, handoff = _scenario(tmp_path, demotion_first=True)
    conn = sqlite3.connect(tmp_path / "cleo" / "baton.db")
    try:
        status = conn.execute("SELECT status FROM handoffs WHERE id = ?", (handoff,)).fetchone()[0]
    finally:
        conn.close()
    assert status == "sent"  # Cleo's own copy, before the demotion reaches her
