"""A change judged later than it claims (a demoted lead's late work, at its floor) meets roster changes that
arrive afterwards like any other: the handoff holding it is folded again, so every copy gives one verdict.

ben, a lead, is demoted by ana; his device, clock set back, reassigns his own draft to cal, a stamp before
dan removed cal. It is judged at the demotion, when cal stood removed: refused. ana's copy took the
reassignment in before dan's removal reached it; when the removal arrives, stamped before the demotion but
after the reassignment's claimed time, ana's copy must fold that handoff again, as dan's did.
"""

from __future__ import annotations

from sync_support import projection, sync_once, use_wall
from test_sync_retire_watermark import crew, join  # noqa: F401  (crew: a fixture)

from baton.core.hlc import Clock
from baton.core.team import membership


def test_a_removal_arriving_after_a_late_change_it_refuses_is_met_on_every_copy(tmp_path, shared, crew):  # noqa: F811
    people, wall = crew
    ana, ben, dan = people["ana"], people["ben"], people["dan"]
    cal = join(tmp_path, shared, ana, "cal", wall)
    membership.set_member(ana, "ben", role="lead")
    membership.set_member(ana, "dan", role="lead")
    draft = ben.create("relay", "Ben's draft", "ana")
    for replica in (ana, ben, dan, cal, ana, ben, dan):
        sync_once(replica)
    early = wall.now + 1
    membership.remove(dan, "cal")  # in dan's folder: it reaches ana only when dan syncs
    membership.set_member(ana, "ben", role="member")
    demotion = max(ana.store.roster_events(), key=lambda e: e["hlc"])
    assert demotion["payload"]["upto"]  # what ben's device signs past ana's mark is judged at the demotion
    use_wall(ben, lambda: early)
    ben.clock = Clock(ben.config.replica_id, None, wall=lambda: early)  # ben sets his clock back
    ben.reassign(draft, "cal")
    sync_once(ben)
    sync_once(ana)  # ana: the demotion and ben's late reassignment, not yet the removal
    sync_once(dan)  # dan: all of it
    sync_once(ana)  # now the removal, stamped before the demotion
    for replica in (ana, dan):
        assert replica.state(draft).next_actor == "ben", replica.user
    assert projection(ana)["conflicts"] == projection(dan)["conflicts"]
