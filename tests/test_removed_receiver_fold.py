"""The fold never hands work to someone a lead had already removed, and never loses a draft written for them.

A teammate whose copy has not heard of cal's removal may still write a draft for cal: its `created` is
stamped after the removal, and it stands, with every answer typed into it (the draft is the sender's).
What is refused, at its place in clock order and by the signed roster as it stood at that stamp, is
what would hand the work to cal: the send of a handoff whose receiver is cal, and a reassignment to
cal. Refused events are kept in the log, not applied, shown as a conflict in the command's own words,
on every replica alike. Before the removal, all of it stands.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from team_support import Clock, team, trade

from baton.core.demo import fill
from baton.core.errors import NotAllowed
from baton.core.ids import new_id
from baton.core.permissions import INVALID, NOT_ALLOWED, PAYLOAD_FLAG, RuleContext
from baton.core.projection import HandoffState
from baton.core.receiver_change import change_receiver
from baton.core.receiver_rules import removed_words, unsent_words
from baton.core.rules import check
from baton.core.store import Store
from baton.core.team import membership

REASON = removed_words("cal", "ana")
UNSENT = unsent_words("cal", "ana")
CHECKLIST = "sales-to-onboarding"


class CalGone(RuleContext):
    """A context in which cal was removed by ana before every event asked about."""

    __slots__ = ()

    def removed_by(self, user: str, event: Any) -> str | None:
        return "ana" if user == "cal" else None


def event(kind: str, author: str, payload: dict[str, Any], handoff: str = "h" * 32) -> dict[str, Any]:
    return {"id": new_id(), "handoff": handoff, "kind": kind, "hlc": "1", "at": 1, "author": author,
            "replica": "r", "payload": payload}  # fmt: skip


def creation(to: str) -> dict[str, Any]:
    template = {"id": "kit", "version": 1, "title": "Kit", "from_stage": "a", "to_stage": "b", "items": []}
    return event("created", "ben", {"template": template, "title": "Acme rollout", "to": to})


def draft(sender: str = "ben", receiver: str = "dora") -> HandoffState:
    return HandoffState(id="h" * 32, exists=True, sender=sender, receiver=receiver, status="draft")


def test_a_creation_for_someone_removed_by_then_stands() -> None:
    """Its writer may not have heard of the removal: what they write is kept; the send is what is refused."""
    assert check(HandoffState(id="h" * 32), creation("cal"), CalGone()) is None
    assert check(HandoffState(id="h" * 32), creation("dora"), CalGone()) is None


def test_the_rule_refuses_the_send_to_someone_removed_by_then() -> None:
    send = event("sent", "ben", {})
    assert check(draft(receiver="cal"), send, CalGone()) == (NOT_ALLOWED, UNSENT)
    # Without the removal the send goes on to its other checks (this draft has no checklist).
    assert check(draft(receiver="cal"), send, PAYLOAD_FLAG) == (INVALID, "the handoff has no checklist")
    # Not the sender: that refusal comes first, as it always did.
    assert check(draft(receiver="cal"), {**send, "author": "eve"}, CalGone()) == (
        NOT_ALLOWED,
        "only ben (the sender) can send it",
    )


def test_a_reopen_gives_back_what_was_sent_before_the_removal() -> None:
    """Refused, the handoff would stay cancelled with no way on; reopened, a lead reassigns it like any other."""
    cancelled = HandoffState(id="h" * 32, exists=True, sender="ben", receiver="cal", status="cancelled")
    cancelled.status_before, cancelled.cancelled_by = "sent", "ben"
    assert check(cancelled, event("reopened", "ben", {}), CalGone()) is None


def test_the_rule_refuses_a_receiver_change_to_someone_removed_by_then() -> None:
    changed = event("receiver_changed", "ben", {"to": "cal", "from": "dora"})
    assert check(draft(), changed, CalGone()) == (NOT_ALLOWED, REASON)
    assert check(draft(receiver="cal"), {**changed, "payload": {"to": "dora", "from": "cal"}}, CalGone()) is None


def test_the_rule_refuses_a_reassignment_to_someone_removed_by_then() -> None:
    moved = event("reassigned", "ben", {"to": "cal", "from": "ben"})
    assert check(draft(), moved, CalGone()) == (NOT_ALLOWED, REASON)
    assert check(draft(), {**moved, "payload": {"to": "eve", "from": "ben"}}, CalGone()) is None


def test_without_a_team_nobody_is_removed() -> None:
    assert PAYLOAD_FLAG.removed_by("cal", creation("cal")) is None
    assert check(HandoffState(id="h" * 32), creation("cal"), PAYLOAD_FLAG) is None


def forged(replica, kind: str, payload: dict[str, Any], handoff: str | None = None) -> str:
    """An event as a modified client writes it (the command's checks skipped, stored as usual); its handoff."""
    written = replica._event(handoff or new_id(), kind, payload)
    replica.store.append([written.row()])
    return written.handoff


def relay_payload(replica, to: str) -> dict[str, Any]:
    return {"template": replica.catalog().get(CHECKLIST).template.as_dict(), "title": "Acme rollout", "to": to}


def conflicts_of(replica, handoff: str) -> list[tuple[str, str, str]]:
    query = "SELECT kind, author, reason FROM conflicts WHERE handoff_id = ? ORDER BY at"
    return [tuple(r) for r in replica.store.query(query, [handoff])]


def test_on_a_real_team_what_would_reach_a_removed_member_is_refused_and_nothing_else(tmp_path: Path) -> None:
    people = team(tmp_path, Clock(), members=("ben", "cal", "dora"))
    ana, ben = people["ana"], people["ben"]
    before = ben.create(CHECKLIST, "Named before the removal", "cal")
    trade(*people.values())
    membership.remove(ana, "cal", reason="left the company")
    trade(*people.values())
    after = forged(ben, "created", relay_payload(ben, "cal"))
    ben.set_item(after, "seats", "40")  # his answers count: the draft is his
    forged(ben, "sent", {}, handoff=after)
    moved = forged(ben, "reassigned", {"to": "cal", "from": "ben"}, handoff=ben.create(CHECKLIST, "Acme", "dora"))
    with pytest.raises(NotAllowed, match=f"^{UNSENT}$"):
        ben.send(before)  # the command meets the rule first: nothing written
    trade(*people.values())
    for replica in people.values():
        assert replica.state(before).receiver == "cal"  # written while cal was on the team: it stands
        kept = replica.state(after)  # written after: it stands too, as ben's draft, with his answer
        assert (kept.sender, kept.receiver, kept.status, kept.values["seats"]) == ("ben", "cal", "draft", 40)
        assert conflicts_of(replica, after) == [("sent", "ben", UNSENT)]
        assert conflicts_of(replica, before) == []
        other = replica.state(moved)
        assert other.sender == "ben" and [c.reason for c in other.conflicts] == [REASON]
        assert replica.store.handoff_row(moved)["conflicts"] == 1


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_arrival_order_never_changes_the_outcome(tmp_path: Path, data: st.DataObject) -> None:
    """The removal and the events naming cal reach a copy in any order and in any two batches: the same state."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    people = team(root, Clock(), members=("ben", "cal"))
    ana, ben = people["ana"], people["ben"]
    base = {row["id"] for row in ana.store.event_rows()}
    early = ben.create(CHECKLIST, "Named before the removal", "cal")
    trade(ana, ben)
    membership.remove(ana, "cal", reason="left the company")
    late = ben.create(CHECKLIST, "Before ben knew", "cal")  # ben has not seen the removal: the command lets it by
    fill(ben, late, ben.state(late).template, random.Random(7))
    ben.send(late)  # on his copy it goes out: stamped after the removal, it is refused once the removal is in
    trade(ana, ben)
    change_receiver(ben, late, "ana")
    ben.send(late)
    forged(ben, "created", relay_payload(ben, "cal"))
    forged(ben, "reassigned", {"to": "cal", "from": "ben"}, handoff=ben.create(CHECKLIST, "Acme", "ana"))
    rows = [row for row in ben.store.event_rows() if row["id"] not in base]
    query = "SELECT id, receiver, status, conflicts FROM handoffs"
    expected = {r[0]: tuple(r[1:]) for r in ben.store.query(query)}
    assert expected[early] == ("cal", "draft", 0)
    assert expected[late] == ("ana", "sent", 1)  # ben's own copy folded his first send again: refused
    order = data.draw(st.permutations(range(len(rows))), label="order")
    cut = data.draw(st.integers(min_value=0, max_value=len(rows)), label="cut")
    store = Store(root / "fresh.db")
    try:
        store.append([row for row in ana.store.event_rows() if row["id"] in base])
        shuffled = [rows[i] for i in order]
        for batch in (shuffled[:cut], shuffled[cut:]):
            for row in batch:
                store.append([row])
        got = {r[0]: tuple(r[1:]) for r in store.query(query)}
        assert got == expected
        assert {r[0] for r in store.query("SELECT event_id FROM conflicts")} == {
            r[0] for r in ben.store.query("SELECT event_id FROM conflicts")
        }
        assert store.state(late).values == ben.state(late).values  # every answer he typed, on every copy
    finally:
        store.close()
        for replica in people.values():
            replica.close()
