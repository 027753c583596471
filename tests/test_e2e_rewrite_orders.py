"""A segment rewritten and signed again by its writer's own key, met by teammates in any order of syncs.

Whoever syncs when (before or after the writer puts its genuine segment back, before
or after its next segment), once the writer has written again every replica holds
the genuine events: the chain decides, not the order of arrival nor the content hash.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_support import sync_once, teammate
from test_e2e_folder import comments, rewrite

from baton.core.team import membership


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lowest=st.booleans(), steps=st.lists(st.sampled_from(["ana", "ana writes", "ben", "cleo"]), max_size=6))
def test_every_order_of_syncs_reaches_the_genuine_segment(lowest, steps):
    with tempfile.TemporaryDirectory() as root:
        tmp = Path(root)
        shared = tmp / "shared"
        shared.mkdir()
        ana = teammate(tmp, "ana", shared, role="lead")
        membership.found(ana)
        sync_once(ana)
        ben = teammate(tmp, "ben", shared)
        membership.join(ben, membership.invite(ana, "ben"))
        handoff = ana.create("relay", "Acme deal", "ben")
        ana.comment(handoff, "the budget is 10k")
        code = membership.invite(ana, "cleo")
        sync_once(ana)
        sync_once(ben)
        rewrite(ana, lowest)
        cleo = None
        for step in steps:
            if step == "ana writes":
                ana.comment(handoff, "one more thing")
                sync_once(ana)
            elif step == "cleo":
                if cleo is None:
                    cleo = teammate(tmp, "cleo", shared)
                    membership.join(cleo, code)
                sync_once(cleo)
            else:
                sync_once(ana if step == "ana" else ben)
        if cleo is None:
            cleo = teammate(tmp, "cleo", shared)
            membership.join(cleo, code)
        ana.comment(handoff, "signed off")
        for _ in range(2):
            for replica in (ana, ben, cleo):
                sync_once(replica)
        assert "the budget is 10k" in comments(ana)
        assert comments(ben) == comments(cleo) == comments(ana)
        for replica in (ana, ben, cleo):
            replica.close()
