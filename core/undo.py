"""Undo: a compensating event that takes back a person's last change, so the undo survives sync.

Which change is "your last", and the refusal to overwrite a value someone else
changed after you, are about what this person sees now, so they live here and
not in the rules; the compensating event itself meets the rules like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .allowed import LATER
from .errors import InvalidValue, NotAllowed
from .events import EventKind, LocalEvent
from .payloads import LEAD_KINDS
from .permissions import RuleContext
from .projection import HandoffState
from .rules import check
from .statuses import EDITABLE, status_said
from .values import display

if TYPE_CHECKING:
    from .replica import Replica

UNDOABLE = {"item_set", "item_cleared", "waived", "commented", "sent", "reassigned", "receiver_changed", "cancelled"}
"""The kinds of change undo can take back."""

ANSWERS = {"accepted": "accepted", "returned": "returned"}
"""A receiver's answers, in words: they cannot be undone (the sender or the next stage acts on them)."""


def _own_changes(state: HandoffState, user: str) -> list[dict[str, Any]]:
    """`user`'s changes undo can take back or must explain (an answer), oldest first, not undone yet."""
    return [
        e
        for e in state.applied
        if e["author"] == user
        and e["kind"] in UNDOABLE | ANSWERS.keys()
        and not e["payload"].get("undoes")
        and e["id"] not in state.undone
    ]


def undo_offered(state: HandoffState, user: str, ctx: RuleContext, lead: bool = False) -> bool:
    """Whether undo can take back `user`'s last change here now (`lead`: they act as a lead now).

    The app offers its undo key only then: a key that can only answer "nothing of yours" or "that cannot
    be undone" (an answer, a send already answered, a reassignment moved on since) is not shown, nor one the
    rules would refuse (`undo_refused`: a waiver taken back by a lead demoted since, the step given back to
    someone a lead has removed since).
    """
    mine = _own_changes(state, user)
    if not mine or mine[-1]["kind"] in ANSWERS:
        return False
    last = mine[-1]
    if last["kind"] == "sent" and state.status != "sent":
        return False  # a recall only before the receiver answers
    return _moved_on(state, last) is None and undo_refused(state, user, ctx, lead) is None


def undo_refused(state: HandoffState, user: str, ctx: RuleContext, lead: bool = False) -> str | None:
    """The rules' refusal of undoing `user`'s last change here now, in the words `baton undo` prints; None when
    the rules would take it (or there is nothing of theirs to take back: `last_own_change` says so).

    Asked of the event undo would write (`_taking_back`), as a command asks before it writes. A value put back
    is judged when it is written (someone else may have changed it since: `_value_back`).
    """
    mine = _own_changes(state, user)
    if not mine or mine[-1]["kind"] in ANSWERS or mine[-1]["kind"] in ("item_set", "item_cleared"):
        return None
    kind, payload, _ = _taking_back(state, mine[-1])
    if lead and kind in LEAD_KINDS:
        payload = {**payload, "as_lead": True}  # as this person's replica would write it (allowed.py asks alike)
    probe = {"id": "", "handoff": state.id, "kind": kind, "hlc": LATER, "at": 0, "author": user, "replica": "",
             "payload": payload}  # fmt: skip
    problem = check(state, probe, ctx)
    return None if problem is None else problem[1]


def undo_reopens(state: HandoffState, user: str) -> bool:
    """Whether `user`'s undo now reopens the handoff: their last change here is its cancellation.

    Only then may a screen say "Ctrl+Z reopens": to anyone else, or after a comment of theirs since, undo
    does something else (or nothing).
    """
    mine = _own_changes(state, user)
    return bool(mine) and mine[-1]["kind"] == "cancelled"


def last_own_change(state: HandoffState, user: str) -> dict[str, Any]:
    """`user`'s last change on the handoff that undo can take back (not an undo, not undone yet)."""
    mine = _own_changes(state, user)
    if mine and mine[-1]["kind"] in ANSWERS:
        # Saying "nothing to undo" to someone who just returned a handoff reads as a lost answer. Not allowed (exit
        # 5), as every step the handoff's state refuses.
        raise NotAllowed(
            f"you {ANSWERS[mine[-1]['kind']]} it, and that cannot be undone: the conversation goes on from there"
        )
    if not mine:
        raise InvalidValue("nothing of yours to undo on this handoff")
    return mine[-1]


def compensation(replica: Replica, state: HandoffState, last: dict[str, Any]) -> tuple[LocalEvent, str]:
    """The event that takes `last` back, and what it did in words."""
    if last["kind"] in ("item_set", "item_cleared"):
        return _value_back(replica, state, last)
    moved_on = _moved_on(state, last)
    if moved_on is not None:
        raise NotAllowed(moved_on)
    back_kind, back_payload, summary = _taking_back(state, last)
    return replica._event(state.id, back_kind, back_payload), summary


def _moved_on(state: HandoffState, last: dict[str, Any]) -> str | None:
    """Why a reassignment or a change of receiver can no longer be taken back (the handoff moved on since), or
    None: what `undo_offered` asks before offering the key and `compensation` before writing."""
    kind, to = last["kind"], last["payload"].get("to")
    if kind == "reassigned" and state.next_actor != to:
        return f"the next step is with {state.next_actor or 'nobody'} now, not {to}: the reassignment can no longer be undone"
    if kind == "receiver_changed" and (state.status not in EDITABLE or state.receiver != to):
        return (
            f"{status_said(state.status)} and goes to {state.receiver} now: the change of receiver can no "
            "longer be undone"
        )
    return None


def _taking_back(state: HandoffState, last: dict[str, Any]) -> tuple[EventKind, dict[str, Any], str]:
    """The kind and payload of the event that takes `last` back (not a value: `_value_back`), and what it does."""
    kind, payload = last["kind"], last["payload"]
    undoes = {"undoes": last["id"]}
    if kind == "waived":
        return "unwaived", {"item": payload["item"], **undoes}, f"withdrew the waiver on {payload['item']}"
    if kind == "commented":
        return "comment_retracted", {"comment": last["id"], **undoes}, "took back your comment"
    if kind == "sent":
        return "recalled", undoes, f"recalled the send to {state.receiver}"
    if kind == "reassigned":
        back = state.before[last["id"]]
        return "reassigned", {"to": back, "from": payload["to"], **undoes}, f"gave it back to {back}"
    if kind == "receiver_changed":
        back = state.before[last["id"]][0]
        return "receiver_changed", {"to": back, "from": payload["to"], **undoes}, f"made {back} the receiver again"
    return "reopened", undoes, "reopened the cancelled handoff"


def _value_back(replica: Replica, state: HandoffState, last: dict[str, Any]) -> tuple[LocalEvent, str]:
    """An item's value as it was before `last`, unless someone else changed it since."""
    before = state.before.get(last["id"])
    item_id = last["payload"]["item"]
    later = state.applied[state.applied.index(last) + 1 :]
    other = next(
        (
            e["author"]
            for e in later
            if e["kind"] in ("item_set", "item_cleared")
            and e["payload"].get("item") == item_id
            and e["author"] != replica.user
        ),
        None,
    )
    item = state.template.item(item_id) if state.template else None
    name = f'"{item.text}"' if item else item_id  # people know an item by its text, not its id
    if other:
        raise InvalidValue(f"{other} changed {name} after you; undo would overwrite their change")
    undoes = {"undoes": last["id"]}
    if before is None:
        return replica._event(state.id, "item_cleared", {"item": item_id, **undoes}), f"{name} is empty again"
    event = replica._event(state.id, "item_set", {"item": item_id, "value": before, **undoes})
    shown = display(item, before) if item else repr(before)
    return event, f"{name} is back to {shown}"
