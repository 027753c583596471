"""Through a real shared folder: nothing reaches someone already removed, and no draft written for them is lost.

ana (a lead) removes cleo. A draft ben writes for cleo after that stands on every copy,
with his answers, whether his copy had heard of the removal or not; what would hand work
to cleo (its send, a reassignment to her) is the same conflict on every copy, in the
command's words. ben gives the draft another receiver and sends it: that goes through
everywhere. dora takes in the folder in whatever order it comes.
"""

from __future__ import annotations

import pytest
from conftest import Wall
from sync_support import event_ids, fill, projection, sync_once, teammate

from baton.core.errors import NotAllowed
from baton.core.ids import new_id
from baton.core.receiver_change import change_receiver
from baton.core.receiver_rules import removed_words, unsent_words
from baton.core.team import membership

REASON = removed_words("cleo", "ana")
UNSENT = unsent_words("cleo", "ana")


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


def test_a_forged_handoff_for_a_removed_member_stands_and_its_send_is_the_same_conflict_everywhere(crew):
    ana, ben, cleo, dora = crew
    kept = ben.create("relay", "Named while cleo was on the team", "cleo")
    settle(ana, ben)
    membership.remove(ana, "cleo", reason="left the company")
    sync_once(ana)
    sync_once(ben)  # ben has seen the removal: his events are stamped after it
    template = ben.catalog().get("relay").template.as_dict()
    handoff = new_id()
    forge(ben, "created", {"template": template, "title": "For cleo anyway", "to": "cleo"}, handoff=handoff)
    sent = forge(ben, "sent", {}, handoff=handoff)
    draft = ben.create("relay", "Acme rollout", "dora")
    moved = forge(ben, "reassigned", {"to": "cleo", "from": "ben"}, handoff=draft)
    sync_once(ben)
    settle(dora, cleo, ana, ben)
    expected = sorted([(sent, "sent", "ben", UNSENT), (moved, "reassigned", "ben", REASON)])
    for replica in (ana, ben, cleo, dora):
        assert conflicts(replica) == expected, replica.user
        assert replica.state(kept).receiver == "cleo"  # written before the removal: it stands
        state = replica.state(handoff)  # written after it: it stands too, as ben's draft
        assert (state.sender, state.receiver, state.status) == ("ben", "cleo", "draft"), replica.user
        assert replica.state(draft).sender == "ben"
    for other in (ben, cleo, dora):
        assert projection(other) == projection(ana), other.user
        assert event_ids(other) == event_ids(ana), other.user


def test_a_draft_written_before_the_removal_reached_its_writer_survives_and_goes_to_someone_else(crew):
    """ben writes and sends a draft for cleo after ana removed her, before ben's copy heard of it."""
    ana, ben, cleo, dora = crew
    membership.remove(ana, "cleo", reason="left the company")
    late = ben.create("relay", "Too late for cleo", "cleo")  # the command cannot know yet
    fill(ben, late)
    answers = dict(ben.state(late).values)
    ben.send(late)  # his copy lets it out too: it has not heard of the removal
    assert ben.state(late).status == "sent"
    sync_once(ben)
    sync_once(dora)  # dora takes in ben's draft and send first, applies them, then the removal
    assert dora.state(late).status == "sent"
    settle(ana, dora, ben, cleo)
    for replica in (ana, ben, cleo, dora):
        state = replica.state(late)  # the draft is there, with every answer: only its send is refused
        assert (state.sender, state.receiver, state.status) == ("ben", "cleo", "draft"), replica.user
        assert state.values == answers, replica.user
        assert [(c[1], c[3]) for c in conflicts(replica)] == [("sent", UNSENT)], replica.user
    with pytest.raises(NotAllowed, match=f"^{UNSENT}$"):
        ben.send(late)  # now his copy knows: refused before anything is written
    change_receiver(ben, late, "dora")
    ben.send(late)
    settle(ben, ana, cleo, dora)
    for replica in (ana, ben, cleo, dora):
        state = replica.state(late)
        assert (state.sender, state.receiver, state.status) == ("ben", "dora", "sent"), replica.user
        assert state.values == answers, replica.user
        assert [(c[1], c[3]) for c in conflicts(replica)] == [("sent", UNSENT)], replica.user
    dora.accept(late)
    settle(dora, ana, ben, cleo)
    for other in (ben, cleo, dora):
        assert projection(other) == projection(ana), other.user
        assert other.state(late).status == "accepted", other.user
