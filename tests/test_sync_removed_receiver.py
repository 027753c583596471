"""Through a real shared folder: an event naming someone already removed is the same conflict on every copy.

ana (a lead) removes cleo. ben's copy, as a modified client would, skips the command's
refusal and writes a new handoff for cleo and a reassignment to her; dora, who joined
earlier, takes in the folder in whatever order it comes. After `baton sync` everywhere,
every copy shows the same two conflicts in the command's words and the same handoffs.
"""

from __future__ import annotations

import pytest
from conftest import Wall
from sync_support import event_ids, projection, sync_once, teammate

from baton.core.ids import new_id
from baton.core.receiver_rules import removed_words
from baton.core.team import membership

REASON = removed_words("cleo", "ana")


@pytest.fixture
def crew(tmp_path, shared):
    """ana (lead), ben, cleo and dora on one team, on one wall clock (so "after the removal" is certain)."""
    wall = Wall()
    ana = teammate(tmp_path, "ana", shared, wall=wall, role="lead")
    membership.found(ana)
    membership.publish(ana, ana.catalog().get("relay").template.as_dict())
    sync_once(ana)
    people = [ana]
    for user in ("ben", "cleo", "dora"):
        mate = teammate(tmp_path, user, shared, wall=wall)
        code = membership.invite(ana, user, stages=["beta"])
        sync_once(ana)
        membership.join(mate, code)
        sync_once(mate)
        people.append(mate)
    settle(*people)
    return tuple(people)


def settle(*replicas):
    for _ in range(2):
        for replica in replicas:
            sync_once(replica)


def forge(replica, kind, payload, handoff=None):
    """What a modified client writes: the command's checks skipped; signed and exported like any event."""
    event = replica._event(handoff or new_id(), kind, payload)
    replica.store.append([event.row()])
    return event.id


def conflicts(replica):
    return sorted(tuple(r) for r in replica.store.query("SELECT event_id, kind, author, reason FROM conflicts"))


def test_a_forged_handoff_for_a_removed_member_is_the_same_conflict_everywhere(crew):
    ana, ben, cleo, dora = crew
    kept = ben.create("relay", "Named while cleo was on the team", "cleo")
    settle(ana, ben)
    membership.remove(ana, "cleo", reason="left the company")
    sync_once(ana)
    sync_once(ben)  # ben has seen the removal: his events are stamped after it
    template = ben.catalog().get("relay").template.as_dict()
    created = forge(ben, "created", {"template": template, "title": "For cleo anyway", "to": "cleo"})
    draft = ben.create("relay", "Acme rollout", "dora")
    moved = forge(ben, "reassigned", {"to": "cleo", "from": "ben"}, handoff=draft)
    sync_once(ben)
    settle(dora, cleo, ana, ben)
    expected = sorted([(created, "created", "ben", REASON), (moved, "reassigned", "ben", REASON)])
    for replica in (ana, ben, cleo, dora):
        assert conflicts(replica) == expected, replica.user
        assert replica.state(kept).receiver == "cleo"  # written before the removal: it stands
        assert replica.state(draft).sender == "ben"
    for other in (ben, cleo, dora):
        assert projection(other) == projection(ana), other.user
        assert event_ids(other) == event_ids(ana), other.user


def test_a_draft_written_before_the_removal_reached_its_writer_is_judged_by_its_stamp(crew):
    """ben names cleo after ana removed her, before ben's copy heard of it: taken there, refused once it has."""
    ana, ben, cleo, dora = crew
    membership.remove(ana, "cleo", reason="left the company")
    late = ben.create("relay", "Too late for cleo", "cleo")  # the command cannot know yet
    assert ben.state(late).receiver == "cleo"
    sync_once(ben)
    sync_once(dora)  # dora takes in ben's draft first, applies it, then the removal
    assert dora.state(late).receiver == "cleo"
    settle(ana, dora, ben, cleo)
    for replica in (ana, ben, cleo, dora):
        assert [(c[1], c[3]) for c in conflicts(replica)] == [("created", REASON)], replica.user
        assert not list(replica.store.query("SELECT id FROM handoffs WHERE id = ?", [late]))
    for other in (ben, cleo, dora):
        assert projection(other) == projection(ana), other.user
