"""Taking back your own reassignment gives the step back to whoever held it before, and to nobody else.

The undo exemption lets the person who reassigned a step take it back while it still sits with the person
they gave it to. A modified baton wrote that undo naming a third person: the step moved on, everywhere,
from a person who no longer held it. Now such an undo is not applied on any copy.
"""

from __future__ import annotations

import random

from sync_support import projection, sync_once
from test_sync_attacks import baton_sync, crew, raw, settle  # noqa: F401 - the fixture
from test_sync_trust import join

from baton.core.demo import fill


def sent_to_ben(ana, ben, cleo):
    handoff = ana.create("sales-to-onboarding", "Acme rollout", "ben")
    fill(ana, handoff, ana.state(handoff).template, random.Random(1))
    ana.send(handoff)
    settle(ana, ben, cleo)
    return handoff


def test_an_undo_naming_someone_else_is_not_applied_anywhere(crew, tmp_path, shared, monkeypatch):  # noqa: F811
    ana, ben, cleo, _ = crew
    dan = join(tmp_path, shared, ana, "dan")
    handoff = sent_to_ben(ana, ben, cleo)
    first = ben.reassign(handoff, "cleo")
    settle(ben, ana, cleo, dan)
    forged = raw(ben, "reassigned", handoff, {"to": "dan", "from": "cleo", "undoes": first.id})
    for replica in (ben, ana, cleo, dan, ben):
        baton_sync(replica, monkeypatch)
    for replica in (ana, ben, cleo, dan):
        state = replica.state(handoff)
        assert state.next_actor == "cleo", replica.user
        assert forged["id"] in [c.event_id for c in state.conflicts], replica.user
    assert projection(ana) == projection(cleo) == projection(ben) == projection(dan)


def test_a_real_undo_still_gives_the_step_back(crew):  # noqa: F811
    ana, ben, cleo, _ = crew
    handoff = sent_to_ben(ana, ben, cleo)
    ben.reassign(handoff, "cleo")
    ben.undo(handoff)
    for replica in (ben, ana, cleo):
        sync_once(replica)
    for replica in (ana, ben, cleo):
        state = replica.state(handoff)
        assert state.next_actor == "ben" and state.conflicts == [], replica.user
