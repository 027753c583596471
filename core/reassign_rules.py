"""Reassigning: who may take over a handoff's next step, checked for a command and for the fold alike.

`reassign` moves the next step: the sender of a draft or returned handoff, the
receiver of a sent or accepted one (projection._reassigned). A reassignment counts
only while the step is still with the person it moved it from (its `from`), so one
written on a copy that had not seen a send, a recall or another reassignment is a
conflict, never a silent take-over; and never to someone a lead had removed by the
reassignment's stamp (receiver_rules.py). The app offers only the people this rule would
take (`reassign_targets`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .field_rules import user_problem
from .payloads import EventDict
from .permissions import INVALID, NOT_ALLOWED, Problem, RuleContext, may_reassign
from .receiver_rules import removed_receiver
from .statuses import EDITABLE, status_said

if TYPE_CHECKING:
    from .projection import HandoffState


def reassigned(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    to = event["payload"].get("to")
    if state.status == "cancelled":
        return NOT_ALLOWED, status_said("cancelled")
    if not isinstance(to, str) or not to:
        return INVALID, "no one to reassign to"
    problem = may_reassign(state, event, ctx)
    if problem is not None:
        return problem
    was = event["payload"].get("from")  # whose step it moved as its writer saw it: moved since, it is another's
    if isinstance(was, str) and was != state.next_actor:  # (say a sender's draft, after a recall)
        return NOT_ALLOWED, f"the next step moved from {was or 'nobody'} to {state.next_actor or 'nobody'} meanwhile"
    named = user_problem(to)
    if named:
        return INVALID, named
    removed = removed_receiver(to, event, ctx)
    if removed is not None:
        return removed
    target = reassign_target_problem(state, to)
    return (INVALID, target) if target else None


def reassign_target_problem(state: HandoffState, to: str) -> str | None:
    """Why `to` cannot take over the next step: they have it already, or they are the other party."""
    if to == state.next_actor:
        return f"{to} already has it"
    editable = state.status in EDITABLE
    if to == (state.receiver if editable else state.sender):
        role = "receiver" if editable else "sender"
        return f"{to} is the {role}: sender and receiver must be two people"
    return None


def reassign_targets(state: HandoffState, people: Iterable[str]) -> list[str]:
    """Of `people`, those who could take over the next step (what the app offers to pick from)."""
    return [p for p in people if reassign_target_problem(state, p) is None]
