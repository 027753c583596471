"""The fold refuses an event that names someone a lead had already removed as whom the work goes to.

A modified client can skip the command's refusal (`new --to cal`, `reassign --to cal` after cal's
removal). Its event still meets the rule at its place in clock order, by the signed roster as it
stood at that event's stamp: kept in the log, not applied, shown as a conflict in the command's own
words, on every replica alike. An event stamped before the removal stands.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from team_support import Clock, team, trade

from baton.core.ids import new_id
from baton.core.permissions import NOT_ALLOWED, PAYLOAD_FLAG, RuleContext
from baton.core.projection import HandoffState
from baton.core.receiver_rules import removed_words
from baton.core.rules import check
from baton.core.store import Store
from baton.core.team import membership

REASON = removed_words("cal", "ana")
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


def test_the_rule_refuses_a_creation_for_someone_removed_by_then() -> None:
    assert check(HandoffState(id="h" * 32), creation("cal"), CalGone()) == (NOT_ALLOWED, REASON)
    assert check(HandoffState(id="h" * 32), creation("dora"), CalGone()) is None


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


def test_on_a_real_team_the_removal_stamp_divides_before_from_after(tmp_path: Path) -> None:
    people = team(tmp_path, Clock(), members=("ben", "cal", "dora"))
    ana, ben = people["ana"], people["ben"]
    before = ben.create(CHECKLIST, "Named before the removal", "cal")
    trade(*people.values())
    membership.remove(ana, "cal", reason="left the company")
    trade(*people.values())
    after = forged(ben, "created", relay_payload(ben, "cal"))
    moved = forged(ben, "reassigned", {"to": "cal", "from": "ben"}, handoff=ben.create(CHECKLIST, "Acme", "dora"))
    trade(*people.values())
    for replica in people.values():
        assert replica.state(before).receiver == "cal"  # written while cal was on the team: it stands
        assert not list(replica.store.query("SELECT id FROM handoffs WHERE id = ?", [after]))  # on no copy
        assert [
            tuple(r)
            for r in replica.store.query("SELECT kind, author, reason FROM conflicts WHERE handoff_id = ?", [after])
        ] == [("created", "ben", REASON)]
        other = replica.state(moved)
        assert other.sender == "ben" and [c.reason for c in other.conflicts] == [REASON]
        assert replica.store.handoff_row(moved)["conflicts"] == 1


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(6)), cut=st.integers(min_value=0, max_value=6))
def test_arrival_order_never_changes_the_outcome(tmp_path: Path, order: list[int], cut: int) -> None:
    """The removal and the events naming cal reach a copy in any order and in any two batches: the same state."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    people = team(root, Clock(), members=("ben", "cal"))
    ana, ben = people["ana"], people["ben"]
    base = {row["id"] for row in ana.store.event_rows()}
    early = ben.create(CHECKLIST, "Named before the removal", "cal")
    trade(ana, ben)
    membership.remove(ana, "cal", reason="left the company")
    late = ben.create(CHECKLIST, "Before ben knew", "cal")  # ben has not seen the removal: the command lets it by
    trade(ana, ben)
    forged(ben, "created", relay_payload(ben, "cal"))
    forged(ben, "reassigned", {"to": "cal", "from": "ben"}, handoff=ben.create(CHECKLIST, "Acme", "ana"))
    rows = [row for row in ben.store.event_rows() if row["id"] not in base]
    assert len(rows) == 6
    expected = {r[0]: (r[1], r[2]) for r in ben.store.query("SELECT id, receiver, conflicts FROM handoffs")}
    assert expected[early] == ("cal", 0) and late not in expected  # ben's own copy folded his draft again
    store = Store(root / "fresh.db")
    try:
        store.append([row for row in ana.store.event_rows() if row["id"] in base])
        shuffled = [rows[i] for i in order]
        for batch in (shuffled[:cut], shuffled[cut:]):
            for row in batch:
                store.append([row])
        got = {r[0]: (r[1], r[2]) for r in store.query("SELECT id, receiver, conflicts FROM handoffs")}
        assert got == expected
        assert {r[0] for r in store.query("SELECT event_id FROM conflicts")} == {
            r[0] for r in ben.store.query("SELECT event_id FROM conflicts")
        }
    finally:
        store.close()
        for replica in people.values():
            replica.close()
