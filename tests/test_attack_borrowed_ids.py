"""A member writing under a teammate's ids, in his own folder and signed by his own enrolled device.

Two copies of one event id are settled by a rule every replica applies; two `created` events of one
handoff by clock order. Before ids were bound to their writer (core/ids.py), a member could win both:
grind a copy of a teammate's event until its content hash was the lower (a `created` made her handoff
vanish, a lead's removal of him undid itself), or stamp a `created` of her handoff just before hers
(it became his). Now the real copy and the real start win on every replica, whatever the order the
files arrive in, and the forgery is reported.
"""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st
from sync_support import event_ids, projection, segments, sync_once, teammate
from test_sync_attacks import crew, same_everywhere, settle  # noqa: F401 - the fixture
from test_sync_trust import join

from baton.core.creators import CLAIMED
from baton.core.ids import bound_to, new_id
from baton.core.team import membership
from baton.core.team.roster import TEAM_STREAM
from baton.core.team.signing import sign_event
from baton.core.team.writing import device_key
from baton.sync import segment
from baton.sync.duplicates import canonical
from baton.sync.exporter import sealer
from baton.sync.run import sync_once as sync_report


def forged_segment(replica, events):
    """The next segment of `replica`'s own folder holding `events`, sealed with its own device key (a modified
    baton writing straight into the folder)."""
    last = segments(replica)[-1]
    seq = segment.parse_name(last.name).seq + 1
    key = device_key(replica.home)
    lines = [json.dumps({"v": 1, **e}, separators=(",", ":")).encode() for e in events]
    segment.write(last.parent, seq, lines, sealer(key, replica.config.replica_id, seq, segment.read(last).sha256))


def stored(replica, event_id):
    return next(iter(replica.store.rows_by_id([event_id])), None)


def row_of(event):
    return {**event, "handoff_id": event["handoff"], "payload": json.dumps(event["payload"])}


def lower_hash_copy(original, make):
    """A copy by `make(n)` whose content hash is below the original's: the copy the old rule kept."""
    goal = hashlib.sha256(canonical(row_of(original)).encode()).hexdigest()
    for n in range(1000):
        copy = make(n)
        if hashlib.sha256(canonical(row_of(copy)).encode()).hexdigest() < goal:
            return copy
    raise AssertionError("no copy below the original's hash in 1000 tries")


def whole_event(replica, event_id):
    row = replica.store.whole_row(stored(replica, event_id))
    return {**{k: row[k] for k in ("id", "kind", "hlc", "at", "author", "replica")}, "handoff": row["handoff_id"],
            "payload": json.loads(row["payload"])}  # fmt: skip


def problems(report):
    return " ".join(str(getattr(p, "reason", p)) for p in [*report.problems, *report.trust, *report.warnings])


def test_a_copy_of_a_teammates_start_under_its_id_loses_everywhere(crew, tmp_path, shared):  # noqa: F811
    """ben rewrites ana's `created` as a comment of his own, under its id: her handoff stays on every copy."""
    ana, ben, cleo, handoff = crew
    start = next(r["id"] for r in ana.store.event_rows() if r["handoff_id"] == handoff and r["kind"] == "created")
    original = whole_event(ana, start)
    assert bound_to(start, ana.config.replica_id)
    stamp = ben.clock.tick()

    def copy(n):
        return {**original, "kind": "commented", "hlc": stamp, "at": int(stamp[:16]), "author": "ben",
                "replica": ben.config.replica_id, "payload": {"text": f"noted {n}"}}  # fmt: skip

    forged_segment(ben, [lower_hash_copy(original, copy)])
    for replica in (ana, cleo):
        report = sync_report(replica)
        assert f"event {start[:8]}" in problems(report), replica.user
        assert replica.store.handoff_row(handoff)["sender"] == "ana", replica.user
        assert whole_event(replica, start)["kind"] == "created", replica.user
    dan = join(tmp_path, shared, ana, "dan")  # a newcomer meets both copies in one import
    settle(ana, cleo, dan)
    assert dan.store.handoff_row(handoff)["sender"] == "ana"
    same_everywhere(ana, cleo, dan)


def test_a_removed_member_rewriting_his_removal_under_its_id_stays_removed(crew, tmp_path, shared):  # noqa: F811
    ana, ben, cleo, handoff = crew
    removal = membership.remove(ana, "ben", reason="left the company")
    settle(ana, cleo)
    original = whole_event(ana, removal.id)
    stamp = ben.clock.tick()
    key = device_key(ben.home)

    def copy(n):
        event = {**original, "handoff": TEAM_STREAM, "kind": "member_set", "hlc": stamp, "at": int(stamp[:16]),
                 "author": "ben", "replica": ben.config.replica_id,
                 "payload": {"user": "ben", "name": f"Ben {n}"}}  # fmt: skip
        return sign_event(event, key)

    forged_segment(ben, [lower_hash_copy(original, copy)])
    for replica in (ana, cleo):
        sync_report(replica)
        assert replica.store.roster().member("ben") is None, replica.user
        assert whole_event(replica, removal.id)["kind"] == "member_removed", replica.user
    same_everywhere(ana, cleo)


def test_a_second_start_of_someone_elses_handoff_stamped_first_is_not_applied(crew, tmp_path, shared):  # noqa: F811
    ana, ben, cleo, handoff = crew
    start = whole_event(ana, next(r["id"] for r in ana.store.event_rows() if r["kind"] == "created"))
    before = dict(ana.store.handoff_row(handoff))
    earlier = f"{int(start['hlc'][:16]) - 1:016d}-0000-{ben.config.replica_id}"
    claim = {**start, "id": new_id(ben.config.replica_id), "hlc": earlier, "at": start["at"] - 1, "author": "ben",
             "replica": ben.config.replica_id,
             "payload": {**start["payload"], "title": "Hijacked by ben", "to": "cleo"}}  # fmt: skip
    forged_segment(ben, [claim])
    dan = join(tmp_path, shared, ana, "dan")
    settle(ana, cleo, dan)
    for replica in (ana, cleo, dan):
        row = dict(replica.store.handoff_row(handoff))
        assert (row["title"], row["sender"], row["receiver"]) == (before["title"], "ana", "ben"), replica.user
        conflicts = dict(replica.store.query("SELECT event_id, reason FROM conflicts"))
        assert conflicts.get(claim["id"]) == CLAIMED, replica.user
    same_everywhere(ana, cleo, dan)
    assert projection(ana)["handoffs"] == projection(dan)["handoffs"]
    assert claim["id"] in event_ids(dan)  # kept in the log, not applied: nothing is lost


writers = st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)


@given(writers, writers)
def test_an_id_is_bound_to_its_writer_alone(writer, other):
    made = new_id(writer)
    assert len(made) == 32 and int(made, 16) >= 0
    assert bound_to(made, writer)
    assert bound_to(made, other) == (other == writer)
    assert not bound_to(made.upper(), writer) or made == made.upper()


def test_ids_from_before_binding_and_odd_values_bind_nobody():
    assert not bound_to(new_id(), "0123456789abcdef")
    for odd in (None, 5, "", "abc", "0" * 31, "0" * 33):
        assert not bound_to(odd, "0123456789abcdef")
    assert not bound_to(new_id("0123456789abcdef"), None)


def test_a_fresh_copy_writes_bound_ids(crew):  # noqa: F811
    ana, ben, cleo, handoff = crew
    rid = ana.config.replica_id
    assert bound_to(handoff, rid)
    assert all(bound_to(r["id"], rid) for r in ana.store.event_rows() if r["replica"] == rid)
    sync_once(ana)


def test_a_start_of_the_draft_an_accept_opened_by_someone_else_is_not_applied(tmp_path):
    """The next draft's id is made from the accept's, so anyone who saw the accept can name it: cleo starts it
    as hers, stamped before ben's. ben's start is the one written where he accepted."""
    from conftest import Wall
    from test_chains import accepted, chained

    from baton.core.chains import open_next
    from baton.core.drafts import next_id
    from baton.core.events import Event
    from baton.core.replica import Replica

    shared = tmp_path / "shared"
    shared.mkdir()
    wall = Wall()
    ana, ben, cal, cleo = (teammate(tmp_path, user, shared, wall) for user in ("ana", "ben", "cal", "cleo"))
    people: list[Replica] = [ana, ben, cal, cleo]
    for person in people:
        chained(person)
    handoff = accepted(ana, ben, sync=sync_once)
    [opened] = open_next(ben, handoff)
    accept = ben.state(handoff).applied[-1]["id"]
    assert opened.handoff_id == next_id(accept, "onward") and bound_to(accept, ben.config.replica_id)
    start = whole_event(ben, next(r["id"] for r in ben.store.event_rows() if r["handoff_id"] == opened.handoff_id))
    earlier = f"{int(start['hlc'][:16]) - 1:016d}-0000-{cleo.config.replica_id}"
    claim = {**start, "id": new_id(cleo.config.replica_id), "hlc": earlier, "at": start["at"] - 1, "author": "cleo",
             "replica": cleo.config.replica_id, "payload": {**start["payload"], "title": "cleo's now"}}  # fmt: skip
    cleo.store.append([Event.model_validate({"v": 1, **claim}).row()], clock=earlier)
    for _ in range(2):
        for person in people:
            sync_once(person)
    for person in people:
        row = dict(person.store.handoff_row(opened.handoff_id))
        assert (row["sender"], row["title"]) == ("ben", "Acme rollout"), person.user
        conflicts = dict(person.store.query("SELECT event_id, reason FROM conflicts"))
        assert conflicts.get(claim["id"]) == CLAIMED, person.user
    assert all(projection(p) == projection(ana) for p in people)
