"""A dishonest writer with a genuine key: two signed versions of one segment, seen in different orders.

A teammate who had the first version and one who joins after the rewrite must end up
with the same events: the team never splits for good.
"""

from __future__ import annotations

import pytest
from sync_support import segments, sync_once, teammate

from baton.core.team import membership
from baton.sync import duplicates, segment
from baton.sync.exporter import sealer


@pytest.fixture
def shared(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    return folder


def join(tmp_path, shared, lead, user):
    mate = teammate(tmp_path, user, shared)
    code = membership.invite(lead, user, stages=["beta"])
    sync_once(lead)
    membership.join(mate, code)
    sync_once(mate)
    return mate


def comments(replica):
    return sorted(r[0] for r in replica.store.query("SELECT text FROM comments"))


def rewrite(ana, lowest: bool):
    """Ana's last segment with her comment's budget changed, signed again with her own key.

    The new budget is chosen so that the rewritten event has the lower content hash (`lowest`)
    or the higher one than the genuine event: the rule of one id with two contents by content
    alone would keep the rewritten copy in one of the two cases.
    """
    genuine = segments(ana)[-1]
    seq = segment.parse_name(genuine.name).seq
    found = segment.read(genuine)
    stored = ana.store.whole_row(ana.store.conn.execute("SELECT * FROM events WHERE kind = 'commented'").fetchone())
    for budget in (f"{n}k" for n in range(11, 99)):
        forged = {**stored, "payload": stored["payload"].replace("10k", budget)}
        if (duplicates.genuine([stored, forged]) is forged) == lowest:
            break
    lines = [line.replace(b"10k", budget.encode()) for line in found.lines]
    key = membership.device_key(ana.home)
    segment.write(genuine.parent, seq, lines, sealer(key, ana.config.replica_id, seq, found.seal.prev))
    genuine.unlink()
    return seq, budget


@pytest.mark.parametrize("lowest", [True, False], ids=["rewritten-hash-lower", "rewritten-hash-higher"])
def test_a_segment_rewritten_and_re_signed_by_its_own_writer_does_not_split_the_team(tmp_path, shared, lowest):
    ana = teammate(tmp_path, "ana", shared, role="lead")
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, shared, ana, "ben")
    sync_once(ana)
    handoff = ana.create("relay", "Acme deal", "ben")
    sync_once(ana)
    ana.comment(handoff, "the budget is 10k")
    sync_once(ana)
    sync_once(ben)
    assert "the budget is 10k" in comments(ben)
    seq, _ = rewrite(ana, lowest)
    cleo = join(tmp_path, shared, ana, "cleo")
    for _ in range(2):
        for replica in (ben, cleo, ana):
            report = sync_once(replica)
            assert any("TAMPERING" in w and f"{seq:06d}" in w for w in report.warnings)
    assert "the budget is 10k" in comments(ana)
    assert comments(ben) == comments(cleo) == comments(ana)


@pytest.mark.parametrize("lowest", [True, False], ids=["rewritten-hash-lower", "rewritten-hash-higher"])
def test_a_teammate_who_took_in_the_rewritten_copy_first_comes_back_to_the_genuine_one(tmp_path, shared, lowest):
    ana = teammate(tmp_path, "ana", shared, role="lead")
    membership.found(ana)
    sync_once(ana)
    ben = join(tmp_path, shared, ana, "ben")
    handoff = ana.create("relay", "Acme deal", "ben")
    ana.comment(handoff, "the budget is 10k")
    code = membership.invite(ana, "cleo", stages=["beta"])
    sync_once(ana)
    sync_once(ben)
    seq, budget = rewrite(ana, lowest)
    cleo = teammate(tmp_path, "cleo", shared)
    membership.join(cleo, code)
    sync_once(cleo)  # only the rewritten copy is in the folder: cleo takes it in
    assert f"the budget is {budget}" in comments(cleo)
    sync_once(ana)  # ana writes her genuine segment back
    report = sync_once(cleo)  # two copies, nothing after them yet: settled by content, the same for ben and cleo
    assert any("TAMPERING" in w and f"{seq:06d}" in w for w in report.warnings)
    sync_once(ben)
    assert comments(ben) == comments(cleo)
    ana.comment(handoff, "signed off")
    sync_once(ana)  # ana's next segment follows the genuine copy: the chain decides
    for replica in (ben, cleo, ana):
        sync_once(replica)
    assert "the budget is 10k" in comments(cleo)
    assert f"the budget is {budget}" not in comments(cleo)
    assert comments(ben) == comments(cleo) == comments(ana)
