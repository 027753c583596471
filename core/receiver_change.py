"""Changing a draft's receiver: before it goes out, its sender (or a lead) names someone else to receive it.

`reassign` moves the next step, and on a draft that step is the sender's; so a draft
whose receiver was removed from the team, or is simply the wrong person, needs a
change of its own: a `receiver_changed` event (`to`, and `from`: the receiver its
writer saw). A kind of its own rather than a field on `reassigned`: nothing that reads
reassignments (send rounds, undo, a report) can take it for a move of the step, and
an older baton keeps it aside until it is upgraded (event_check.py) instead of
applying it as a reassignment of the sender.

The rule is one for a command and for the fold: only on a draft or a returned
handoff, by its sender or a lead (permissions.may_change_receiver); only while the
receiver is still the one its writer saw (two copies changing it apart: the later
by clock order is a conflict); never the sender, and never someone a lead had
removed by the event's stamp (receiver_rules.py). The app offers exactly
`receiver_targets`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .field_rules import user_problem
from .payloads import EventDict
from .permissions import INVALID, NOT_ALLOWED, Problem, RuleContext, may_change_receiver
from .receiver_rules import removed_receiver

if TYPE_CHECKING:
    from .events import LocalEvent
    from .projection import HandoffState
    from .replica import Replica

SAME_PERSON = "the receiver must be someone else: a handoff moves work between two people"


def receiver_target_problem(state: HandoffState, to: str) -> str | None:
    """Why `to` cannot become the receiver: they are it already, or they are the sender."""
    if to == state.receiver:
        return f"{to} is already the receiver"
    if to == state.sender:
        return SAME_PERSON
    return None


def receiver_targets(state: HandoffState, people: Iterable[str]) -> list[str]:
    """Of `people`, those who could become the receiver (what the app offers to pick from)."""
    return [p for p in people if receiver_target_problem(state, p) is None]


def receiver_changed(state: HandoffState, event: EventDict, ctx: RuleContext) -> Problem:
    """The rule of a `receiver_changed` event, at its place in clock order."""
    problem = may_change_receiver(state, event, ctx)
    if problem is not None:
        return problem
    payload = event["payload"]
    to, was = payload.get("to"), payload.get("from")
    if type(was) is not str:
        return INVALID, "no receiver it changes from"
    if was != state.receiver:
        return NOT_ALLOWED, f"the receiver changed from {was} to {state.receiver} meanwhile"
    named = user_problem(to)
    if named:
        return INVALID, named
    assert isinstance(to, str)
    target = receiver_target_problem(state, to)
    if target:
        return INVALID, target
    return removed_receiver(to, event, ctx)


def apply_receiver_change(state: HandoffState, event: dict[str, Any]) -> str:
    """The fold's part: the new receiver. A route a stage picked no longer says who receives it, unless an undo
    gives the routed receiver back."""
    payload = event["payload"]
    to = payload["to"]
    old = state.receiver
    state.before[event["id"]] = (old, state.route)
    before = state.before.get(payload.get("undoes") or "")
    state.route = before[1] if isinstance(before, tuple) and before[0] == to else None
    state.receiver = to
    return f"changed the receiver from {old} to {to}"


def change_receiver(replica: Replica, handoff: str, to: str, new_teammate: bool = True) -> LocalEvent:
    """Name `to` as the receiver of a draft or returned handoff. Never someone a lead removed; a typed near-miss
    of a teammate's name is refused unless `new_teammate` (receivers.py). The app and the command line call this."""
    from .receivers import check_receiver

    check_receiver(replica, to, new_teammate)
    return replica._change(
        handoff, lambda state: replica._event(state.id, "receiver_changed", {"to": to, "from": state.receiver})
    )
