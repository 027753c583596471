"""A removal's watermark withdraws the same events on the removed person's own copy as on every other.

A lead removes ben while ben, not having heard yet, accepts a handoff. The removal names the last segment
of ben's folder the lead had taken in; ben's accept comes in a later one, so every copy keeps it in the log
and does not apply it. Ben's own copy applied it all the same, for good: it never recorded which of its own
segments carried which event (sync/exporter.py now does, as an import does for a teammate's).
"""

from __future__ import annotations

import random

from sync_support import projection, sync_once
from test_sync_attacks import crew, settle  # noqa: F401 - the fixture
from test_sync_trust import join

from baton.core.demo import fill
from baton.core.team import membership


def test_an_accept_written_as_its_writer_was_removed_is_withdrawn_on_his_own_copy_too(crew, tmp_path, shared):  # noqa: F811
    ana, ben, cleo, _ = crew
    handoff = ana.create("sales-to-onboarding", "Acme rollout", "ben")
    fill(ana, handoff, ana.state(handoff).template, random.Random(1))
    ana.send(handoff)
    settle(ana, ben, cleo)
    accept = ben.accept(handoff)  # not synced yet: ana removes ben without having seen it
    membership.remove(ana, "ben", reason="left the company")
    for replica in (ben, ana, cleo, ben, ana, cleo):
        sync_once(replica)
    dan = join(tmp_path, shared, ana, "dan")
    settle(ana, ben, cleo, dan)
    for replica in (ana, ben, cleo, dan):
        state = replica.state(handoff)
        assert (state.status, state.owner) == ("sent", "ana"), replica.user
        assert accept.id in [c.event_id for c in state.conflicts], replica.user
    assert projection(ben) == projection(ana) == projection(cleo) == projection(dan)
