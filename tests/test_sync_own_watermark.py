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


def test_an_accept_sent_out_only_after_the_removal_came_in_is_withdrawn_on_his_own_copy(
    crew,  # noqa: F811 - the fixture imported above
    tmp_path,
    shared,
    monkeypatch,
):
    """His folder refused the export (full disk, a share gone read-only) while the removal came in; the accept
    went out on a later sync, when nothing new came in to fold it again."""
    import baton.sync.run as run

    ana, ben, cleo, _ = crew
    handoff = ana.create("sales-to-onboarding", "Acme rollout", "ben")
    fill(ana, handoff, ana.state(handoff).template, random.Random(2))
    ana.send(handoff)
    settle(ana, ben, cleo)
    accept = ben.accept(handoff)
    membership.remove(ana, "ben", reason="left the company")
    sync_once(ana)

    def refused(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    with monkeypatch.context() as patched:
        patched.setattr(run, "export", refused)
        report = sync_once(ben)  # the removal comes in; his accept stays here
    assert any("cannot export" in p.reason for p in report.problems), report.lines()
    assert ben.state(handoff).status == "accepted", "not sent out yet: nothing marks it as past the removal"
    sync_once(ben)  # now it goes out, in a segment past the removal's watermark
    for replica in (ana, cleo, ana):
        sync_once(replica)
    for replica in (ana, ben, cleo):
        state = replica.state(handoff)
        assert (state.status, state.owner) == ("sent", "ana"), replica.user
        assert accept.id in [c.event_id for c in state.conflicts], replica.user
    assert projection(ben) == projection(ana) == projection(cleo)
