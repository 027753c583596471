"""The statuses of a handoff and the sets the rules and queues speak of.

```
draft --send--> sent --accept--> accepted
  ^               |
  +--- returned <-+ return          any open status --cancel--> cancelled
```
Plain tuples (and their SQL spelling) so that fast paths can import them without pydantic.
"""

from __future__ import annotations

STATUSES = ("draft", "sent", "returned", "accepted", "cancelled")
"""Every status, in lifecycle order."""
OPEN = ("draft", "sent", "returned")
"""Still moving: someone has a step to take before it is settled."""
EDITABLE = ("draft", "returned")
"""The sender holds it: the checklist can change and it can be sent."""
WITH_RECEIVER = ("sent", "accepted")
"""The receiver holds the next step (answering, or the work itself once accepted)."""
CLOSED = ("accepted", "cancelled")
"""Settled: nothing is waiting on anyone in the handoff itself."""


STATUS_SAID = {
    "draft": "the handoff is still a draft",
    "sent": "the handoff was sent",
    "returned": "the handoff was returned",
    "accepted": "the handoff was already accepted",
    "cancelled": "the handoff was cancelled",
}
"""Where a handoff stands, as a refusal begins with it ("the handoff is still a draft: only a sent handoff can be
returned"), never the bare status word ("the handoff is draft")."""


def status_said(status: str) -> str:
    """`the handoff is still a draft`, `the handoff was already accepted`: a status in a sentence."""
    return STATUS_SAID.get(status, f"the handoff is {status}")


def sql_in(statuses: tuple[str, ...]) -> str:
    """`('draft', 'sent', 'returned')`: a status set as an SQL list (the names are fixed words, never input)."""
    return "(" + ", ".join(f"'{s}'" for s in statuses) + ")"
