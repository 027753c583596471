"""A reassignment applies only while the step is still with the person it moved it from.

Walked: ben sent a handoff to ana (a lead); ana reassigned it to dora; ben recalled his send while ana,
not having seen the recall, undid her reassignment. In clock order the undo ("dora → ana") met a draft
again in ben's hands, and being a lead's, it was applied there: ana became the draft's sender, taking
ben's own draft. Now a reassignment whose `from` is no longer the one with the next step is kept as a
conflict, on every replica alike.
"""

from __future__ import annotations

from conftest import GOOD_VALUES, write_relay
from sync_support import sync_once, teammate


def test_an_undone_reassignment_that_meets_a_recalled_send_is_a_conflict_not_a_taken_draft(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ana = teammate(tmp_path, "ana", shared, role="lead")
    ben = teammate(tmp_path, "ben", shared)
    for person in (ana, ben):
        write_relay(person.home.templates)
    handoff = ben.create("relay", "Acme rollout", "ana")
    for item_id, raw in GOOD_VALUES.items():
        ben.set_item(handoff, item_id, raw)
    ben.send(handoff)
    sync_once(ben), sync_once(ana)
    ana.reassign(handoff, "dora")
    sync_once(ana), sync_once(ben)
    assert ben.undo(handoff).summary.startswith("recalled")  # ben has not seen anything after this
    assert ana.undo(handoff).summary.startswith("gave it back")  # ana has not seen the recall
    for person in (ben, ana, ben):
        sync_once(person)
    for person in (ana, ben):
        state = person.state(handoff)
        assert (state.status, state.sender, state.next_actor) == ("draft", "ben", "ben"), person.user
        [conflict] = state.conflicts
        assert conflict.kind == "reassigned" and conflict.author == "ana"
        assert conflict.reason == "the next step moved from dora to ben meanwhile"


def test_a_reassignment_from_whoever_has_the_step_still_applies(tmp_path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    ana = teammate(tmp_path, "ana", shared)
    write_relay(ana.home.templates)
    handoff = ana.create("relay", "Acme rollout", "ben")
    ana.reassign(handoff, "cal")  # a draft: the sender's step moves to cal
    state = ana.state(handoff)
    assert (state.sender, state.next_actor, state.conflicts) == ("cal", "cal", [])
