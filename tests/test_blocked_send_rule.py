"""A blocked send is recorded only by whoever may send the handoff, while it can be sent, naming its own items.

`send_blocked` changes no state, but the leads' report counts it ("items that block sends most often") and
the history says who tried to send. It meets the send's own permission (the gate aside, which is why it was
written): a record by the receiver, on an accepted handoff, or naming items the checklist does not have, is
kept in the log and not applied, on every replica alike. The record `baton send` writes is applied.
"""

from __future__ import annotations

import random

import pytest
from team_support import Clock, forged, team, trade

from baton.core.demo import fill
from baton.core.errors import Blocked
from baton.core.replica import Replica

CHECKLIST = "sales-to-onboarding"


@pytest.fixture
def crew(tmp_path) -> dict[str, Replica]:
    people = team(tmp_path, Clock(), members=("ben", "cat"))
    yield people
    for replica in people.values():
        replica.close()


def blocked_draft(ana: Replica) -> tuple[str, list[str]]:
    """A draft of ana's for ben, and the items that block its send (recorded by ana's own `send`)."""
    handoff = ana.create(CHECKLIST, "Acme rollout", "ben")
    with pytest.raises(Blocked):
        ana.send(handoff)
    [(_, items)] = ana.state(handoff).blocked_sends
    return handoff, items


def recorded(crew: dict[str, Replica], handoff: str) -> list[tuple[list[str], list[str]]]:
    """On every replica: the blocked sends counted, and the reasons of the refused records."""
    trade(*crew.values())
    seen = []
    for replica in crew.values():
        state = replica.state(handoff)
        refused = [c.reason for c in state.conflicts if c.kind == "send_blocked"]
        seen.append(([i for _, items in state.blocked_sends for i in items], refused))
    assert all(one == seen[0] for one in seen), seen
    return seen[0]


def test_the_record_send_writes_is_applied_everywhere(crew) -> None:
    handoff, items = blocked_draft(crew["ana"])
    assert items and recorded(crew, handoff) == (items, [])
    [row] = crew["ben"].store.query("SELECT COUNT(*) FROM send_blocks WHERE handoff_id = ?", [handoff])
    assert row[0] == len(items)


def test_the_receiver_records_no_blocked_send(crew) -> None:
    handoff, items = blocked_draft(crew["ana"])
    trade(*crew.values())
    forged(crew["ben"], handoff, "send_blocked", {"items": items})
    forged(crew["cat"], handoff, "send_blocked", {"items": items})
    assert recorded(crew, handoff) == (items, ["only ana (the sender) can send it"] * 2)


def test_no_blocked_send_once_the_handoff_is_accepted(crew) -> None:
    ana, ben = crew["ana"], crew["ben"]
    handoff, items = blocked_draft(ana)
    fill(ana, handoff, ana.state(handoff).template, random.Random(3))
    ana.send(handoff)
    trade(*crew.values())
    ben.accept(handoff)
    trade(*crew.values())
    optional = next(i.id for i in ana.state(handoff).template.items if not i.required)
    for replica in (ben, ana):  # the receiver who owns it now, and its sender
        forged(replica, handoff, "send_blocked", {"items": [optional]})
    reason = "the handoff was already accepted: only a draft or returned handoff can be sent"
    assert recorded(crew, handoff) == (items, [reason, reason])


@pytest.mark.parametrize(
    ("items", "reason"),
    [
        (["no-such-item"], "the checklist has no item `no-such-item`"),
        ([], "a blocked send names the items that blocked it"),
        (None, "a blocked send names the items that blocked it"),
        ("twice", "a blocked send names each item once"),
    ],
)
def test_the_sender_names_only_items_of_the_checklist(crew, items, reason) -> None:
    ana = crew["ana"]
    handoff, blocking = blocked_draft(ana)
    payload = {"items": [blocking[0], blocking[0]] if items == "twice" else items}
    forged(ana, handoff, "send_blocked", payload)
    assert recorded(crew, handoff) == (blocking, [reason])
