"""The roster's signatures are checked once: a later command takes the verified ones from the store, checks only
what is new, and never takes a changed event, a changed payload or an unknown digest for a checked one."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baton.core.home import Home
from baton.core.replica import Replica
from baton.core.team import keys, membership, verified
from baton.core.team.changes import NOT_RECORDED
from baton.core.team.roster import fold_roster
from tests.team_support import Clock, team


@pytest.fixture
def checks(monkeypatch):
    """Every signature PyNaCl is asked to check, by key."""
    seen: list[str] = []
    real = keys.verify

    def counting(public_key, message, signature):
        seen.append(public_key)
        return real(public_key, message, signature)

    monkeypatch.setattr(keys, "verify", counting)
    verified.forget()
    yield seen
    verified.forget()


def reopened(replica: Replica) -> Replica:
    """The same home opened again, as the next command would, with nothing remembered in the process."""
    root = replica.home.root
    replica.close()
    verified.forget()
    return Replica.open(Home(root))


def test_the_next_command_checks_no_signature_it_checked_before(tmp_path, checks):
    people = team(tmp_path, Clock(), members=("ben", "cleo"))
    ana = people["ana"]
    first = ana.store.roster()
    assert checks  # the first fold checked them
    ana = reopened(ana)
    checks.clear()
    again = ana.store.roster()
    assert checks == [] and again.version() == first.version()
    assert {m.user for m in again.members()} == {"ana", "ben", "cleo"}


def test_only_what_is_new_is_checked(tmp_path, checks):
    clock = Clock()
    people = team(tmp_path, clock)
    ana, ben = people["ana"], people["ben"]
    ana.store.roster()
    membership.set_member(ben, "ben", hours="mon-fri 09:00-17:00")  # one new roster event, signed by ben
    ana = reopened(ana)
    ana.store.roster()
    held = {row["id"] for row in ana.store.event_rows()}
    checks.clear()
    ana.store.append([row for row in ben.store.event_rows() if row["id"] not in held])  # as sync delivers it
    roster = ana.store.roster()
    ben_key = next(iter(roster.devices_of("ben"))).key
    assert checks == [ben_key]  # the one new event only
    assert roster.member("ben").hours == "mon-fri 09:00-17:00"


def test_a_changed_event_is_checked_again_and_refused(tmp_path, checks):
    people = team(tmp_path, Clock())
    ana = people["ana"]
    events = ana.store.roster_events()
    assert fold_roster(events).refused == []
    [invited] = [e for e in events if e["kind"] == "member_invited"]
    forged = copy.deepcopy(events)
    [target] = [e for e in forged if e["id"] == invited["id"]]
    target["payload"]["invite"]["role"] = "lead"  # the payload changed, the signature kept
    checks.clear()
    roster = fold_roster(forged)
    assert [r.event_id for r in roster.refused if r.kind != "member_joined"] == [invited["id"]]
    assert {r.reason for r in roster.refused if r.kind == "member_joined"} <= {NOT_RECORDED}  # its record is gone
    assert checks  # checked in full, not taken from what was remembered


def test_a_digest_nobody_checked_makes_nothing_pass(tmp_path, checks):
    people = team(tmp_path, Clock())
    ana = people["ana"]
    events = ana.store.roster_events()
    forged = copy.deepcopy(events)
    forged[-1]["payload"]["sig"] = forged[0]["payload"]["sig"]
    with ana.store.lock, ana.store.writing():
        ana.store.conn.execute(verified.SCHEMA)
        ana.store.conn.execute("INSERT INTO verified_signatures VALUES (?)", (b"\0" * 32,))
    verified.load(ana.store.conn)
    assert forged[-1]["id"] in {r.event_id for r in fold_roster(forged).refused}


def test_a_failed_check_is_not_remembered(tmp_path, checks):
    people = team(tmp_path, Clock())
    events = copy.deepcopy(people["ana"].store.roster_events())
    events[-1]["payload"]["sig"] = events[0]["payload"]["sig"]
    fold_roster(events)
    checks.clear()
    fold_roster(events)
    assert events[-1]["payload"]["device"] in checks  # asked again: a failure is never remembered


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_warm_fold_is_the_cold_fold_whatever_is_changed(tmp_path_factory, data):
    """Change any field of any roster event: folding with every earlier check remembered gives what a fold that
    checks everything gives."""
    root = tmp_path_factory.mktemp("warm")
    people = team(root, Clock(), members=("ben",))
    events = people["ana"].store.roster_events()
    for replica in people.values():
        replica.close()
    verified.forget()
    fold_roster(events)  # every genuine signature is remembered now
    changed = copy.deepcopy(events)
    target = data.draw(st.sampled_from(changed))
    where = data.draw(st.sampled_from(["hlc", "author", "replica", "kind", "payload"]))
    if where == "payload":
        name = data.draw(st.sampled_from(sorted(target["payload"])))
        target["payload"][name] = data.draw(st.one_of(st.text(max_size=8), st.integers(), st.none()))
    else:
        target[where] = data.draw(st.sampled_from([target[where] + "x", "ana", "ben", "member_set"]))
    warm = fold_roster(changed)
    verified.forget()
    cold = fold_roster(changed)
    assert (warm.version(), [(r.event_id, r.reason) for r in warm.refused]) == (
        cold.version(),
        [(r.event_id, r.reason) for r in cold.refused],
    )
